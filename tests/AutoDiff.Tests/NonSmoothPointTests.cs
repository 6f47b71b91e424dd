using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The documented one-sided derivatives at the points where a function has a kink, asserted exactly (finite
/// differences cannot decide these), and zero gradients for the piecewise-constant functions.
/// </summary>
public sealed class NonSmoothPointTests
{
    [Theory]
    [InlineData(0.0, 1.0)] // documented: Abs'(0) = +1
    [InlineData(2.0, 1.0)]
    [InlineData(-2.0, -1.0)]
    public void Abs_derivative_is_plus_one_at_zero_and_the_sign_elsewhere(double x, double expected)
    {
        NonSmoothObjectives.AbsOfGradient(x, out double gradient);

        Assert.Equal(expected, gradient);
    }

    [Fact]
    public void Abs_derivative_at_negative_zero_is_plus_one_too()
    {
        // -0.0 == 0.0, so the documented Abs'(0) = +1 applies; a sign-bit test would give -1 here.
        NonSmoothObjectives.AbsOfGradient(-0.0, out double gradient);

        Assert.Equal(1.0, gradient);
    }

    [Theory]
    [InlineData(1.5, 1.5, 1.0, 0.0)] // documented: a tie goes to the first argument
    [InlineData(0.0, 0.0, 1.0, 0.0)]
    [InlineData(2.0, 1.0, 1.0, 0.0)]
    [InlineData(1.0, 2.0, 0.0, 1.0)]
    public void Max_derivative_goes_to_the_larger_argument_and_to_the_first_on_a_tie(
        double a, double b, double expectedA, double expectedB)
    {
        double value = NonSmoothObjectives.MaxOfGradient(a, b, out double gradientA, out double gradientB);

        Assert.Equal(Math.Max(a, b), value);
        Assert.Equal(expectedA, gradientA);
        Assert.Equal(expectedB, gradientB);
    }

    [Theory]
    [InlineData(1.5, 1.5, 1.0, 0.0)] // documented: a tie goes to the first argument
    [InlineData(-3.0, -3.0, 1.0, 0.0)]
    [InlineData(2.0, 1.0, 0.0, 1.0)]
    [InlineData(1.0, 2.0, 1.0, 0.0)]
    public void Min_derivative_goes_to_the_smaller_argument_and_to_the_first_on_a_tie(
        double a, double b, double expectedA, double expectedB)
    {
        double value = NonSmoothObjectives.MinOfGradient(a, b, out double gradientA, out double gradientB);

        Assert.Equal(Math.Min(a, b), value);
        Assert.Equal(expectedA, gradientA);
        Assert.Equal(expectedB, gradientB);
    }

    [Theory]
    [InlineData(-1.0, -1.0, 2.0, 1.0, 0.0, 0.0)] // documented: value == lo goes to the value
    [InlineData(2.0, -1.0, 2.0, 1.0, 0.0, 0.0)] // documented: value == hi goes to the value
    [InlineData(0.5, -1.0, 2.0, 1.0, 0.0, 0.0)]
    [InlineData(-3.0, -1.0, 2.0, 0.0, 1.0, 0.0)]
    [InlineData(5.0, -1.0, 2.0, 0.0, 0.0, 1.0)]
    [InlineData(1.0, 1.0, 1.0, 1.0, 0.0, 0.0)] // lo == hi == value: still the value
    public void Clamp_derivative_goes_to_the_active_argument_and_to_the_value_on_a_bound(
        double v, double lo, double hi, double expectedV, double expectedLo, double expectedHi)
    {
        double value = NonSmoothObjectives.ClampOfGradient(
            v, lo, hi, out double gradientV, out double gradientLo, out double gradientHi);

        Assert.Equal(Math.Clamp(v, lo, hi), value);
        Assert.Equal(expectedV, gradientV);
        Assert.Equal(expectedLo, gradientLo);
        Assert.Equal(expectedHi, gradientHi);
    }

    [Theory]
    [InlineData(0.0, 2.0, 0.0)] // documented: d/dy = 0 when x <= 0; d/dx = y x^(y-1)
    [InlineData(0.0, 3.0, 0.0)]
    [InlineData(0.0, 1.0, 1.0)]
    [InlineData(-2.0, 3.0, 12.0)]
    [InlineData(-2.0, 2.0, -4.0)]
    [InlineData(-0.5, -1.0, -4.0)]
    public void Pow_exponent_derivative_is_zero_for_a_base_that_is_not_positive(double x, double y, double expectedX)
    {
        double value = NonSmoothObjectives.PowOfGradient(x, y, out double gradientX, out double gradientY);

        Assert.Equal(Math.Pow(x, y), value);
        Assert.Equal(expectedX, gradientX);
        Assert.Equal(0.0, gradientY);
    }

    [Fact]
    public void Hypot_gradient_is_zero_at_the_origin()
    {
        double value = NonSmoothObjectives.HypotOfGradient(0, 0, out double gradientX, out double gradientY);

        Assert.Equal(0.0, value);
        Assert.Equal(0.0, gradientX);
        Assert.Equal(0.0, gradientY);
    }

    [Fact]
    public void Hypot_second_derivatives_are_zero_at_the_origin_too()
    {
        NonSmoothObjectives.HypotOfHessianVectorProduct(0, 0, 1.0, -2.0, out double productX, out double productY);
        NonSmoothObjectives.HypotOfDirectionalDerivative(0, 0, 1.0, -2.0, out double derivative);

        Assert.Equal(0.0, productX);
        Assert.Equal(0.0, productY);
        Assert.Equal(0.0, derivative);
    }

    [Fact]
    public void Atan2_has_no_derivative_at_the_origin_and_says_so_with_NaN()
    {
        NonSmoothObjectives.Atan2OfGradient(0, 0, out double gradientY, out double gradientX);
        NonSmoothObjectives.Atan2OfHessianVectorProduct(0, 0, 1.0, 1.0, out double productY, out double productX);

        Assert.True(double.IsNaN(gradientY) && double.IsNaN(gradientX));
        Assert.True(double.IsNaN(productY) && double.IsNaN(productX));

        // Anywhere else, including on the cut (y = 0, x < 0), the derivatives are the ordinary ones.
        NonSmoothObjectives.Atan2OfGradient(0, -2, out gradientY, out gradientX);
        Assert.Equal(-0.5, gradientY, 15);
        Assert.Equal(0.0, gradientX, 15);
    }

    [Fact]
    public void Piecewise_constant_functions_have_a_zero_gradient_everywhere_including_at_their_jumps()
    {
        var random = new Random(20261124);
        double[][] points =
        [
            [0.0, 0.0], [1.0, -2.0], [0.5, 1.0], [-1.5, 2.5], // jumps of Sign, Floor, Ceiling, Round, Truncate
            [Sample.Uniform(random, -5, 5), Sample.Uniform(random, -5, 5)],
            [Sample.Uniform(random, -5, 5), Sample.Uniform(random, -5, 5)],
            [Sample.Uniform(random, -5, 5), Sample.Uniform(random, -5, 5)],
        ];

        foreach (double[] point in points)
        {
            double value = NonSmoothObjectives.StepFunctionsOnlyGradient(
                point[0], point[1], out double gradientX, out double gradientY);

            Assert.Equal(NonSmoothObjectives.StepFunctionsOnly(point[0], point[1]), value);
            Assert.Equal(0.0, gradientX);
            Assert.Equal(0.0, gradientY);
        }
    }
}
