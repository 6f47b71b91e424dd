using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// One objective per differentiable function of <see cref="Math"/> (and the same names on <see cref="double"/>), each
/// wrapped in a little arithmetic so the chain rule runs through it. The comment on each method gives the domain
/// <see cref="GradientCases"/> samples from: inside it the function is smooth, so finite differences are meaningful.
/// </summary>
public static partial class ElementaryObjectives
{
    // x, y anywhere in [-3, 3].
    [Differentiable]
    public static double SinOfProduct(double x, double y) => Math.Sin(x * y) + y;

    // x, y anywhere in [-3, 3].
    [Differentiable]
    public static double CosOfSum(double x, double y) => x * Math.Cos(x + 2 * y);

    // x in [-2, 2], so |x / 2| <= 1 stays well inside (-pi/2, pi/2).
    [Differentiable]
    public static double TanOfHalf(double x) => Math.Tan(0.5 * x) * x;

    // x in [-1.6, 1.6], so |x / 2| <= 0.8 < 1.
    [Differentiable]
    public static double AsinOfHalf(double x, double y) => Math.Asin(x / 2) * y;

    // x in [-2, 2], so |0.4 x| <= 0.8 < 1.
    [Differentiable]
    public static double AcosOfScaled(double x) => Math.Acos(0.4 * x) + x * x;

    // x anywhere in [-2, 2].
    [Differentiable]
    public static double AtanOfCubic(double x) => Math.Atan(x * x * x - x);

    // x in [0.2, 3] keeps the point off the origin and off the branch cut on the negative x axis.
    [Differentiable]
    public static double Atan2OfPoint(double y, double x) => Math.Atan2(y, x);

    // x anywhere in [-3, 3].
    [Differentiable]
    public static double SinhOfScaled(double x) => Math.Sinh(0.7 * x) / 3;

    // x, y anywhere in [-2, 2].
    [Differentiable]
    public static double CoshOfDifference(double x, double y) => Math.Cosh(x - y) * y;

    // x, y anywhere in [-2, 2].
    [Differentiable]
    public static double TanhOfSum(double x, double y) => Math.Tanh(2 * x + y);

    // x, y anywhere in [-3, 3].
    [Differentiable]
    public static double AsinhOfProduct(double x, double y) => Math.Asinh(x * y);

    // Any x: the argument 1.5 + x^2 >= 1.5 stays away from Acosh's edge at 1.
    [Differentiable]
    public static double AcoshOfShiftedSquare(double x) => Math.Acosh(1.5 + x * x);

    // x in [-1.6, 1.6], so |x / 2| <= 0.8 < 1.
    [Differentiable]
    public static double AtanhOfHalf(double x) => Math.Atanh(x / 2);

    // x, y anywhere in [-2, 2].
    [Differentiable]
    public static double GaussianBump(double x, double y) => Math.Exp(-x * x) * y;

    // Any x; y in [0.5, 4] (Log needs a positive argument).
    [Differentiable]
    public static double LogOfSquarePlusOne(double x, double y) => Math.Log(1 + x * x) + Math.Log(y);

    // value in [0.5, 5], newBase in [1.5, 6]: both positive and the base away from 1.
    [Differentiable]
    public static double LogWithBase(double value, double newBase) => Math.Log(value, newBase);

    // Any x: the argument x^2 + 0.1 is positive.
    [Differentiable]
    public static double Log10OfShiftedSquare(double x) => Math.Log10(x * x + 0.1);

    // x, y in [0.3, 3]: the product is positive.
    [Differentiable]
    public static double Log2OfProduct(double x, double y) => Math.Log2(x * y);

    // Any x, y: the argument is at least 1.
    [Differentiable]
    public static double SqrtOfNormPlusOne(double x, double y) => Math.Sqrt(x * x + y * y + 1);

    // |x| in [0.3, 4], either sign: Cbrt is defined for negative arguments but not differentiable at 0.
    [Differentiable]
    public static double CbrtTimes(double x, double y) => Math.Cbrt(x) * y;

    // x in [0.3, 3] (a positive base, so d/dy = ln(x) x^y exists), y in [-2, 3].
    [Differentiable]
    public static double PowOfPositiveBase(double x, double y) => Math.Pow(x, y);

    // x in [-3, 3], either sign: with a constant integer exponent Pow is a polynomial, smooth for a negative base.
    [Differentiable]
    public static double PowWithIntegerExponents(double x) => Math.Pow(x, 3) - 2 * Math.Pow(x, 2.0);

    // |x| in [0.2, 3], either sign (Abs is not differentiable at 0); y anywhere.
    [Differentiable]
    public static double AbsTimes(double x, double y) => Math.Abs(x) * y;

    // x, y in [-2, 2] with |x - y^2| > 0.05: away from the tie.
    [Differentiable]
    public static double MaxOfLineAndParabola(double x, double y) => Math.Max(x, y * y);

    // x, y in [-2, 2] with |x y - (1 - x)| > 0.05: away from the tie.
    [Differentiable]
    public static double MinOfProductAndLine(double x, double y) => Math.Min(x * y, 1 - x);

    // v in [-2, 2], lo in [0, 1], width anywhere; v^2 at least 0.05 away from both bounds.
    [Differentiable]
    public static double ClampOfSquare(double v, double lo, double width) =>
        2 * Math.Clamp(v * v, lo, lo + 1 + width * width) + v;

    // x, y, z anywhere in [-3, 3].
    [Differentiable]
    public static double FusedMultiplyAddOfSquare(double x, double y, double z) => Math.FusedMultiplyAdd(x, y, z * z);

    // (x, y) at least 0.3 away from the origin; z anywhere.
    [Differentiable]
    public static double HypotTimes(double x, double y, double z) => double.Hypot(x, y) * z;

    // |x| in [0.2, 3]: Sign is constant there, so the derivative is Sign(x) * 2x.
    [Differentiable]
    public static double SignedSquare(double x) => Math.Sign(x) * x * x;

    // x, y in [-3, 3] at least 0.02 away from every multiple of 0.5, where Floor, Ceiling, Round and Truncate jump.
    [Differentiable]
    public static double StepFunctionFactors(double x, double y) =>
        x * Math.Floor(y) + y * Math.Ceiling(x) + Math.Round(x) * Math.Truncate(y) * x;

    // x, y in [-2, 2]: the same functions spelled as static members of double (generic math).
    [Differentiable]
    public static double SameNamesOnDouble(double x, double y) =>
        double.Sin(x) * double.Exp(y) + double.Sqrt(double.Hypot(x, y) + 1) - double.Atan2(y, 2 + x * x)
        + double.Tanh(x * y) + double.Log(2 + double.Cos(y)) + double.Pow(1 + x * x, 0.5 * y);
}
