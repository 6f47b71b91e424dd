using System;
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
}
