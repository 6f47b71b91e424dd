using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Lane loops (<c>Transforms/LaneLoops</c>): loops run four iterations at a time in <c>Vector256</c> lanes give every
/// generated member the same bits as the scalar code the generator writes with <c>LaneLoops</c> off, at every length
/// (no block, one block, blocks and a scalar tail), and match finite differences; a loop that would read out of range
/// still throws; the shapes they do not take stay scalar.
/// </summary>
public sealed class LaneLoopTests
{
    private const string Source = """
        using System;
        using AutoDiff;

        public static partial class Lanes
        {
            // Offsets 0 and 1: one pending sum, shifted by one lane.
            [Differentiable]
            public static double Rosenbrock(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
                    sum += a * a + 100 * b * b;
                }

                return sum;
            }

            // Offsets 0, 1 and 2 (two pending sums, shifts of one and two lanes), a square root and a division.
            [Differentiable]
            public static double ThreeTerm(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length - 2; i++)
                {
                    double r = x[i] - x[i + 1] * x[i + 2];
                    s += r * r + Math.Sqrt(1 + x[i + 1] * x[i + 1]) / (2 + x[i + 2] * x[i + 2]);
                }

                return s;
            }

            // A neighbour behind the index, Math.Abs, two running sums, a loop that starts at 1.
            [Differentiable]
            public static double Backward(ReadOnlySpan<double> x)
            {
                double s = 0, q = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    double d = x[i] - x[i - 1];
                    s += d * d;
                    q += Math.Abs(x[i]) * x[i - 1];
                }

                return s + 0.5 * q;
            }

            // The return is not linear in the sums: no fusion, so the lanes run the forward sums only.
            [Differentiable]
            public static double Product(ReadOnlySpan<double> x)
            {
                double s = 0, q = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    double d = x[i] - x[i - 1];
                    s += d * d;
                    q += x[i] * x[i - 1];
                }

                return s * q;
            }

            // Two differentiable arrays, each with its own gather-form output.
            [Differentiable]
            public static double TwoArrays(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    double e = x[i] * y[i + 1] - y[i] / (1 + x[i + 1] * x[i + 1]);
                    s += e * e;
                }

                return s;
            }

            // Three rows, each an elementwise loop at the base the outer loop sets (r * n), over constant weights too.
            [Differentiable]
            public static double Rows(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> w, int n)
            {
                double s = 0;
                for (int r = 0; r < 3; r++)
                {
                    for (int c = 0; c < n; c++)
                    {
                        double e = w[r * n + c] * x[r * n + c] - 1;
                        s += e * e;
                    }
                }

                return s;
            }

            private static double[] Weights(int length)
            {
                var w = new double[length];
                for (int i = 0; i < length; i++)
                {
                    w[i] = 0.5 + 0.1 * i;
                }

                return w;
            }

            public static double RowsValue(double[] x) => Rows(x, Weights(x.Length), x.Length / 3);
            public static double RowsGrad(double[] x, double[] g) => RowsGradient(x, Weights(x.Length), x.Length / 3, g);
            public static double RowsPull(double[] x, double seed, double[] a) => RowsPullback(x, Weights(x.Length), x.Length / 3, seed, a);
            public static double RowsHvp(double[] x, double[] v, double[] hv) => RowsHessianVectorProduct(x, Weights(x.Length), x.Length / 3, v, hv);
            public static double RowsDir(double[] x, double[] v, double[] d) => RowsDirectionalDerivative(x, Weights(x.Length), x.Length / 3, v, out d[0]);

            public static double RosenbrockValue(double[] x) => Rosenbrock(x);
            public static double RosenbrockGrad(double[] x, double[] g) => RosenbrockGradient(x, g);
            public static double RosenbrockPull(double[] x, double seed, double[] a) => RosenbrockPullback(x, seed, a);
            public static double RosenbrockHvp(double[] x, double[] v, double[] hv) => RosenbrockHessianVectorProduct(x, v, hv);
            public static double RosenbrockDir(double[] x, double[] v, double[] d) => RosenbrockDirectionalDerivative(x, v, out d[0]);

            public static double ThreeTermValue(double[] x) => ThreeTerm(x);
            public static double ThreeTermGrad(double[] x, double[] g) => ThreeTermGradient(x, g);
            public static double ThreeTermPull(double[] x, double seed, double[] a) => ThreeTermPullback(x, seed, a);
            public static double ThreeTermHvp(double[] x, double[] v, double[] hv) => ThreeTermHessianVectorProduct(x, v, hv);
            public static double ThreeTermDir(double[] x, double[] v, double[] d) => ThreeTermDirectionalDerivative(x, v, out d[0]);

            public static double BackwardValue(double[] x) => Backward(x);
            public static double BackwardGrad(double[] x, double[] g) => BackwardGradient(x, g);
            public static double BackwardPull(double[] x, double seed, double[] a) => BackwardPullback(x, seed, a);
            public static double BackwardHvp(double[] x, double[] v, double[] hv) => BackwardHessianVectorProduct(x, v, hv);
            public static double BackwardDir(double[] x, double[] v, double[] d) => BackwardDirectionalDerivative(x, v, out d[0]);

            public static double ProductValue(double[] x) => Product(x);
            public static double ProductGrad(double[] x, double[] g) => ProductGradient(x, g);
            public static double ProductPull(double[] x, double seed, double[] a) => ProductPullback(x, seed, a);
            public static double ProductHvp(double[] x, double[] v, double[] hv) => ProductHessianVectorProduct(x, v, hv);
            public static double ProductDir(double[] x, double[] v, double[] d) => ProductDirectionalDerivative(x, v, out d[0]);

            // x and y are the two halves of one point.
            public static double TwoArraysValue(double[] p) => TwoArrays(p.AsSpan(0, p.Length / 2), p.AsSpan(p.Length / 2));
            public static double TwoArraysGrad(double[] p, double[] g) =>
                TwoArraysGradient(p.AsSpan(0, p.Length / 2), p.AsSpan(p.Length / 2), g.AsSpan(0, p.Length / 2), g.AsSpan(p.Length / 2));
            public static double TwoArraysPull(double[] p, double seed, double[] a) =>
                TwoArraysPullback(p.AsSpan(0, p.Length / 2), p.AsSpan(p.Length / 2), seed, a.AsSpan(0, p.Length / 2), a.AsSpan(p.Length / 2));
            public static double TwoArraysHvp(double[] p, double[] v, double[] hv) =>
                TwoArraysHessianVectorProduct(p.AsSpan(0, p.Length / 2), p.AsSpan(p.Length / 2), v.AsSpan(0, p.Length / 2), v.AsSpan(p.Length / 2),
                    hv.AsSpan(0, p.Length / 2), hv.AsSpan(p.Length / 2));
            public static double TwoArraysDir(double[] p, double[] v, double[] d) =>
                TwoArraysDirectionalDerivative(p.AsSpan(0, p.Length / 2), p.AsSpan(p.Length / 2), v.AsSpan(0, p.Length / 2), v.AsSpan(p.Length / 2), out d[0]);
        }
        """;

