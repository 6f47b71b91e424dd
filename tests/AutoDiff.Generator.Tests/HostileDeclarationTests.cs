using System;
using System.Linq;
using System.Text;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Declarations and bodies that used to crash the generator or make it emit code that does not compile (found by an
/// adversarial corpus): each must now give compiling code with no warning, or a diagnostic.
/// </summary>
public class HostileDeclarationTests
{
    private static void AssertCompilesCleanly(GeneratorOutput output)
    {
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
    }

    [Fact]
    public void NamesThatDifferOnlyByCaseOrByNonAsciiLettersGetTheirOwnFiles()
    {
        // Hint names compare without regard to case; 'F'/'f' and 'Fα'/'Fβ' used to collide (CS8785: nothing generated).
        var output = GeneratorHarness.Run("""
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double f(double x) => x * x * x;
                [Differentiable] public static double Fα(double x) => 2 * x;
                [Differentiable] public static double Fβ(double x) => 3 * x;
            }
            """);
        AssertCompilesCleanly(output);
        Assert.Equal(4, output.Sources.Count);
        Assert.Equal(4, output.Sources.Keys.Select(k => k.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void KeywordIdentifiersAreEscaped()
    {
        var output = GeneratorHarness.Run("""
            using AutoDiff;

            namespace Models.@event
            {
                public static partial class @class
                {
                    [Differentiable] public static double @double(double @base, double @in) => @base * @in;
                    [Differentiable] public static double @return(double @params) => @double(@params, 2.0) + @params;
                }
            }
            """);
        AssertCompilesCleanly(output);
    }

    [Theory]
    [InlineData("public ref partial struct Model")]
    [InlineData("public partial record struct Model")]
    [InlineData("public readonly partial record struct Model")]
    [InlineData("public partial record Model")]
    [InlineData("internal sealed partial class Model")]
    public void EveryKindOfContainingTypeIsExtended(string declaration)
    {
        var output = GeneratorHarness.Run($$"""
            using AutoDiff;

            {{declaration}}
            {
                [Differentiable] public static double F(double x) => x * x;
            }
            """);
        AssertCompilesCleanly(output);
        Assert.Single(output.Sources);
    }

    [Fact]
    public void PartialMethodIsDifferentiatedThroughItsImplementation()
    {
        var output = GeneratorHarness.Run("""
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable]
                public static partial double F(double x);

                public static partial double F(double x) => x * x;
            }
            """);
        AssertCompilesCleanly(output);
        Assert.Single(output.Sources);
    }

    [Fact]
    public void NullableArrayInputCompilesWithoutWarnings()
    {
        // The pullback tangent dereferenced x without a null check (CS8602, an error under TreatWarningsAsErrors).
        var output = GeneratorHarness.Run("""
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable] public static double F(double[]? x) => x![0] * x[0];
            }
            """);
        AssertCompilesCleanly(output);
    }

    [Fact]
    public void AMethodHidingADifferentiableBaseMethodDeclaresItsMembersNew()
    {
        // Both generate FGradient, FPullback, ...: the derived ones hide the base's (CS0108 without 'new').
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;

            public partial class Base
            {
                [Differentiable] public double F(double x) => x * x;
                [Differentiable] public static double S(ReadOnlySpan<double> x) => x[0] * x[0];
            }

            public partial class Derived : Base
            {
                [Differentiable] public new double F(double x) => x * x * x;
                [Differentiable] public static new double S(ReadOnlySpan<double> x) => x[0] * x[0] * x[0];

                // An overload does not hide: no 'new' (CS0109 otherwise).
                [Differentiable] public double F(double x, double y) => x * y;
            }
            """);
        AssertCompilesCleanly(output);
    }

    [Fact]
    public void AHandWrittenOverloadWithAGeneratedNameIsNotAConflict()
    {
        // A closed-form FHessian(double[] x) next to the generated FHessian(x, hessian): an overload, not ADG0018.
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable] public static double F(ReadOnlySpan<double> x) => x[0] * x[0] * x[1];

                public static double[] FHessian(double[] x) => [2 * x[1], 2 * x[0], 2 * x[0], 0];
            }
            """);
        AssertCompilesCleanly(output);
    }

    [Theory]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\r")]
    [InlineData("\u0085")]
    public void SourceCommentsEndAtEveryKindOfLineBreak(string lineBreak)
    {
        // The generated code quotes each statement's first line in a // comment; the rest must not leak out of it.
        var output = GeneratorHarness.Run(
            "using AutoDiff;\npublic static partial class Objectives\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n"
            + "        double y = x *" + lineBreak + " x + 1;" + lineBreak + "        return y * 2;\n    }\n}\n");
        AssertCompilesCleanly(output);
    }

    [Fact]
    public void AHundredThousandTermSumIsDifferentiatedInLinearSize()
    {
        // The parser used to recurse once per operator and overflow the stack at a few thousand terms. A long sum is now
        // read iteratively and lowered to one accumulation per term. The generated text (gradient and pullback) is
        // about 330 characters a term, 33 MB here: compiled below at 5,000 terms, since Roslyn needs many GB for 33 MB.
        // Only the generator runs: compiling its output (GeneratorHarness.Run) would need far more memory than a test has.
        int terms = AutoDiff.Testing.TestTier.Choose(reduced: 20_000, full: 100_000); // both far past the old stack overflow
        var driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(SumOfTerms(terms)));
        var result = driver.GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        string generated = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("FGradient", generated, StringComparison.Ordinal);
        Assert.True(generated.Length < 500 * terms, $"{generated.Length} characters for {terms} terms");
    }

    [Fact]
    public void AFiveThousandTermSumCompiles()
    {
        AssertCompilesCleanly(GeneratorHarness.Run(SumOfTerms(5_000)));
    }

    private static string SumOfTerms(int count)
    {
        var terms = string.Join(" + ", Enumerable.Range(0, count).Select(i => $"{(i % 7) + 1} * x[{i % 5}]"));
        return $$"""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable(Derivatives.Gradient)]
                public static double F(ReadOnlySpan<double> x) => {{terms}};
            }
            """;
    }

    [Fact]
    public void ALongChainInALoopConditionIsReportedNotCrashed()
    {
        var terms = string.Join(" + ", Enumerable.Range(0, 3000).Select(i => $"x[{i % 5}]"));
        var output = GeneratorHarness.Run($$"""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable(Derivatives.Gradient)]
                public static double F(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    while (s < {{terms}})
                    {
                        s += 1;
                    }

                    return s * x[0];
                }
            }
            """);
        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("ADG0005", diagnostic.Id);
    }

    [Fact]
    public void EarlyReturnsInARowKeepTheGeneratedCodeLinear()
    {
        // K blocks 'if (a) { if (b) return ...; ... }' used to copy the rest of the method into both branches of each:
        // 2.3 MB at K = 8, 223 MB at K = 14. Now each block costs the same, so K = 20 is about twice K = 10 (counted
        // without indentation, which grows with the nesting of the blocks that follow each early return).
        static int GeneratedSize(int blocks)
        {
            var body = new StringBuilder("double s = 0;\n");
            for (int k = 0; k < blocks; k++)
            {
                body.Append($"if (x[{k % 3}] > {k}) {{ if (x[1] > {k + 100}) return s * {k + 1}; s += x[0] * x[2] * {k}; }}\n");
            }

            var output = GeneratorHarness.Run($$"""
                using System;
                using AutoDiff;

                public static partial class Objectives
                {
                    [Differentiable]
                    public static double F(ReadOnlySpan<double> x)
                    {
                        {{body}}
                        return s;
                    }
                }
                """);
            AssertCompilesCleanly(output);
            return output.Sources.Values.Sum(text => text.Split('\n').Sum(line => line.TrimStart().Length));
        }

        int ten = GeneratedSize(10), twenty = GeneratedSize(20);
        Assert.True(twenty < 2.5 * ten, $"K = 10: {ten} chars, K = 20: {twenty} chars");
        Assert.True(twenty < 1_000_000, $"K = 20: {twenty} chars");
    }
}
