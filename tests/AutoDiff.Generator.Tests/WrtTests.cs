using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// <c>[Differentiable(Wrt = ...)]</c> names the parameters to differentiate; the others are constants, exactly as if
/// marked <c>[Constant]</c>. ADG0021 refuses a name that is not a differentiable parameter; ADG0022 (info) points at a
/// data array differentiated by default.
/// </summary>
public class WrtTests
{
    private const string Body = """
            {
                double sum = 0;
                for (int i = 0; i < t.Length; i++)
                {
                    double r = p[0] * t[i] + p[1] - y[i];
                    sum += r * r;
                }
                return sum;
            }
        """;

    [Theory]
    [InlineData("[Differentiable(Wrt = [nameof(p)])]")]
    [InlineData("[Differentiable(Wrt = new[] { nameof(p) })]")]
    [InlineData("[Differentiable(Derivatives.Gradient, Wrt = new string[] { \"p\" })]")]
    public void WrtGeneratesExactlyWhatConstantOnTheOthersGenerates(string attribute)
    {
        // The same line layout in both, so comments and #line directives agree too.
        string withWrt = Source(attribute, "ReadOnlySpan<double> p, double[] t, double[] y");
        string constant = Source(attribute.Contains("Gradient", StringComparison.Ordinal) ? "[Differentiable(Derivatives.Gradient)]" : "[Differentiable]", "ReadOnlySpan<double> p, [Constant] double[] t, [Constant] double[] y");

        var wrt = GeneratorHarness.Run(withWrt);
        var expected = GeneratorHarness.Run(constant);

        Assert.Empty(wrt.GeneratorDiagnostics);
        Assert.Empty(wrt.CompilationDiagnostics);
        Assert.Empty(expected.GeneratorDiagnostics);
        var generated = Assert.Single(wrt.Sources);
        Assert.Equal(Assert.Single(expected.Sources), generated);

        // Only p has a gradient output: LossGradient(p, t, y, Span<double> gradient).
        var type = wrt.Compilation.GetTypeByMetadataName("Objectives")!;
        var gradient = Assert.Single(type.GetMembers("LossGradient").OfType<IMethodSymbol>());
        Assert.Equal(new[] { "p", "t", "y", "gradient" }, gradient.Parameters.Select(q => q.Name));
    }

    [Theory]
    [InlineData("[Differentiable(Wrt = [nameof(p), [|\"q\"|]])]", "is not a parameter of 'Loss'; name one of: p, t, y")]
    [InlineData("[Differentiable(Wrt = new[] { [|\"n\"|] })]", "is of type 'int', which is data")]
    [InlineData("[Differentiable(Wrt = [nameof(p), [|nameof(s)|]])]", "is marked [Constant]")]
    public void AWrtNameThatIsNotADifferentiableParameterIsADG0021AtTheName(string attribute, string problem)
    {
        var (source, span) = DiagnosticTests.Unmark(Source(attribute, "ReadOnlySpan<double> p, double[] t, double[] y, int n, [Constant] double s"));

        var output = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("ADG0021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains(problem, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void DataArraysNextToAVectorAreADG0022InfoAtEachParameter()
    {
        var output = GeneratorHarness.Run(Source("[Differentiable]", "ReadOnlySpan<double> p, double[] t, double[] y"));

        Assert.Equal(new[] { "ADG0022", "ADG0022" }, output.GeneratorDiagnostics.Select(d => d.Id));
        Assert.All(output.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        var text = output.Compilation.SyntaxTrees.First().ToString();
        Assert.Equal(new[] { "double[] t", "double[] y" }, output.GeneratorDiagnostics.Select(d => text.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)));
        Assert.Contains(
            "Parameter 't' of 'Loss' is differentiated (its gradient is an output of 'LossGradient'), but the method only reads its elements next to the vector 'p'; if it is data, mark it [Constant] or name the parameters to differentiate with Wrt",
            output.GeneratorDiagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)));

        // Info does not stop generation: the members are generated as before.
        Assert.Single(output.Sources);
        Assert.Empty(output.CompilationDiagnostics);
    }

    [Theory]
    [InlineData("[Differentiable(Wrt = [nameof(p), nameof(t), nameof(y)])]", "ReadOnlySpan<double> p, double[] t, double[] y")]
    [InlineData("[Differentiable]", "ReadOnlySpan<double> p, [Constant] double[] t, [Constant] double[] y")]
    [InlineData("[Differentiable]", "double[] p, [Constant] double[] t, [Constant] double[] y")]
    [InlineData("[Differentiable]", "ReadOnlySpan<double> p, ReadOnlySpan<double> t, ReadOnlySpan<double> y")]
    public void NoADG0022WhenTheParametersAreNamedOrMarked(string attribute, string parameters)
    {
        var output = GeneratorHarness.Run(Source(attribute, parameters));

        Assert.Empty(output.GeneratorDiagnostics);
    }

    [Fact]
    public void NoADG0022ForAVectorPassedWholeToACallee()
    {
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => a[0] * b[0] + a[1] * b[1];

                [Differentiable]
                public static double F(ReadOnlySpan<double> p, double[] q) => Dot(p, q) * q[0];
            }
            """);

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "ADG0022" && d.GetMessage(CultureInfo.InvariantCulture).Contains("'q'", StringComparison.Ordinal));
    }

    private static string Source(string attribute, string parameters) => $$"""
        using System;
        using AutoDiff;

        public static partial class Objectives
        {
            {{attribute}}
            public static double Loss({{parameters}})
        {{Body}}
        }
        """;
}
