using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Bare calls to the functions that are not differentiable everywhere, so <see cref="NonSmoothPointTests"/> can
/// check the documented one-sided derivative at exactly the non-smooth point.
/// </summary>
public static partial class NonSmoothObjectives
{
    [Differentiable]
    public static double AbsOf(double x) => Math.Abs(x);

    [Differentiable]
    public static double MaxOf(double a, double b) => Math.Max(a, b);

    [Differentiable]
    public static double MinOf(double a, double b) => Math.Min(a, b);

    [Differentiable]
    public static double ClampOf(double value, double lo, double hi) => Math.Clamp(value, lo, hi);

    [Differentiable]
    public static double PowOf(double x, double y) => Math.Pow(x, y);

    [Differentiable]
    public static double HypotOf(double x, double y) => double.Hypot(x, y);

    [Differentiable]
    public static double Atan2Of(double y, double x) => Math.Atan2(y, x);

    /// <summary>Only piecewise-constant functions: the gradient is zero wherever it exists.</summary>
    [Differentiable]
    public static double StepFunctionsOnly(double x, double y) =>
        Math.Sign(x) + Math.Floor(x) + Math.Ceiling(y) + Math.Round(x * y) + Math.Truncate(x - y);
}
