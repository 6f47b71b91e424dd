using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>Gradients and Hessian-vector products of the loops the generator fuses, and of the shapes it must not fuse.</summary>
public sealed class FusionTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.7)]
    public void Fused_running_sum(double y)
    {
        double[] x = [0.5, -1.0, 2.0];
        var gx = new double[3];
        double f = FusionObjectives.SumOfSquaresGradient(x, y, gx, out double gy);

        Assert.Equal(FusionObjectives.SumOfSquares(x, y), f);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(2 * (x[i] - y), gx[i], 12);
        }

        Assert.Equal(-2 * ((x[0] - y) + (x[1] - y) + (x[2] - y)), gy, 12);
    }

    [Theory]
    [InlineData(1.8618)]
    [InlineData(-0.4)]
    public void A_value_overwritten_in_every_iteration_is_not_a_running_sum(double y)
    {
        double f = FusionObjectives.OverwrittenThenSummedGradient(y, out double gradient);

        Assert.Equal(FusionObjectives.OverwrittenThenSummed(y), f);
        Assert.Equal(1.0, gradient, 12);
    }

    [Fact]
    public void Values_the_loop_changes_survive_the_reverse_sweep()
    {
        double f = FusionObjectives.ScaledConstantGradient(0.7, out double gradient);

        Assert.Equal(5.0, FusionObjectives.ScaledConstant(0.7));
        Assert.Equal(5.0, f);
        Assert.Equal(0.0, gradient);
    }

    [Theory]
    [InlineData(-0.8)]
    [InlineData(1.3)]
    public void A_call_stored_in_an_array_element_has_its_tangent(double y)
    {
        FusionObjectives.CallIntoElementGradient(y, out double gradient);
        FusionObjectives.CallIntoElementHessianVectorProduct(y, 1.0, out double curvature);
        FusionObjectives.CallIntoElementDirectionalDerivative(y, 1.0, out double derivative);

        Assert.Equal(4 * y * y * y, gradient, 12);
        Assert.Equal(12 * y * y, curvature, 12);
        Assert.Equal(4 * y * y * y, derivative, 12);
    }

    [Fact]
    public void Fused_loop_second_order_matches_the_closed_form()
    {
        double[] x = [0.5, -1.0, 2.0], vx = [1.0, 0.5, -2.0];
        var hx = new double[3];
        FusionObjectives.SumOfSquaresHessianVectorProduct(x, 0.25, vx, 0.75, hx, out double hy);

        // f = sum (x_i - y)^2: H = [[2 I, -2 1], [-2 1', 2n]].
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(2 * vx[i] - 2 * 0.75, hx[i], 12);
        }

        Assert.Equal(-2 * (vx[0] + vx[1] + vx[2]) + 6 * 0.75, hy, 12);
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(-2.5)]
    public void Fused_loop_over_a_real_counter_increments_once_per_iteration(double y)
    {
        double f = FusionObjectives.RealCounterGradient(y, out double gradient);

        Assert.Equal(3 * y * y, FusionObjectives.RealCounter(y), 12);
        Assert.Equal(3 * y * y, f, 12);
        Assert.Equal(6 * y, gradient, 12);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.3)]
    public void A_sum_saved_before_its_loop_is_still_summed_right(double y)
    {
        double[] x = [0.5, -2.0, 1.25];
        var gx = new double[3];
        double f = FusionObjectives.SumSavedBeforeItsLoopGradient(x, y, gx, out double gy);

        double sum = x.Sum(), squares = x.Sum(v => v * v);
        Assert.Equal((y * y * y) + (y * y * sum) + (y * squares), f, 12);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((y * y) + (2 * y * x[i]), gx[i], 12);
        }

        Assert.Equal((3 * y * y) + (2 * y * sum) + squares, gy, 12);
    }

    [Fact]
    public void Fused_iterations_put_back_what_the_reverse_before_the_loop_reads()
    {
        double[] x = [0.7, -1.2, 0.4];
        var gradient = new double[3];
        double f = FusionObjectives.PrefixValueOverwrittenInLoopGradient(x, gradient);

        Assert.Equal(FusionObjectives.PrefixValueOverwrittenInLoop(x), f);
        Assert.Equal(2 * Math.Sin(x[0]) * Math.Cos(x[0]) + 6 * x[0], gradient[0], 12);
        Assert.Equal(6 * x[1], gradient[1], 12);
        Assert.Equal(6 * x[2], gradient[2], 12);
    }

    public delegate double Layers(ReadOnlySpan<double> weights, ReadOnlySpan<double> inputs, int inputCount, int outputCount);

    public delegate double LayersGradient(ReadOnlySpan<double> weights, ReadOnlySpan<double> inputs, int inputCount, int outputCount, Span<double> gradient);

    public delegate double LayersHessianVectorProduct(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> inputs, int inputCount, int outputCount, ReadOnlySpan<double> direction, Span<double> product);

    [Fact]
    public void Nested_fused_loops_match_finite_differences() => CheckLayers(
        FusionObjectives.NestedFusedLayers, FusionObjectives.NestedFusedLayersGradient, FusionObjectives.NestedFusedLayersHessianVectorProduct);

    [Fact]
    public void Partly_fused_loops_match_finite_differences() => CheckLayers(
        FusionObjectives.PartlyFusedLayers, FusionObjectives.PartlyFusedLayersGradient, FusionObjectives.PartlyFusedLayersHessianVectorProduct);

    private static void CheckLayers(Layers function, LayersGradient gradientOf, LayersHessianVectorProduct productOf)
    {
        const int inputCount = 4, outputCount = 3;
        var random = new Random(20261124);
        double[] inputs = new double[5 * inputCount];
        double[] weights = new double[outputCount * inputCount];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = 2 * random.NextDouble() - 1;
        }

        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = 2 * random.NextDouble() - 1;
        }

        var gradient = new double[weights.Length];
        double f = gradientOf(weights, inputs, inputCount, outputCount, gradient);
        double[] expected = FiniteDifferences.Gradient(w => function(w, inputs, inputCount, outputCount), weights);

        // The gradient's dot products over the inputs are vector kernels: the same sums, added in another order.
        double value = function(weights, inputs, inputCount, outputCount);
        Assert.Equal(value, f, 1e-14 * Math.Abs(value));
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal(expected[i], gradient[i], 8);
        }

        // Forward over the fused reverse: the Hessian-vector product against differences of the gradient.
        double[] direction = weights.Select((_, i) => Math.Cos(i)).ToArray();
        var product = new double[weights.Length];
        productOf(weights, inputs, inputCount, outputCount, direction, product);
        const double h = 1e-6;
        var plus = new double[weights.Length];
        var minus = new double[weights.Length];
        gradientOf(weights.Select((w, i) => w + h * direction[i]).ToArray(), inputs, inputCount, outputCount, plus);
        gradientOf(weights.Select((w, i) => w - h * direction[i]).ToArray(), inputs, inputCount, outputCount, minus);
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal((plus[i] - minus[i]) / (2 * h), product[i], 6);
        }
    }

    [Fact]
    public void A_loop_followed_by_independent_loops_matches_finite_differences()
    {
        double[] x = [0.4, -0.7, 1.1, 0.25], a = [0.3, -0.5, 0.9];
        var gx = new double[x.Length];
        var ga = new double[a.Length];
        double f = FusionObjectives.SumThenIndependentLoopsGradient(x, a, gx, ga);

        Assert.Equal(FusionObjectives.SumThenIndependentLoops(x, a), f, 1e-14);
        double[] expectedX = FiniteDifferences.Gradient(p => FusionObjectives.SumThenIndependentLoops(p, a), x);
        double[] expectedA = FiniteDifferences.Gradient(p => FusionObjectives.SumThenIndependentLoops(x, p), a);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expectedX[i], gx[i], 8);
        }

        for (int k = 0; k < a.Length; k++)
        {
            Assert.Equal(expectedA[k], ga[k], 8);
        }

        // Forward over the fused reverse: the Hessian-vector product against differences of the gradient.
        double[] vx = [0.5, 1.0, -0.25, 2.0], va = [-1.0, 0.75, 0.5];
        var hx = new double[x.Length];
        var ha = new double[a.Length];
        FusionObjectives.SumThenIndependentLoopsHessianVectorProduct(x, a, vx, va, hx, ha);
        const double h = 1e-6;
        var plusX = new double[x.Length];
        var plusA = new double[a.Length];
        var minusX = new double[x.Length];
        var minusA = new double[a.Length];
        FusionObjectives.SumThenIndependentLoopsGradient(
            x.Select((v, i) => v + h * vx[i]).ToArray(), a.Select((v, k) => v + h * va[k]).ToArray(), plusX, plusA);
        FusionObjectives.SumThenIndependentLoopsGradient(
            x.Select((v, i) => v - h * vx[i]).ToArray(), a.Select((v, k) => v - h * va[k]).ToArray(), minusX, minusA);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((plusX[i] - minusX[i]) / (2 * h), hx[i], 6);
        }

        for (int k = 0; k < a.Length; k++)
        {
            Assert.Equal((plusA[k] - minusA[k]) / (2 * h), ha[k], 6);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    public void A_loop_followed_by_a_loop_that_reads_its_sum_matches_the_closed_form(double y)
    {
        double[] x = [0.4, -0.7, 1.1];
        var gx = new double[x.Length];
        double f = FusionObjectives.SumThenLoopThatReadsItGradient(x, y, gx, out double gy);

        // f = (1 + y S1) S2 with S1 = sum x_i, S2 = sum x_i^2.
        double s1 = x.Sum(), s2 = x.Sum(v => v * v);
        Assert.Equal((1 + (y * s1)) * s2, f, 12);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((y * s2) + ((1 + (y * s1)) * 2 * x[i]), gx[i], 12);
        }

        Assert.Equal(s1 * s2, gy, 12);
    }

    [Fact]
    public void A_loop_that_may_throw_stays_after_the_sum_and_throws_as_written()
    {
        double[] x = [0.4, -0.7, 1.1], a = [0.5, 2.0];
        var gx = new double[x.Length];
        var ga = new double[a.Length];
        double f = FusionObjectives.SumThenLoopThatThrowsGradient(x, a, 1.5, gx, ga, out double gy);

        Assert.Equal((1.5 * x.Sum()) + Math.Log(4.25), f, 12);
        Assert.All(gx, g => Assert.Equal(1.5, g, 12));
        Assert.Equal(1.0 / 4.25, ga[0], 12);
        Assert.Equal(4.0 / 4.25, ga[1], 12);
        Assert.Equal(x.Sum(), gy, 12);

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => FusionObjectives.SumThenLoopThatThrowsGradient(x, [1.0, -1.0], 1.5, gx, ga, out _));
        Assert.Equal("a", thrown.ParamName);
    }

    [Fact]
    public void A_saved_call_and_the_value_recomputed_from_it_give_the_closed_form()
    {
        double[] x = [0.3, -1.2, 0.8, 0.05];
        var gradient = new double[x.Length];
        double f = FusionObjectives.ProductOfExponentialsGradient(x, gradient);

        // f = prod (e^x_i + x_i): df/dx_i = f (e^x_i + 1) / (e^x_i + x_i); d2f/dx_i dx_j = f u_i u_j (i != j), f e^x_i / (e^x_i + x_i) (i = j).
        double[] u = x.Select(v => (Math.Exp(v) + 1) / (Math.Exp(v) + v)).ToArray();
        double product = x.Aggregate(1.0, (p, v) => p * (Math.Exp(v) + v));
        Assert.Equal(product, f, 12);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(product * u[i], gradient[i], 12);
        }

        double[] direction = [1.0, -0.5, 0.25, 2.0];
        var hv = new double[x.Length];
        FusionObjectives.ProductOfExponentialsHessianVectorProduct(x, direction, hv);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = 0;
            for (int j = 0; j < x.Length; j++)
            {
                expected += direction[j] * (i == j ? product * Math.Exp(x[i]) / (Math.Exp(x[i]) + x[i]) : product * u[i] * u[j]);
            }

            Assert.Equal(expected, hv[i], 11);
        }
    }
}
