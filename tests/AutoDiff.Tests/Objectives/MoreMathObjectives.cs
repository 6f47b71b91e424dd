using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>The generic-math functions on <c>double</c> (LogP1, ExpM1, ...), CopySign, ScaleB and IEEERemainder.</summary>
public static partial class MoreMathObjectives
{
    [Differentiable]
    public static double LogAndExpFamily(double x, double y) =>
        double.LogP1(x * x) + double.Log2P1(y * y) + double.Log10P1((x * y) * (x * y)) + double.ExpM1(x * y) + double.Exp2(x - y) + double.Exp10(0.5 * y);

    [Differentiable]
    public static double CopySignProduct(double x, double y) => Math.CopySign(x * x + 0.5, x - y) * y;

    [Differentiable]
    public static double Scaled(double x, [Constant] int n) => Math.ScaleB(x * x, n) + Math.ScaleB(x, -n);

    [Differentiable]
    public static double Remainder(double x, double y) => Math.IEEERemainder(5 * x, y) * x;

    /// <summary>C#'s <c>%</c> on doubles (truncated quotient), both operands varying.</summary>
    [Differentiable]
    public static double Modulo(double x, double y) => ((7 * x) % (y * y)) * y;
}
