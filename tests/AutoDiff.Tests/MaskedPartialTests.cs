using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// A branch not taken contributes nothing: at points where an unused value's partial is infinite (Sqrt or Log at 0,
/// a division by 0, Exp overflowing), gradient, directional derivative and Hessian-vector product are the ones of the
/// branch taken, not NaN. Asserted against closed forms.
/// </summary>
public sealed class MaskedPartialTests
{
    private static void AssertDerivatives(
        Func<double[], double[], double> gradient,
        Func<double[], double[], double[], double> hessianVectorProduct,
        double[] x,
        double[] expectedGradient,
        double[] direction,
        double[] expectedProduct)
    {
        var g = new double[x.Length];
        gradient(x, g);
        Assert.Equal(expectedGradient, g);

        var hv = new double[x.Length];
        hessianVectorProduct(x, direction, hv);
        Assert.Equal(expectedProduct, hv);
    }

    [Fact]
    public void Penalty_inside_the_circle_has_the_gradient_of_its_linear_branch_at_the_origin()
    {
        // f = 0.5 x1 near the origin; r = |x| has an infinite partial there (it used to make the gradient NaN).
        AssertDerivatives(
            (x, g) => MaskedPartialObjectives.PenaltyOutsideUnitCircleGradient(x, g),
            (x, v, hv) => MaskedPartialObjectives.PenaltyOutsideUnitCircleHessianVectorProduct(x, v, hv),
            [0.0, 0.0], [0.0, 0.5], [1.0, 1.0], [0.0, 0.0]);
        MaskedPartialObjectives.PenaltyOutsideUnitCircleDirectionalDerivative([0.0, 0.0], [1.0, -2.0], out double derivative);
        Assert.Equal(-1.0, derivative);
    }

    [Fact]
    public void Penalty_outside_the_circle_still_differentiates_its_other_branch()
    {
        // f = (r - 1)^2 at (3, 4): r = 5, grad = 2 (r - 1) x / r = (4.8, 6.4).
        var g = new double[2];
        MaskedPartialObjectives.PenaltyOutsideUnitCircleGradient([3.0, 4.0], g);
        Assert.Equal(4.8, g[0], 12);
        Assert.Equal(6.4, g[1], 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Log_masked_by_an_if_gives_the_derivative_of_the_branch_taken(double x0)
    {
        AssertDerivatives(
            (x, g) => MaskedPartialObjectives.LogMaskedByIfGradient(x, g),
            (x, v, hv) => MaskedPartialObjectives.LogMaskedByIfHessianVectorProduct(x, v, hv),
            [x0, 2.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]);
    }

    [Fact]
    public void Quotient_masked_by_a_ternary_gives_the_derivative_of_the_branch_taken()
    {
        // At x1 = 0: f = x0 x1 + x0, grad = (x1 + 1, x0) = (1, 3), H = [[0, 1], [1, 0]].
        AssertDerivatives(
            (x, g) => MaskedPartialObjectives.QuotientMaskedByTernaryGradient(x, g),
            (x, v, hv) => MaskedPartialObjectives.QuotientMaskedByTernaryHessianVectorProduct(x, v, hv),
            [3.0, 0.0], [1.0, 3.0], [1.0, 2.0], [2.0, 1.0]);
    }

    [Fact]
    public void Exp_overflowing_in_a_branch_not_taken_does_not_poison_the_gradient()
    {
        // At x0 = 800: f = x1^2, grad = (0, 2 x1), H = [[0, 0], [0, 2]].
        AssertDerivatives(
            (x, g) => MaskedPartialObjectives.OverflowMaskedByTernaryGradient(x, g),
            (x, v, hv) => MaskedPartialObjectives.OverflowMaskedByTernaryHessianVectorProduct(x, v, hv),
            [800.0, 3.0], [0.0, 6.0], [1.0, 1.0], [0.0, 2.0]);
    }

    [Fact]
    public void A_zero_adjoint_with_a_non_zero_tangent_still_contributes_to_the_hessian_vector_product()
    {
        // f = (x1 - 1) sqrt(x0) at (4, 1): grad = ((x1 - 1) / (2 sqrt x0), sqrt x0) = (0, 2);
        // H = [[-(x1 - 1) / (4 x0^1.5), 1 / (2 sqrt x0)], [1 / (2 sqrt x0), 0]] = [[0, 0.25], [0.25, 0]].
        AssertDerivatives(
            (x, g) => MaskedPartialObjectives.ZeroAdjointWithNonZeroTangentGradient(x, g),
            (x, v, hv) => MaskedPartialObjectives.ZeroAdjointWithNonZeroTangentHessianVectorProduct(x, v, hv),
            [4.0, 1.0], [0.0, 2.0], [1.0, 1.0], [0.25, 0.25]);
    }

    [Fact]
    public void Away_from_the_masked_points_the_guarded_derivatives_match_finite_differences()
    {
        double[] point = [0.7, 1.3];
        var g = new double[2];
        MaskedPartialObjectives.QuotientMaskedByTernaryGradient(point, g);
        var expected = FiniteDifferences.Gradient(x => MaskedPartialObjectives.QuotientMaskedByTernary(x), point);
        Assert.Equal(expected[0], g[0], 8);
        Assert.Equal(expected[1], g[1], 8);

        MaskedPartialObjectives.LogMaskedByIfGradient(point, g);
        expected = FiniteDifferences.Gradient(x => MaskedPartialObjectives.LogMaskedByIf(x), point);
        Assert.Equal(expected[0], g[0], 8);
        Assert.Equal(expected[1], g[1], 8);
    }
}
