using System;
using System.Linq;
using System.Reflection;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Generator.Tests;

/// <summary>The incremental pipeline does no work for edits that cannot change its output.</summary>
public class CachingTests
{
    private readonly ITestOutputHelper _output;

    public CachingTests(ITestOutputHelper output) => _output = output;

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
        DifferentiableGenerator.Steps.Parse, DifferentiableGenerator.Steps.Model, DifferentiableGenerator.Steps.Differentiate,
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
    public void TwoHundredMethodsGenerateOnceAndAnUnrelatedEditRegeneratesNothing()
    {
        var source = new System.Text.StringBuilder("using System;\nusing AutoDiff;\npublic static partial class Many\n{\n");
        int methods = AutoDiff.Testing.TestTier.Choose(reduced: 50, full: 200);
        for (int i = 0; i < methods; i++)
        {
            source.Append(System.FormattableString.Invariant($$"""
                    [Differentiable]
                    public static double F{{i}}(ReadOnlySpan<double> x)
                    {
                        double sum = 0;
                        for (int k = 0; k < x.Length - 1; k++)
                        {
                            double a = 1 - x[k], b = x[k + 1] - x[k] * x[k];
                            sum += a * a + {{i + 1}} * b * b;
                        }
                        return sum + Math.Sin(x[0]) * {{i}};
                    }

                """));
        }

        var compilation = GeneratorHarness.CreateCompilation(source.Append("}\n").ToString());

        // Timings are reported, never asserted (README: Tests). The first run includes JIT-compiling the generator;
        // the others run on clones (no binding cached) and take the best of three, to see past a busy machine.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var cold = clock.Elapsed;
        var first = driver.GetRunResult().Results.Single();
        Assert.Empty(first.Diagnostics);
        Assert.Equal(methods, first.GeneratedSources.Length);

        var warm = System.TimeSpan.MaxValue;
        var binding = System.TimeSpan.MaxValue;
        var incremental = System.TimeSpan.MaxValue;
        GeneratorRunResult result = first;
        for (int i = 0; i < 3; i++)
        {
            clock.Restart();
            GeneratorHarness.CreateDriver().RunGenerators(compilation.Clone());
            warm = Min(warm, clock.Elapsed);

            // What the compiler spends on the same methods anyway (binding and checking their bodies).
            var clone = compilation.Clone();
            clock.Restart();
            clone.GetMethodBodyDiagnostics();
            binding = Min(binding, clock.Elapsed);

            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
                $"public static class Unrelated{i} {{ public static int Answer => 42; }}", GeneratorHarness.ParseOptions));
            clock.Restart();
            driver = driver.RunGenerators(edited);
            incremental = Min(incremental, clock.Elapsed);
            result = driver.GetRunResult().Results.Single();
            compilation = edited;
        }

        _output.WriteLine(System.FormattableString.Invariant(
            $"{methods} methods: first run {cold.TotalMilliseconds:F0} ms (with JIT); fresh driver {warm.TotalMilliseconds:F0} ms; compiler binding the same bodies {binding.TotalMilliseconds:F0} ms; unrelated edit {incremental.TotalMilliseconds:F0} ms"));

        foreach (string step in TrackedSteps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(methods, outputs.Count);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} output was {o.Reason}"));
        }
    }

    private static System.TimeSpan Min(System.TimeSpan a, System.TimeSpan b) => a < b ? a : b;

    [Fact]
    public void EditingOneBodyRegeneratesOnlyThatMethod()
    {
        var compilation = GeneratorHarness.CreateCompilation(Objectives);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Single();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Objectives.Replace("x * x * x", "x * x * x + 1", StringComparison.Ordinal)));
        var movedCompilation = compilation.ReplaceSyntaxTree(oldTree, newTree);
        var result = driver.RunGenerators(movedCompilation).GetRunResult().Results.Single();

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
    public void MovingAMethodByALineDoesNotDifferentiateAgain_ButItsLinesAndDiagnosticsFollow()
    {
        const string withError = """
            using System;
            using AutoDiff;
            public static partial class Objectives
            {
                [Differentiable]
                public static double Square(double x)
                {
                    double y = x * x;
                    return y;
                }

                [Differentiable]
                public static double Broken(double x)
                {
                    Math.Max(x, 0);
                    return x;
                }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(withError);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single();
        Assert.Contains("// line 8: double y = x * x;", before.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(before.Diagnostics); // the analyzer's to report
        Assert.Equal(15, GeneratorHarness.AnalyzerDiagnostics(compilation).Single(d => d.Id == "ADG0004").Location.GetLineSpan().StartLinePosition.Line + 1);

        var oldTree = compilation.SyntaxTrees.Single();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            withError.Replace("public static partial class Objectives\n{\n", "public static partial class Objectives\n{\n\n", StringComparison.Ordinal)));
        var movedCompilation = compilation.ReplaceSyntaxTree(oldTree, newTree);
        var result = driver.RunGenerators(movedCompilation).GetRunResult().Results.Single();

        var differentiated = result.TrackedSteps[DifferentiableGenerator.Steps.Differentiate].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(differentiated);
        Assert.All(differentiated, o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Differentiate output was {o.Reason}"));
        string moved = result.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("// line 9: double y = x * x;", moved, StringComparison.Ordinal);
        Assert.Contains("#line 9 \"Source0.cs\"", moved, StringComparison.Ordinal);
        Assert.Equal(16, GeneratorHarness.AnalyzerDiagnostics(movedCompilation).Single(d => d.Id == "ADG0004").Location.GetLineSpan().StartLinePosition.Line + 1);
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
        // The readable part, then a hash of the exact signature (hint names compare without regard to case).
        Assert.Equal(
            new[] { "Demo.Objectives.F_System.ReadOnlySpan_double__.", "Demo.Objectives.F_double_.", "Demo.Objectives.F_double___double_." },
            output.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => k[..^"xxxxxxxx.g.cs".Length]));
        Assert.All(output.Sources.Keys, k => Assert.Matches("\\.[0-9a-f]{8}\\.g\\.cs$", k));
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
