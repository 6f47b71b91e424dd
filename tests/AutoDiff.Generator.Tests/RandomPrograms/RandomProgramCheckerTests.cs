using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// The random-program test is only as good as its checker: these feed it hand-written "programs" with known flaws and
/// make sure it reports them, and that it skips (rather than fails or passes) a stencil that straddles a kink.
/// </summary>
public sealed class RandomProgramCheckerTests
{
    [Fact]
    public void WrongGradient_IsReported()
    {
        var program = Program(x => x[0] * x[0], (x, g) => { g[0] = (2 * x[0]) + 1e-4; return x[0] * x[0]; });

        string? failure = GradientChecker.CheckPoint(program, [0.7], new CheckTally());

        Assert.NotNull(failure);
        Assert.Contains("d f / d y", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void GradientAddedToTheOutputInsteadOfWrittenIntoIt_IsReported()
    {
        var program = Program(x => x[0] * x[0], (x, g) => { g[0] += 2 * x[0]; return x[0] * x[0]; });

        Assert.NotNull(GradientChecker.CheckPoint(program, [0.7], new CheckTally()));
    }

    [Fact]
    public void GradientMethodReturningAnotherValue_IsReported()
    {
        var program = Program(x => x[0] * x[0], (x, g) => { g[0] = 2 * x[0]; return x[0]; });

        string? failure = GradientChecker.CheckPoint(program, [0.7], new CheckTally());

        Assert.NotNull(failure);
        Assert.Contains("returned the value", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrectGradient_Passes()
    {
        var tally = new CheckTally();
        var program = Program(x => Math.Sin(x[0]) * x[1], (x, g) => { g[0] = Math.Cos(x[0]) * x[1]; g[1] = Math.Sin(x[0]); return Math.Sin(x[0]) * x[1]; });

        Assert.Null(GradientChecker.CheckPoint(program, [0.7, -1.3], tally));
        Assert.Equal(2, tally.CoordinatesChecked);
    }

    [Fact]
    public void StencilAcrossAKink_IsSkipped_WhenTheTraceSeesIt()
    {
        // |y| at y = 1e-9: every stencil tried (h down to 1e-5 / 64) straddles 0, where differences average two slopes.
        var tally = new CheckTally();
        var program = Program(x => Math.Abs(x[0]), (x, g) => { g[0] = Math.Sign(x[0]); return Math.Abs(x[0]); }, x => x[0] >= 0 ? 1 : 2);

        Assert.Null(GradientChecker.CheckPoint(program, [1e-9], tally));
        Assert.Equal(1, tally.CoordinatesSkippedAtKink);
        Assert.Equal(0, tally.CoordinatesChecked);
    }

    [Fact]
    public void StencilAcrossAKink_IsNotJudged_EvenWhenTheTraceMissesIt()
    {
        // The same point with a trace that sees nothing: the estimates at h, h/2, h/4 do not converge like h^2, so the
        // coordinate is skipped as unresolved rather than failed (or passed).
        var tally = new CheckTally();
        var program = Program(x => Math.Abs(x[0]), (x, g) => { g[0] = Math.Sign(x[0]); return Math.Abs(x[0]); });

        Assert.Null(GradientChecker.CheckPoint(program, [1e-9], tally));
        Assert.Equal(1, tally.CoordinatesSkippedUnresolved);
        Assert.Equal(0, tally.CoordinatesChecked);
    }

    [Fact]
    public void StencilNearAKink_IsCheckedWithASmallerStep()
    {
        // At y = 1e-6 the first stencil (h = 1e-5) straddles 0 but h / 64 does not: the checker shrinks h and checks,
        // which shows here as the deliberately wrong sign being reported.
        var tally = new CheckTally();
        var program = Program(x => Math.Abs(x[0]), (x, g) => { g[0] = -Math.Sign(x[0]); return Math.Abs(x[0]); }, x => x[0] >= 0 ? 1 : 2);

        Assert.NotNull(GradientChecker.CheckPoint(program, [1e-6], tally));
    }

    [Fact]
    public void HessianVectorProduct_WhereTheGradientVariesFasterThanTheStencil_IsNotJudged()
    {
        // f = cos(k y) / k^2: H = -cos(k y) is right, but the gradient turns by k h = 30 radians over the stencil, so its
        // differences mean nothing there; the point is skipped rather than failed.
        const double k = 3e6;
        var tally = new CheckTally();
        var program = Program(x => Math.Cos(k * x[0]) / (k * k), (x, g) => { g[0] = -Math.Sin(k * x[0]) / k; g[1] = 0; return Math.Cos(k * x[0]) / (k * k); }) with
        {
            Directional = (x, d) => -Math.Sin(k * x[0]) / k * d[0],
            HessianVectorProduct = (x, d, hv) => { hv[0] = -Math.Cos(k * x[0]) * d[0]; hv[1] = 0; return Math.Cos(k * x[0]) / (k * k); },
        };

        Assert.Null(GradientChecker.CheckPoint(program, [0.3, 0.2], tally));
        Assert.Equal(1, tally.SecondOrderSkipped);
    }

    [Fact]
    public void WrongHessianVectorProduct_IsReported()
    {
        // f = y^2 z: H = [[2z, 2y], [2y, 0]]; the product below drops the 2y z-term of its first entry.
        var tally = new CheckTally();
        var program = Program(x => x[0] * x[0] * x[1], (x, g) => { g[0] = 2 * x[0] * x[1]; g[1] = x[0] * x[0]; return x[0] * x[0] * x[1]; }) with
        {
            Directional = (x, d) => (2 * x[0] * x[1] * d[0]) + (x[0] * x[0] * d[1]),
            HessianVectorProduct = (x, d, hv) => { hv[0] = 2 * x[1] * d[0]; hv[1] = 2 * x[0] * d[0]; return x[0] * x[0] * x[1]; },
        };

        string? failure = GradientChecker.CheckPoint(program, [0.7, -1.3], tally);

        Assert.NotNull(failure);
        Assert.Contains("(H d)[0]", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void FusedLoopNesting_IsReadFromTheGeneratedPullback()
    {
        // Three counting loops, each last in the one outside it, adding to a running sum that is returned: all fused.
        // A statement after the innermost loop that reads a value keeps that loop from being fused; a result that reads
        // the sum, every loop. A loop that is not last (the one over k) is never fused.
        const string source = """
            using System;
            using AutoDiff;

            public static partial class Nests
            {
                [Differentiable]
                public static double ThreeLevels(ReadOnlySpan<double> x, double y)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double a = x[i] * y;
                        for (int k = 0; k < 2; k++)
                        {
                            a = Math.Sin(a);
                        }

                        for (int j = 0; j < x.Length; j++)
                        {
                            for (int l = 0; l < 2; l++)
                            {
                                sum += a * x[j] * l;
                            }
                        }
                    }

                    return sum;
                }

                [Differentiable]
                public static double InnerReadAfterIt(ReadOnlySpan<double> x, double y)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double r = 0;
                        for (int j = 0; j < x.Length; j++)
                        {
                            r += x[i] * x[j] * y;
                        }

                        sum += r * r;
                    }

                    return sum;
                }

                [Differentiable]
                public static double ResultReadsTheSum(ReadOnlySpan<double> x, double y)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        for (int j = 0; j < x.Length; j++)
                        {
                            sum += x[i] * x[j];
                        }
                    }

                    return sum * y;
                }
            }
            """;
        var output = GeneratorHarness.Run(source);
        Assert.Empty(output.GeneratorDiagnostics);
        int DepthOf(string method) => FusedLoops.NestingDepth(
            CSharpSyntaxTree.ParseText(output.Sources.Values.Single(s => s.Contains($" {method}Pullback(", StringComparison.Ordinal))), method + "Pullback");

        Assert.Equal(3, DepthOf("ThreeLevels"));
        Assert.Equal(1, DepthOf("InnerReadAfterIt"));
        Assert.Equal(0, DepthOf("ResultReadsTheSum"));
    }

    private static CompiledProgram Program(Func<double[], double> value, Func<double[], double[], double> gradient, Func<double[], long>? trace = null)
    {
        var parameters = new List<Parameter> { new("y", ParameterKind.Scalar, 1, ""), new("z", ParameterKind.Scalar, 1, "") };
        var program = new RandomProgram(0, "HandWritten", "// hand-written", parameters, new HashSet<Construct>(), new HashSet<string>());
        return new CompiledProgram(program, value, gradient, trace ?? (_ => 0));
    }
}
