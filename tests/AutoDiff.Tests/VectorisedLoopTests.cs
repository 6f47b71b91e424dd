using System;
using System.Linq;
using System.Runtime.Intrinsics;
using AutoDiff.Runtime;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The vector kernels generated code calls for dot products and independent reverse loops, and the gradients and
/// Hessian-vector products of objectives whose loops become those kernels, against finite differences.
/// </summary>
public sealed class VectorisedLoopTests
{
    private static double[] Values(int seed, int length) =>
        Enumerable.Range(0, length).Select(i => Math.Sin(seed + 1.7 * i) + 0.3 * Math.Cos(seed * i)).ToArray();

    /// <summary>Every length to 70, then lengths around the blocks of wide vectors the kernels unroll, and the MLP's rows.</summary>
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 71), 127, 128, 129, 255, 256, 257, 784, 1001];

    [Fact]
    public void Dot_is_the_scalar_sum_to_rounding_at_every_length()
    {
        foreach (int n in Lengths)
        {
            double[] x = Values(1, n), y = Values(2, n);
            double scalar = 0, magnitude = 0;
            for (int i = 0; i < n; i++)
            {
                scalar += x[i] * y[i];
                magnitude += Math.Abs(x[i] * y[i]);
            }

            Assert.Equal(scalar, VectorKernels.Dot(x, y), 1e-15 * magnitude * n);
        }
    }

    [Fact]
    public void MultiplyAdd_gives_the_scalar_loops_bits_at_every_length_and_offset()
    {
        // Offsets into the arrays, so the spans start at every alignment a vector load can meet.
        foreach (int n in Lengths)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                double[] x = Values(3, n + 2 + offset), expected = Values(4, n + offset), actual = Values(4, n + offset);
                const double k = -0.37;
                for (int i = 0; i < n; i++)
                {
                    expected[offset + i] += k * x[offset + i + 2];
                }

                VectorKernels.MultiplyAdd(x.AsSpan(offset + 2), k, actual.AsSpan(offset));

                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void MultiplyAdd_with_a_zero_factor_adds_nothing_even_to_infinities()
    {
        double[] x = [1, double.PositiveInfinity, double.NaN, 2, 3, 4, 5, 6, 7];
        double[] y = Values(5, x.Length);
        double[] before = (double[])y.Clone();

        VectorKernels.MultiplyAdd(x, 0.0, y);

        Assert.Equal(before, y);
    }

    [Fact]
    public void MultiplyAdd_on_overlapping_spans_updates_in_increasing_order()
    {
        double[] data = Values(6, 40);
        double[] expected = (double[])data.Clone();
        for (int i = 0; i < 30; i++)
        {
            expected[i + 1] += 0.5 * expected[i];
        }

        VectorKernels.MultiplyAdd(data.AsSpan(0, 30), 0.5, data.AsSpan(1, 30));

        Assert.Equal(expected, data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ShiftLanesIn_takes_the_last_lanes_of_the_previous_block(int shift)
    {
        var previous = Vector256.Create(1.0, 2.0, 3.0, 4.0);
        var current = Vector256.Create(5.0, 6.0, 7.0, 8.0);
        double[] blocks = [1, 2, 3, 4, 5, 6, 7, 8];

        var shifted = VectorKernels.ShiftLanesIn(previous, current, shift);

        for (int lane = 0; lane < 4; lane++)
        {
            Assert.Equal(blocks[4 + lane - shift], shifted.GetElement(lane));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void ShiftLanesIn_names_a_shift_out_of_range(int shift)
    {
        var lanes = Vector256.Create(1.0);
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => VectorKernels.ShiftLanesIn(lanes, lanes, shift));
        Assert.Equal("shift", thrown.ParamName);
    }

    [Fact]
    public void Lanes_load_and_store_four_elements_from_the_start_given()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        var y = new double[7];

        VectorKernels.StoreLanes(VectorKernels.LoadLanes(x, 2), y, 1);

        Assert.Equal([0, 3, 4, 5, 6, 0, 0], y);
        Assert.False(VectorKernels.Disjoint(x, x.AsSpan(5)));
        Assert.True(VectorKernels.Disjoint(x, y));
    }

    [Fact]
    public void MultiplyAdd_names_a_short_source()
    {
        var error = Assert.Throws<ArgumentException>(() => VectorKernels.MultiplyAdd(new double[2], 1.0, new double[3]));
        Assert.Equal("x", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(17)]
    public void Shifted_dots_match_finite_differences(int n)
    {
        double[] x = Values(7, n), data = Values(8, Math.Max(n - 1, 0));
        var gradient = new double[n];

        double value = VectorisedLoopObjectives.ShiftedDotsGradient(x, data, gradient);

        double expectedValue = VectorisedLoopObjectives.ShiftedDots(x, data);
        Assert.Equal(expectedValue, value, 1e-14 * Math.Max(1, Math.Abs(expectedValue)));
        double[] expected = FiniteDifferences.Gradient(p => VectorisedLoopObjectives.ShiftedDots(p, data), x);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], gradient[i], 9);
        }

        CheckHessianVectorProduct(x, (p, g) => VectorisedLoopObjectives.ShiftedDotsGradient(p, data, g),
            (p, v, hv) => VectorisedLoopObjectives.ShiftedDotsHessianVectorProduct(p, data, v, hv));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 7)]
    [InlineData(4, 13)]
    [InlineData(2, 0)]
    public void A_tanh_layer_through_a_stackalloc_vector_matches_finite_differences(int units, int inputs)
    {
        double[] w = Values(9, units * inputs).Select(v => 0.4 * v).ToArray(), x = Values(10, inputs);
        var wGradient = new double[w.Length];
        var xGradient = new double[x.Length];

        double value = VectorisedLoopObjectives.TanhLayerGradient(w, x, units, wGradient, xGradient);

        double expectedValue = VectorisedLoopObjectives.TanhLayer(w, x, units);
        Assert.Equal(expectedValue, value, 1e-14 * Math.Max(1, Math.Abs(expectedValue)));
        double[] expectedW = FiniteDifferences.Gradient(p => VectorisedLoopObjectives.TanhLayer(p, x, units), w);
        double[] expectedX = FiniteDifferences.Gradient(p => VectorisedLoopObjectives.TanhLayer(w, p, units), x);
        for (int i = 0; i < w.Length; i++)
        {
            Assert.Equal(expectedW[i], wGradient[i], 8);
        }

        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expectedX[i], xGradient[i], 8);
        }

        // The pullback adds the same gradient times the seed.
        var wAdjoint = new double[w.Length];
        var xAdjoint = new double[x.Length];
        VectorisedLoopObjectives.TanhLayerPullback(w, x, units, 2.0, wAdjoint, xAdjoint);
        for (int i = 0; i < w.Length; i++)
        {
            Assert.Equal(2 * wGradient[i], wAdjoint[i], 12);
        }

        CheckHessianVectorProduct(w, (p, g) => VectorisedLoopObjectives.TanhLayerGradient(p, x, units, g, new double[x.Length]),
            (p, v, hv) => VectorisedLoopObjectives.TanhLayerHessianVectorProduct(p, x, units, v, new double[x.Length], hv, new double[x.Length]));
    }

    public static TheoryData<string, int> GatherCases() => new()
    {
        { nameof(VectorisedLoopObjectives.ShiftedWindow), 0 },
        { nameof(VectorisedLoopObjectives.ShiftedWindow), 3 },
        { nameof(VectorisedLoopObjectives.ShiftedWindow), 4 },
        { nameof(VectorisedLoopObjectives.ShiftedWindow), 9 },
        { nameof(VectorisedLoopObjectives.SkippingRosenbrock), 0 },
        { nameof(VectorisedLoopObjectives.SkippingRosenbrock), 2 },
        { nameof(VectorisedLoopObjectives.SkippingRosenbrock), 3 },
        { nameof(VectorisedLoopObjectives.SkippingRosenbrock), 8 },
    };

    /// <summary>
    /// Gradients in gather form overwrite every element, those the loop never reaches with zeros, and match finite
    /// differences; the pullback adds seed times the same gradient to what its adjoint held.
    /// </summary>
    [Theory]
    [MemberData(nameof(GatherCases))]
    public void Gather_form_gradients_overwrite_every_element_and_match_finite_differences(string name, int n)
    {
        VectorFunction function = name == nameof(VectorisedLoopObjectives.ShiftedWindow) ? VectorisedLoopObjectives.ShiftedWindow : VectorisedLoopObjectives.SkippingRosenbrock;
        VectorGradient gradientOf = name == nameof(VectorisedLoopObjectives.ShiftedWindow) ? VectorisedLoopObjectives.ShiftedWindowGradient : VectorisedLoopObjectives.SkippingRosenbrockGradient;
        double[] x = Values(11, n);
        double[] gradient = Enumerable.Repeat(double.NaN, n).ToArray();

        double value = gradientOf(x, gradient);

        Assert.Equal(function(x), value);
        double[] expected = FiniteDifferences.Gradient(p => function(p), x);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], gradient[i], 9);
        }

        var adjoint = Enumerable.Repeat(0.25, n).ToArray();
        if (name == nameof(VectorisedLoopObjectives.ShiftedWindow))
        {
            VectorisedLoopObjectives.ShiftedWindowPullback(x, -3.0, adjoint);
        }
        else
        {
            VectorisedLoopObjectives.SkippingRosenbrockPullback(x, -3.0, adjoint);
        }

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(0.25 - 3.0 * gradient[i], adjoint[i], 12);
        }
    }

    [Fact]
    public void Gather_form_hessian_vector_products_match_differences_of_the_gradient()
    {
        double[] x = Values(12, 9);
        CheckHessianVectorProduct(x, (p, g) => VectorisedLoopObjectives.ShiftedWindowGradient(p, g), (p, v, hv) => VectorisedLoopObjectives.ShiftedWindowHessianVectorProduct(p, v, hv));
        CheckHessianVectorProduct(x, (p, g) => VectorisedLoopObjectives.SkippingRosenbrockGradient(p, g), (p, v, hv) => VectorisedLoopObjectives.SkippingRosenbrockHessianVectorProduct(p, v, hv));
    }

    private delegate double Gradient(double[] point, double[] gradient);

    private delegate double Product(double[] point, double[] direction, double[] product);

    /// <summary>H v against central differences of the gradient along v.</summary>
    private static void CheckHessianVectorProduct(double[] x, Gradient gradient, Product product)
    {
        double[] v = x.Select((_, i) => Math.Cos(1.0 + i)).ToArray();
        var hv = new double[x.Length];
        product(x, v, hv);
        const double h = 1e-5;
        var plus = new double[x.Length];
        var minus = new double[x.Length];
        gradient(x.Select((xi, i) => xi + h * v[i]).ToArray(), plus);
        gradient(x.Select((xi, i) => xi - h * v[i]).ToArray(), minus);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((plus[i] - minus[i]) / (2 * h), hv[i], 6);
        }
    }
}
