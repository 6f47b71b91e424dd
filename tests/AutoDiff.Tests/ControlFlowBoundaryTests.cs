using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Exactly at a branch boundary the generated gradient is the gradient of the branch the program takes (the
/// comparison decides, as in the function itself); finite differences cannot decide these, so they are asserted here.
/// </summary>
public sealed class ControlFlowBoundaryTests
{
    [Theory]
    [InlineData(1.0, 3.0)] // x < 1 is false at 1: the middle branch 3x - 2, slope 3 (left slope 2)
    [InlineData(2.0, 1.0)] // x < 2 is false at 2: the last branch 4 + sin(x - 2), slope cos 0 = 1 (left slope 3)
    [InlineData(0.0, 0.0)]
    public void Piecewise_function_takes_the_right_hand_branch_at_its_kinks(double x, double expected)
    {
        double value = ControlFlowObjectives.PiecewiseQuadraticLinearSineGradient(x, out double gradient);

        Assert.Equal(ControlFlowObjectives.PiecewiseQuadraticLinearSine(x), value);
        Assert.Equal(expected, gradient);
    }

    [Fact]
    public void Huber_loss_at_plus_and_minus_delta_uses_the_quadratic_branch()
    {
        // |r| <= delta holds at |r| = delta, so the derivative is r itself (which equals delta sign r there).
        double[] residuals = [1.0, -1.0, 2.0, -0.5];
        var gradient = new double[residuals.Length];

        double value = ControlFlowObjectives.HuberLossGradient(residuals, 1.0, gradient);

        Assert.Equal(0.5 + 0.5 + 1.5 + 0.125, value);
        Assert.Equal([1.0, -1.0, 1.0, -0.5], gradient);
    }

    [Fact]
    public void Leaky_relu_at_zero_takes_the_leaky_branch()
    {
        // x > 0 is false at 0, so entry i gets (i + 1) * 0.1.
        double[] x = [0.0, 0.0, 3.0];
        var gradient = new double[x.Length];

        ControlFlowObjectives.LeakyReluSumGradient(x, gradient);

        Assert.Equal([0.1, 0.2, 3.0], gradient);
    }

    [Fact]
    public void A_partial_sum_exactly_at_the_budget_does_not_break()
    {
        // After two entries the sum is exactly 2 = budget; sum > budget is false, so the loop goes on to the third
        // entry, passes the budget there and breaks before the fourth.
        double[] x = [1.0, -1.0, 0.5, 4.0];
        var gradient = new double[x.Length];

        double value = ControlFlowObjectives.SumOfSquaresUntilBudgetGradient(x, 2.0, gradient);

        Assert.Equal(2.25, value);
        Assert.Equal([2.0, -2.0, 1.0, 0.0], gradient);
    }

    [Fact]
    public void An_entry_exactly_at_the_return_threshold_does_not_return()
    {
        // x[1] == 1.5 is not > 1.5: it is squared into the sum; x[2] = 2 returns 2 (1 + 1 + 2.25 + 1).
        double[] x = [1.0, 1.5, 2.0, 7.0];
        var gradient = new double[x.Length];

        double value = ControlFlowObjectives.ReturnAtFirstLargeEntryGradient(x, gradient);

        Assert.Equal(2 * (1 + 1 + 2.25), value);
        Assert.Equal([2 * 2 * 1.0, 2 * 2 * 1.5, 1 + 1 + 2.25, 0.0], gradient);
    }

    [Fact]
    public void Sorting_keeps_tied_entries_in_their_original_order()
    {
        // The swap needs sorted[i] > sorted[i + 1], so equal entries never swap: the first 1.0 gets weight 2, the second 3.
        double[] x = [1.0, 1.0, -2.0];
        var gradient = new double[x.Length];

        double value = LocalArrayObjectives.SortedWeightedSumGradient(x, gradient);

        Assert.Equal(-2.0 + 2 * 1.0 + 3 * 1.0, value);
        Assert.Equal([2.0, 3.0, 1.0], gradient);
    }

    [Fact]
    public void Running_maximum_keeps_the_earlier_entry_on_a_tie()
    {
        // Candidates x_i^2 - i: 4, -1, -2, -3, -4, 4. The last ties with the first (candidate > best is false), so
        // best stays x_0^2 all along: f = 6 x_0^2 + ..., df/dx_0 = 12 x_0 = 24 and x_5 gets nothing.
        double[] x = [2.0, 0.0, 0.0, 0.0, 0.0, 3.0];
        var gradient = new double[x.Length];

        double value = ControlFlowObjectives.RunningMaximumSumGradient(x, gradient);

        Assert.Equal(24.0, value);
        Assert.Equal([24.0, 0.0, 0.0, 0.0, 0.0, 0.0], gradient);
    }

    [Fact]
    public void Halving_loop_stops_at_exactly_one()
    {
        // x = 1: v = x^2 + 1 = 2 halves once to exactly 1 and v > 1 stops, so f = (x^2 + 1) e^x / 2 there and
        // df/dx = (2x + x^2 + 1) e^x / 2 = 2e (a second halving would give e).
        double value = ControlFlowObjectives.HalveUntilAtMostOneGradient(1.0, out double gradient);

        Assert.Equal(Math.E, value);
        Assert.Equal(2 * Math.E, gradient, 14);
    }

    [Fact]
    public void Differentiating_the_fixed_point_iteration_recovers_the_implicit_derivative()
    {
        // t = c cos t, so dt/dc = cos t / (1 + c sin t). The derivative iterates converge like the values do.
        foreach (double c in new[] { -0.8, -0.3, 0.2, 0.7 })
        {
            double t = ControlFlowObjectives.CosineFixedPointGradient(c, out double gradient);

            Assert.Equal(c * Math.Cos(t), t, 14);
            double implicitDerivative = Math.Cos(t) / (1 + c * Math.Sin(t));
            Assert.Equal(implicitDerivative, gradient, 11);
        }
    }

    [Fact]
    public void Differentiating_newton_square_root_gives_one_over_twice_the_root()
    {
        // The derivative lags the value by one Newton step (its error is about the last step's relative error), so
        // it is checked to 1e-7 relative while the value is exact to rounding.
        foreach (double a in new[] { 0.25, 2.0, 9.0, 40.0 })
        {
            double root = ControlFlowObjectives.NewtonSquareRootGradient(a, out double gradient);

            Assert.Equal(Math.Sqrt(a), root, 14);
            double expected = 1 / (2 * Math.Sqrt(a));
            Assert.True(Math.Abs(gradient - expected) <= 1e-7 * expected, $"a = {a}: {gradient:R}, expected {expected:R}");
        }
    }
    [Theory]
    [InlineData(2.0)]
    [InlineData(8.0)]
    [InlineData(30.0)]
    public void Bisection_is_differentiated_as_the_program_that_ran_not_as_the_root(double a)
    {
        // Every iterate is a dyadic multiple of a (0.5 (low + high) with low, high in {0, a, earlier midpoints}),
        // so the result is c a and its derivative c = result / a (up to rounding: 60 halvings outrun the 53-bit
        // significand); the root's derivative would be 1/(3 a^(2/3)).
        double root = LoopShapeObjectives.CubeRootByBisectionGradient(a, out double gradient);

        Assert.Equal(Math.Cbrt(a), root, 12);
        Assert.Equal(root / a, gradient, 14);
        Assert.NotEqual(1 / (3 * Math.Cbrt(a) * Math.Cbrt(a)), gradient, 3);
    }
}
