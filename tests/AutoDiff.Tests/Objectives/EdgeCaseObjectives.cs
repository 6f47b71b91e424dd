using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Source shapes a generator can get wrong while the mathematics stays simple: argument order, integer arithmetic,
/// names that collide with what the generator invents, overloads, and constants that do not print as plain numbers.
/// </summary>
public static partial class EdgeCaseObjectives
{
    private const double NegativeOffset = -2.5;

    private static readonly double Huge = double.MaxValue;

    /// <summary>Named arguments in an order other than the parameters': the derivative must follow the parameter.</summary>
    [Differentiable]
    public static double NamedArgumentsOutOfOrder(double a, double b) =>
        Math.Pow(y: 3.0, x: a) + Math.Atan2(x: a + 3, y: b) + Math.Log(newBase: 3.0, a: a * a + 1)
        + Math.FusedMultiplyAdd(z: a, x: b, y: 2.0) + Math.Clamp(max: 10.0, min: -10.0, value: a * b);

    /// <summary>An int local used as an index, then reassigned: each read must use the index it had at the time.</summary>
    [Differentiable]
    public static double ReassignedIntegerIndex(ReadOnlySpan<double> x)
    {
        int i = 0;
        double s = x[i] * x[i];
        i = 2;
        s += 3 * x[i] * x[i - 1];
        return s;
    }

    /// <summary>Integer division and the int overloads of Max, Abs and Sign stay integer constants.</summary>
    [Differentiable]
    public static double IntegerArithmetic(double x, int k) =>
        x * (k / 2) + (k / 2) * x * x + Math.Max(k, 1) * x + Math.Abs(k) * x * x + Math.Sign(k) * x;

    /// <summary>Locals and a parameter named like the generator's temporaries, adjoints and value.</summary>
    [Differentiable]
    public static double NamesLikeGeneratedOnes(double x, double t0)
    {
        double value = x * t0;
        double x_bar = value * value;
        double value_bar = Math.Sin(x_bar);
        double t1 = value_bar + x;
        return t1 * x;
    }

    /// <summary>A parameter called xGradient next to x: the output for x cannot take the name xGradient.</summary>
    [Differentiable]
    public static double ParameterNamedLikeAnOutput(double x, double xGradient) => x * Math.Exp(xGradient) + xGradient;

    /// <summary>Two overloads: each gets its own gradient.</summary>
    [Differentiable]
    public static double Overloaded(double x) => x * x * x;

    /// <inheritdoc cref="Overloaded(double)"/>
    [Differentiable]
    public static double Overloaded(ReadOnlySpan<double> x) => x[0] * x[1] + Math.Sin(x[1]);

    /// <summary><c>var</c>, a declaration without initializer, unary plus and explicit casts.</summary>
    [Differentiable]
    public static double VarLateInitializationAndCasts(double x, int k)
    {
        var a = x * 2;
        double b;
        b = a * +x;
        return a + b + (double)k * x + (double)(k / 2) * x * x;
    }

    /// <summary>double.Pi, double.E, double.Tau, a qualified negative const and infinities as starting values.</summary>
    [Differentiable]
    public static double ConstantsThatNeedCare(double x)
    {
        double best = double.PositiveInfinity;
        best = Math.Min(best, x * x);
        double floor = double.NegativeInfinity;
        floor = Math.Max(floor, -x);
        return double.Pi * x + double.E * best + double.Tau + floor - EdgeCaseObjectives.NegativeOffset * x
            - NegativeOffset - -x + 0 * Huge;
    }

    /// <summary>A local combined with itself by every compound assignment.</summary>
    [Differentiable]
    public static double SelfCompoundAssignments(double x)
    {
        double s = x + 1;
        s *= s;
        s += s;
        double r = Math.Sin(x);
        r -= r;
        double q = x * x + 1;
        q /= q;
        return s + r + q;
    }

    /// <summary>Parameters that the body never reads: their outputs must still be overwritten, with zeros.</summary>
    [Differentiable]
    public static double UnusedParameters(double x, double unused, ReadOnlySpan<double> unusedVector, double[] partlyUsed) =>
        x * x + partlyUsed[1];

    /// <summary>Literals at the edges of the double range, and a float literal widened to double.</summary>
    [Differentiable]
    public static double ExtremeLiterals(double x) =>
        0.30000000000000004 * x + 1e300 * x * 1e-300 + 5e-324 * x * 1e300 + 1.5f * x;

    /// <summary>The functions <see cref="ElementaryObjectives.SameNamesOnDouble"/> does not use, spelled on double.</summary>
    [Differentiable]
    public static double MoreSameNamesOnDouble(double x, double y) =>
        double.Tan(0.3 * x) + double.Asin(0.3 * y) + double.Acos(0.2 * x) + double.Atan(x * y) + double.Sinh(0.5 * x)
        + double.Cosh(0.5 * y) + double.Asinh(x) + double.Acosh(2 + y * y) + double.Atanh(0.3 * x)
        + double.Log(3 + y, 2 + x * x) + double.Log10(2 + x) + double.Log2(3 + y) + double.Cbrt(5 + x)
        + double.Abs(x - 3) + double.Max(x, 5) + double.Min(y, -5) + double.Clamp(x * y, -10, 10)
        + double.FusedMultiplyAdd(x, y, x) + double.Floor(x) + double.Ceiling(y) + double.Round(x * y) + double.Truncate(y);
}

/// <summary>An instance objective on a partial struct, reading its readonly field through <c>this</c>.</summary>
public readonly partial struct QuadraticWell
{
    private readonly double curvature;

    public QuadraticWell(double curvature) => this.curvature = curvature;

    [Differentiable]
    public double Energy(double x, double y) => 0.5 * this.curvature * (x * x + 3 * y * y) + x * y;
}

/// <summary>An instance objective on a partial record, reading a positional property.</summary>
public sealed partial record ScaledSine(double Scale)
{
    [Differentiable]
    public double Value(double x) => Scale * Math.Sin(x) * x;
}

/// <summary>A static objective in a generic partial type: the generated partial repeats the type parameter.</summary>
public static partial class GenericHolder<T>
{
    [Differentiable]
    public static double Cubic(double x) => x * x * x - 2 * x;
}
