using System;
using System.Linq;
using System.Reflection;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>The incremental pipeline does no work for edits that cannot change its output.</summary>
public class CachingTests
{
    private const string Objectives = """
        using System;
        using AutoDiff;
        public static partial class Objectives
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double Cube(double x) => x * x * x;
        }
        """;

    private static readonly string[] TrackedSteps =
    {
        DifferentiableGenerator.Steps.Parse, DifferentiableGenerator.Steps.Diagnostics, DifferentiableGenerator.Steps.Differentiate,
    };

    [Fact]
    public void UnrelatedEditLeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(Objectives);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("public static class Unrelated { public static int Answer => 42; }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} output was {o.Reason}"));
        }
    }

    [Fact]
    public void EditingOneBodyRegeneratesOnlyThatMethod()
    {
        var compilation = GeneratorHarness.CreateCompilation(Objectives);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Single();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Objectives.Replace("x * x * x", "x * x * x + 1", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

        var differentiated = result.TrackedSteps[DifferentiableGenerator.Steps.Differentiate]
            .SelectMany(s => s.Outputs)
            .Select(o => (File: ((DifferentiationResult)o.Value).File!, o.Reason))
            .ToList();
        Assert.Equal(2, differentiated.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, differentiated.Single(d => d.File.Methods[0].Name == "CubeGradient").Reason);
        Assert.True(differentiated.Single(d => d.File.Methods[0].Name == "SquareGradient").Reason
            is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void OverloadsGetDistinctHintNames()
    {
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;
            namespace Demo;
            public static partial class Objectives
            {
                [Differentiable]
                public static double F(double x) => x * x;

                [Differentiable]
                public static double F(ReadOnlySpan<double> x) => x[0] * x[0];

                [Differentiable]
                public static double F(double[] x, double y) => x[0] * y;
            }
            """);

        Assert.Empty(output.CompilationDiagnostics);
        Assert.Equal(
            new[] { "Demo.Objectives.F_System.ReadOnlySpan_double__.g.cs", "Demo.Objectives.F_double_.g.cs", "Demo.Objectives.F_double___double_.g.cs" },
            output.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void ModelHoldsNoSymbolsSyntaxOrCompilation()
    {
        // Holding a Roslyn symbol, node or compilation in the model would defeat caching and keep compilations alive.
        Type[] allowed = { typeof(Microsoft.CodeAnalysis.Text.TextSpan), typeof(Microsoft.CodeAnalysis.Text.LinePositionSpan), typeof(Microsoft.CodeAnalysis.Text.LinePosition) };
        var seen = new System.Collections.Generic.HashSet<Type>();
        void Check(Type type)
        {
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                return;
            }

            Assert.False(
                type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true && !allowed.Contains(type),
                $"model type {type} is a Roslyn type");
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            {
                Check(field.FieldType);
            }

            foreach (var argument in type.GetGenericArguments())
            {
                Check(argument);
            }

            foreach (var derived in type.Assembly.GetTypes().Where(t => t.BaseType == type))
            {
                Check(derived);
            }
        }

        Check(typeof(ParseResult));
        Check(typeof(DifferentiationResult));
        Assert.Contains(typeof(AutoDiff.Generator.IR.BinaryExpr), seen);
    }
}
