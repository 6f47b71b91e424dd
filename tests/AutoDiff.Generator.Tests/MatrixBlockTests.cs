using System;
using System.Linq;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Loop nests of dot products and row updates run as blocked matrix kernels (<c>Transforms/MatrixBlocks</c>): a
/// two-layer network over a batch gets them in both sweeps, gives the results of the one-pair-at-a-time code to
/// rounding (the switch off), and matches finite differences; nests where blocking would change what the code computes
/// keep their per-pair kernels and stay exact.
/// </summary>
public sealed class MatrixBlockTests
{
    private const string Source = """
        using System;
        using AutoDiff;

        public static partial class Blocks
        {
            private const int Inputs = 19, Units = 5, Outputs = 3, SampleLength = Inputs + 1;

            // Layer 1 with the unit loop outside (its rows of w follow h, the samples' rows b), layer 2 with the
            // sample loop outside: both ways round, in both sweeps.
            [Differentiable]
            public static double Batch(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> batch)
            {
                int n = batch.Length / SampleLength;
                double[] hidden = new double[n * Units];
                for (int h = 0; h < Units; h++)
                {
                    for (int b = 0; b < n; b++)
                    {
                        double a = w[Units * Inputs + h];
                        for (int i = 0; i < Inputs; i++)
                        {
                            a += w[h * Inputs + i] * batch[b * SampleLength + i];
                        }

                        hidden[b * Units + h] = Math.Tanh(a);
                    }
                }

                double loss = 0;
                for (int b = 0; b < n; b++)
                {
                    for (int k = 0; k < Outputs; k++)
                    {
                        double z = 0;
                        for (int h = 0; h < Units; h++)
                        {
                            z += w[Units * Inputs + Units + k * Units + h] * hidden[b * Units + h];
                        }

                        loss += (z - batch[b * SampleLength + Inputs] * k) * (z - batch[b * SampleLength + Inputs] * k);
                    }
                }

                return loss;
            }

            public static readonly double[] Data = Enumerable.Range(0, 7 * SampleLength).Select(i => Math.Sin(0.37 * i) * 0.8).ToArray();

            public static double BatchValue(double[] p) => Batch(p, Data);
            public static double BatchGrad(double[] p, double[] g) => BatchGradient(p, Data, g);
            public static double BatchPull(double[] p, double seed, double[] a) => BatchPullback(p, Data, seed, a);
            public static double BatchHvp(double[] p, double[] v, double[] hv) => BatchHessianVectorProduct(p, Data, v, hv);
            public static double BatchDir(double[] p, double[] v, double[] d) => BatchDirectionalDerivative(p, Data, v, out d[0]);
        }
        """;

    private const int Parameters = 5 * 19 + 5 + 3 * 5;

    private static double[] Point(int seed, int length) =>
        Enumerable.Range(0, length).Select(i => 0.3 * Math.Sin(seed + 1.3 * i) + 0.02).ToArray();

    [Fact]
    public void A_batched_network_runs_its_nests_as_matrix_kernels_and_keeps_its_derivatives()
    {
        string source = "using System.Linq;\n" + Source;
        using var blocked = CompiledObjectives.Of(source, "Blocks", disabledOptimizations: null);
        using var perPair = CompiledObjectives.Of(source, "Blocks", disabledOptimizations: "Vectorization");
        string generated = blocked.Generated("Batch");

        // Gradient and pullback: both forward nests each, and the reverse of layer 1 (layer 2 is the method's last loop,
        // whose reverse runs inside it, fused, so it keeps its per-pair updates); the pullback's tangent blocks too.
        Assert.Equal(4, Count(generated, "MatrixKernels.DotProducts("));
        Assert.True(Count(generated, "MatrixKernels.AddProductRows(") >= 2, "the reverse nest of layer 1 is not blocked");
        Assert.Equal(0, Count(perPair.Generated("Batch"), "MatrixKernels."));

        foreach (int seed in new[] { 1, 2, 3 })
        {
            double[] p = Point(seed, Parameters), v = Point(seed + 7, Parameters);
            var expected = perPair.Results("Batch", p, v);
            var actual = blocked.Results("Batch", p, v);
            Assert.Equal(expected.Count, actual.Count);
            double scale = expected.Max(Math.Abs);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 * scale, $"seed {seed}, result {i}: {actual[i]:R}, {expected[i]:R} pair by pair");
            }

            blocked.AssertGradientMatchesFiniteDifferences("Batch", p, valueTolerance: 1e-13);
        }
    }

    /// <summary>
    /// Nests where the blocked kernels would compute something else keep one kernel call per pair: an operand written in
    /// the nest, an inner loop whose start moves with the outer index, a break.
    /// </summary>
    [Theory]
    [InlineData("for (int b = 0; b < n; b++) { double a = 0; for (int i = 0; i < 6; i++) { a += w[h * 6 + i] * t[b * 6 + i]; } t[b * 6 + h] = Math.Tanh(a); s += a * a; }", "an operand the nest writes")]
    [InlineData("for (int b = h; b < n; b++) { double a = 0; for (int i = 0; i < 6; i++) { a += w[h * 6 + i] * x[b * 6 + i]; } s += Math.Tanh(a); }", "a triangular nest")]
    [InlineData("for (int b = 0; b < n; b++) { double a = 0; for (int i = 0; i < 6; i++) { a += w[h * 6 + i] * x[b * 6 + i]; } if (a > 5) { break; } s += Math.Tanh(a); }", "a break")]
    public void Nests_blocking_would_change_keep_their_per_pair_kernels(string inner, string shape)
    {
        string source = """
            using System;
            using AutoDiff;

            public static partial class Blocks
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> x)
                {
                    int n = x.Length / 6;
                    double[] t = new double[x.Length];
                    for (int i = 0; i < x.Length; i++)
                    {
                        t[i] = x[i];
                    }

                    double s = 0;
                    for (int h = 0; h < 6; h++)
                    {
                        INNER
                    }

                    return s;
                }

                public static readonly double[] Data = System.Linq.Enumerable.Range(0, 36).Select(i => System.Math.Cos(0.3 * i)).ToArray();

                public static double FValue(double[] p) => F(p, Data);
                public static double FGrad(double[] p, double[] g) => FGradient(p, Data, g);
            }
            """.Replace("INNER", inner, StringComparison.Ordinal);
        using var compiled = CompiledObjectives.Of("using System.Linq;\n" + source, "Blocks", disabledOptimizations: null);
        string generated = compiled.Generated("F");
        Assert.True(generated.Contains("VectorKernels.Dot(", StringComparison.Ordinal), $"{shape}: the inner loop is not vectorised, so the test tests nothing");
        Assert.False(generated.Contains("MatrixKernels.", StringComparison.Ordinal), $"{shape}: the nest was blocked");
        compiled.AssertGradientMatchesFiniteDifferences("F", Point(4, 36), valueTolerance: 1e-13);
    }

    private static int Count(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