    private static readonly string[] Objectives = ["Rosenbrock", "ThreeTerm", "Backward", "Product", "TwoArrays", "Rows"];

    /// <summary>The lengths an objective takes: two equal arrays for TwoArrays, three rows for Rows.</summary>
    private static bool Fits(string objective, int n) => objective switch
    {
        "TwoArrays" => n % 2 == 0,
        "Rows" => n % 3 == 0,
        _ => true,
    };

    /// <summary>Lengths with no block, one block, several, with and without a scalar tail (each array of TwoArrays has half).</summary>
    private static readonly int[] Lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 24, 27, 41, 102];

    private static double[] Point(int seed, int length) =>
        Enumerable.Range(0, length).Select(i => 0.8 * Math.Sin(seed + 1.3 * i) + 0.2 * Math.Cos(seed * i + 0.5)).ToArray();

    [Fact]
    public void Every_member_has_the_bits_of_the_scalar_code_at_every_length()
    {
        using var lanes = CompiledObjectives.Of(Source, "Lanes", disabledOptimizations: null);
        using var scalar = CompiledObjectives.Of(Source, "Lanes", disabledOptimizations: "LaneLoops");

        foreach (string objective in Objectives)
        {
            // Not vacuous: the optimised members have lane loops (pullback, HVP, directional derivative), the others none.
            Assert.True(lanes.Generated(objective).Contains("LoadLanes", StringComparison.Ordinal), objective + " has no lane loop:\n" + lanes.Generated(objective));
            Assert.DoesNotContain("LoadLanes", scalar.Generated(objective), StringComparison.Ordinal);
            foreach (int n in Lengths.Where(n => Fits(objective, n)))
            {
                double[] x = Point(n + 1, n), v = Point(n + 7, n);
                var expected = scalar.Results(objective, x, v);
                var actual = lanes.Results(objective, x, v);
                Assert.Equal(expected.Count, actual.Count);
                for (int k = 0; k < expected.Count; k++)
                {
                    Assert.True(BitConverter.DoubleToInt64Bits(expected[k]) == BitConverter.DoubleToInt64Bits(actual[k]),
                        $"{objective}, n = {n}, result {k}: {actual[k]:R} with lanes, {expected[k]:R} scalar");
                }
            }
        }
    }

    [Theory]
    [InlineData("Rosenbrock", 13)]
    [InlineData("ThreeTerm", 14)]
    [InlineData("Backward", 11)]
    [InlineData("Product", 9)]
    [InlineData("TwoArrays", 18)]
    [InlineData("Rows", 27)]
    public void Lane_gradients_match_finite_differences(string objective, int n)
    {
        using var lanes = CompiledObjectives.Of(Source, "Lanes", disabledOptimizations: null);
        lanes.AssertGradientMatchesFiniteDifferences(objective, Point(3, n));
    }

    [Fact]
    public void A_loop_that_reads_past_the_end_throws_as_the_scalar_loop_does()
    {
        const string reading = """
            using System;
            using AutoDiff;

            public static partial class Lanes
            {
                [Differentiable]
                public static double PastTheEnd(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        s += x[i] * x[i + 2] + x[i];
                    }

                    return s;
                }

                public static double PastTheEndGrad(double[] x, double[] g) => PastTheEndGradient(x, g);
            }
            """;
        using var lanes = CompiledObjectives.Of(reading, "Lanes", disabledOptimizations: null);
        Assert.Contains("LoadLanes", lanes.Generated("PastTheEnd"), StringComparison.Ordinal);

        var thrown = Assert.Throws<TargetInvocationException>(() => lanes.Invoke("PastTheEndGrad", new double[12], new double[12]));
        Assert.IsType<IndexOutOfRangeException>(thrown.InnerException);
    }

    [Theory]
    [InlineData("s += Math.Exp(x[i]) * x[i + 1];", "a call the lanes do not compute bitwise")]
    [InlineData("if (x[i] > 0) { s += x[i] * x[i + 1]; }", "a branch")]
    [InlineData("s += x[i] * x[i + 1]; t = x[i];", "a local read after the loop")]
    [InlineData("s += s * x[i];", "a sum that reads itself")]
    public void Loops_of_other_shapes_stay_scalar(string body, string why)
    {
        var output = GeneratorHarness.Run(LoopWithBody(body));
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        Assert.True(!string.Concat(output.Sources.Values).Contains("LoadLanes", StringComparison.Ordinal), "lane loop despite " + why);
    }

    [Fact]
    public void The_same_loop_with_a_body_it_accepts_takes_lanes()
    {
        // The positive control of the test above.
        var output = GeneratorHarness.Run(LoopWithBody("s += x[i] * x[i + 1] - x[i];"));
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("LoadLanes", string.Concat(output.Sources.Values), StringComparison.Ordinal);
    }

    private static string LoopWithBody(string body) => $$"""
        using System;
        using AutoDiff;

        public static partial class Lanes
        {
            [Differentiable]
            public static double Other(ReadOnlySpan<double> x)
            {
                double s = 0.5, t = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    {{body}}
                }

                return s + t;
            }
        }
        """;
}
