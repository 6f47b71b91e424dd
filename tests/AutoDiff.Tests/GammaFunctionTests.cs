using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The runtime's polygamma function against known values and its own derivatives, and the derivatives of methods using
/// Math.NET's GammaLn and the polygamma function against closed forms and central differences.
/// </summary>
public class GammaFunctionTests
{
    private const double EulerGamma = 0.57721566490153286;
    private const double Zeta3 = 1.2020569031595943;

    [Theory]
    [InlineData(0, 1.0, -EulerGamma)]
    [InlineData(0, 0.5, -EulerGamma - (2 * 0.69314718055994531))]
    [InlineData(0, 2.0, 1 - EulerGamma)]
    [InlineData(0, 100.0, 4.6001618527380874)]
    [InlineData(0, -0.5, 0.036489973978576520)]
    [InlineData(1, 1.0, Math.PI * Math.PI / 6)]
    [InlineData(1, 0.5, Math.PI * Math.PI / 2)]
    [InlineData(1, -0.5, (Math.PI * Math.PI / 2) + 4)]
    [InlineData(2, 1.0, -2 * Zeta3)]
    [InlineData(2, 0.5, -14 * Zeta3)]
    [InlineData(3, 1.0, Math.PI * Math.PI * Math.PI * Math.PI / 15)]
    [InlineData(3, 0.5, Math.PI * Math.PI * Math.PI * Math.PI)]
    public void Polygamma_MatchesKnownValues(int order, double x, double expected) =>
        Assert.True(
            Math.Abs(GammaFunctions.Polygamma(order, x) - expected) <= 4e-15 * Math.Max(1, Math.Abs(expected)),
            $"psi^({order})({x}) = {GammaFunctions.Polygamma(order, x):R}, expected {expected:R}");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Polygamma_IsTheDerivativeOfTheOrderBelow(int order)
    {
        foreach (double x in new[] { -3.7, -1.25, -0.4, 0.05, 0.3, 1.4616, 2.5, 7.0, 14.9, 15.1, 40.0 })
        {
            double derivative = FiniteDifferences.Richardson(p => GammaFunctions.Polygamma(order, p[0]), [x], 0);
            double next = GammaFunctions.Polygamma(order + 1, x);
            Assert.True(Math.Abs(derivative - next) <= 1e-6 * Math.Max(1, Math.Abs(next)), $"d/dx psi^({order})({x}) = {derivative}, psi^({order + 1}) = {next}");
        }
    }

    [Fact]
    public void Polygamma_OfDigamma_IsTheDerivativeOfMathNetsGammaLn()
    {
        // Math.NET's GammaLn is NaN where Gamma(x) < 0 (see GammaLn_Derivative_IsDigammaWhereTheValueIsFinite_AndNaNWhereItIsNaN).
        foreach (double x in new[] { 0.2, 1.0, 3.3, 12.0, 80.0 })
        {
            double derivative = FiniteDifferences.Richardson(p => MathNet.Numerics.SpecialFunctions.GammaLn(p[0]), [x], 0);
            Assert.True(Math.Abs(derivative - GammaFunctions.Polygamma(0, x)) <= 1e-7 * Math.Max(1, Math.Abs(derivative)), $"at {x}");
        }
    }

    /// <summary>
    /// Math.NET's GammaLn is ln |Gamma(x)| where Gamma(x) &gt; 0 (also for some x &lt; 0) and NaN where Gamma(x) &lt; 0: the
    /// generated derivative is digamma where the value is finite, and NaN where it is NaN (not digamma's finite value).
    /// </summary>
    [Theory]
    [InlineData(-1.5)]
    [InlineData(-3.25)]
    [InlineData(0.7)]
    [InlineData(-0.5)]
    [InlineData(-2.5)]
    public void GammaLn_Derivative_IsDigammaWhereTheValueIsFinite_AndNaNWhereItIsNaN(double x)
    {
        double value = GammaObjectives.LogGammaOfScaledGradient(x, out double gradient);
        GammaObjectives.LogGammaOfScaledHessianVectorProduct(x, 1.0, out double hv);
        if (double.IsNaN(MathNet.Numerics.SpecialFunctions.GammaLn(x)))
        {
            Assert.True(double.IsNaN(value) && double.IsNaN(gradient) && double.IsNaN(hv), $"at {x}: {value}, {gradient}, {hv}");
            return;
        }

        Assert.Equal(2 * GammaFunctions.Polygamma(0, x), gradient, 12);
        Assert.Equal(FiniteDifferences.Richardson(p => GammaObjectives.LogGammaOfScaled(p[0]), [x], 0), gradient, 6);
        Assert.Equal(2 * GammaFunctions.Polygamma(1, x), hv, 10);
    }

