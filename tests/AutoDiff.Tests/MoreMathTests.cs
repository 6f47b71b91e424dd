using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>LogP1, Log2P1, Log10P1, ExpM1, Exp2, Exp10, CopySign, ScaleB, IEEERemainder and <c>%</c> on doubles: gradients and H v against finite differences.</summary>
public class MoreMathTests
{
    private delegate double TwoArguments(double x, double y);

    private delegate double TwoGradients(double x, double y, out double gx, out double gy);

    private delegate double TwoProducts(double x, double y, double vx, double vy, out double hx, out double hy);

    public static TheoryData<string, double, double> Cases => new()
    {
        { "LogAndExpFamily", 0.7, -0.4 },
        { "LogAndExpFamily", -1.3, 0.9 },
        { "CopySignProduct", 0.7, -0.4 },
        { "CopySignProduct", -0.3, 0.8 },
        { "Remainder", 0.37, 1.3 },
        { "Remainder", -0.61, 0.9 },
        { "Modulo", 0.83, 1.1 },
        { "Modulo", -1.7, 0.8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientAndHessianVectorProduct_MatchFiniteDifferences(string name, double x, double y)
    {
        var (f, gradient, product) = Functions(name);
        double value = gradient(x, y, out double gx, out double gy);

        Assert.Equal(f(x, y), value);
        Assert.Equal(FiniteDifferences.Richardson(p => f(p[0], p[1]), [x, y], 0), gx, 7);
        Assert.Equal(FiniteDifferences.Richardson(p => f(p[0], p[1]), [x, y], 1), gy, 7);

        // H v against differences of the gradient along v.
        double[] v = [0.6, -0.8];
        product(x, y, v[0], v[1], out double hx, out double hy);
        double Directional(double t, int k)
        {
            gradient(x + (t * v[0]), y + (t * v[1]), out double ax, out double ay);
            return k == 0 ? ax : ay;
        }

        const double h = 1e-5;
        Assert.Equal((Directional(h, 0) - Directional(-h, 0)) / (2 * h), hx, 6);
        Assert.Equal((Directional(h, 1) - Directional(-h, 1)) / (2 * h), hy, 6);
    }

    [Theory]
    [InlineData(1.3, 2)]
    [InlineData(-0.4, 3)]
    [InlineData(2.0, 0)]
    public void ScaleB_IsLinearInItsDoubleArgument(double x, int n)
    {
        MoreMathObjectives.ScaledGradient(x, n, out double gradient);
        Assert.Equal((2 * x * Math.Pow(2, n)) + Math.Pow(2, -n), gradient, 13);
        MoreMathObjectives.ScaledHessianVectorProduct(x, n, 1.0, out double hv);
        Assert.Equal(2 * Math.Pow(2, n), hv, 13);
    }

    [Theory]
    [InlineData(0.8, 3)]
    [InlineData(-1.2, 2)]
    public void UsingStatic_DoubleSpellings_AndPowWithAnIntExponent_MatchFiniteDifferences(double x, int n)
    {
        double value = UsingStaticObjectives.MixedGradient(x, n, out double gradient);
        Assert.Equal(UsingStaticObjectives.Mixed(x, n), value);
        Assert.Equal(FiniteDifferences.Richardson(p => UsingStaticObjectives.Mixed(p[0], n), [x], 0), gradient, 8);
    }

    private static (TwoArguments F, TwoGradients Gradient, TwoProducts Product) Functions(string name) => name switch
    {
        "LogAndExpFamily" => (MoreMathObjectives.LogAndExpFamily, MoreMathObjectives.LogAndExpFamilyGradient, MoreMathObjectives.LogAndExpFamilyHessianVectorProduct),
        "CopySignProduct" => (MoreMathObjectives.CopySignProduct, MoreMathObjectives.CopySignProductGradient, MoreMathObjectives.CopySignProductHessianVectorProduct),
        "Modulo" => (MoreMathObjectives.Modulo, MoreMathObjectives.ModuloGradient, MoreMathObjectives.ModuloHessianVectorProduct),
        _ => (MoreMathObjectives.Remainder, MoreMathObjectives.RemainderGradient, MoreMathObjectives.RemainderHessianVectorProduct),
    };
}
