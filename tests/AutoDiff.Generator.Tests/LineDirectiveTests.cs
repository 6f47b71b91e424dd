using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// The forward sweep's statements carry <c>#line</c> directives to the user's lines: an exception thrown by the user's
/// code inside a generated gradient has the user's file and line in its stack trace, not the generated file's.
/// </summary>
public class LineDirectiveTests
{
    private const string Source = """
        using System;
        using AutoDiff;
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i <= x.Length; i++)
                {
                    s += x[i] * x[i];
                }

                return s;
            }

            public static double CallGradient(double[] x) => FGradient(x, new double[x.Length]);

            public static double CallDirectionalDerivative(double[] x) => FDirectionalDerivative(x, x, out _);
        }
        """;

    [Theory]
    [InlineData("CallGradient")]
    [InlineData("CallDirectionalDerivative")]
    public void AnExceptionInTheForwardSweepPointsAtTheUsersLine(string wrapper)
    {
        // Debug information needs source texts that know their encoding.
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var tree = compilation.SyntaxTrees.Single();
        compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(Source, Encoding.UTF8)))
            .WithOptions(compilation.Options.WithOptimizationLevel(OptimizationLevel.Debug));
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        string generated = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("#line 11 \"Source0.cs\"", generated, StringComparison.Ordinal);
        Assert.Contains("#line hidden", generated, StringComparison.Ordinal);

        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = output.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        pe.Position = 0;
        pdb.Position = 0;
        var context = new AssemblyLoadContext("LineDirectiveTests", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(pe, pdb);
            var method = assembly.GetType("Objectives")!.GetMethod(wrapper)!;

            var thrown = Assert.Throws<TargetInvocationException>(() => method.Invoke(null, new object[] { new[] { 1.0, 2.0 } }));

            var frame = new StackTrace(thrown.InnerException!, fNeedFileInfo: true).GetFrames().First(f => f.GetFileName() is not null);
            Assert.IsType<IndexOutOfRangeException>(thrown.InnerException);
            Assert.Equal("Source0.cs", Path.GetFileName(frame.GetFileName()));
            Assert.Equal(11, frame.GetFileLineNumber());
        }
        finally
        {
            context.Unload();
        }
    }
}