    [Fact]
    public void Polygamma_IsNaNAtThePoles_AndRefusesANegativeOrder()
    {
        Assert.True(double.IsNaN(GammaFunctions.Polygamma(0, 0.0)));
        Assert.True(double.IsNaN(GammaFunctions.Polygamma(1, -3.0)));
        Assert.True(double.IsNaN(GammaFunctions.Polygamma(2, double.NaN)));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GammaFunctions.Polygamma(-1, 1.0));
        Assert.Equal("order", error.ParamName);
    }

    [Fact]
    public void GammaNegativeLogLikelihood_GradientAndHessianColumns_MatchClosedForms()
    {
        double[] observations = [0.8, 2.3, 1.1, 4.0, 1.7];
        double[] p = [0.3, -0.2];
        double a = Math.Exp(p[0]), b = Math.Exp(p[1]);
        double n = observations.Length, sumX = 0, sumLogX = 0;
        foreach (double x in observations)
        {
            sumX += x;
            sumLogX += Math.Log(x);
        }

        var gradient = new double[2];
        double value = GammaObjectives.GammaNegativeLogLikelihoodGradient(p, observations, gradient);
        Assert.Equal(GammaObjectives.GammaNegativeLogLikelihood(p, observations), value);

        // d/dp0 = a (n psi(a) - n ln b - sum ln x); d/dp1 = -n a + b sum x.
        double psi = GammaFunctions.Polygamma(0, a), trigamma = GammaFunctions.Polygamma(1, a);
        Assert.Equal(a * ((n * psi) - (n * Math.Log(b)) - sumLogX), gradient[0], 13);
        Assert.Equal((-n * a) + (b * sumX), gradient[1], 13);

        var firstColumn = new double[2];
        var secondColumn = new double[2];
        GammaObjectives.GammaNegativeLogLikelihoodHessianVectorProduct(p, observations, [1.0, 0.0], firstColumn);
        GammaObjectives.GammaNegativeLogLikelihoodHessianVectorProduct(p, observations, [0.0, 1.0], secondColumn);
        double h00 = (a * ((n * psi) - (n * Math.Log(b)) - sumLogX)) + (a * a * n * trigamma);
        Assert.Equal(h00, firstColumn[0], 12);
        Assert.Equal(-n * a, firstColumn[1], 12);
        Assert.Equal(-n * a, secondColumn[0], 12);
        Assert.Equal(b * sumX, secondColumn[1], 12);
    }

    [Fact]
    public void PolygammaMix_MatchesFiniteDifferences()
    {
        double[] point = [0.7, 1.9];
        double value = GammaObjectives.PolygammaMixGradient(point[0], point[1], out double dx, out double dy);
        Assert.Equal(GammaObjectives.PolygammaMix(point[0], point[1]), value);
        var expected = FiniteDifferences.Gradient(q => GammaObjectives.PolygammaMix(q[0], q[1]), point);
        GradientAssert.Close("PolygammaMix", point, expected, [dx, dy], GradientAssert.FiniteDifferenceTolerance, "finite differences");

        GammaObjectives.PolygammaMixHessianVectorProduct(point[0], point[1], 1.0, 0.0, out double hx, out double hy);
        double hxx = FiniteDifferences.Richardson(q => { GammaObjectives.PolygammaMixGradient(q[0], point[1], out double g, out _); return g; }, [point[0]], 0);
        double hyx = FiniteDifferences.Richardson(q => { GammaObjectives.PolygammaMixGradient(q[0], point[1], out _, out double g); return g; }, [point[0]], 0);
        Assert.True(Math.Abs(hx - hxx) <= 1e-7 * Math.Max(1, Math.Abs(hxx)), $"H_xx = {hx}, finite differences {hxx}");
        Assert.True(Math.Abs(hy - hyx) <= 1e-7 * Math.Max(1, Math.Abs(hyx)), $"H_yx = {hy}, finite differences {hyx}");
    }
}
