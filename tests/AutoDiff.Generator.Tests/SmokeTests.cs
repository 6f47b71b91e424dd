using System;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Generator.Tests;

public class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Rosenbrock()
    {
        var result = GeneratorHarness.Run("""
            using System;
            using AutoDiff;
            namespace Demo;
            public static partial class Objectives
            {
                [Differentiable]
                public static double Rosenbrock(ReadOnlySpan<double> x)
                {
                    double a = 1 - x[0], b = x[1] - x[0] * x[0];
                    double s = a * a;
                    s += 100 * b * b + Math.Exp(Math.Sin(a) / b);
                    return s;
                }
            }
            """);
        foreach (var s in result.Sources) output.WriteLine(s.Value);
        foreach (var d in result.GeneratorDiagnostics) output.WriteLine(d.ToString());
        foreach (var d in result.CompilationDiagnostics) output.WriteLine(d.ToString());
        Assert.Empty(result.CompilationDiagnostics);
    }
}
