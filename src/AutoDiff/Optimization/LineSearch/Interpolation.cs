using System;

namespace AutoDiff.Optimization;

/// <summary>Polynomial step models shared by the line searches (Nocedal and Wright, section 3.5).</summary>
internal static class Interpolation
{
    /// <summary>
    /// Minimiser of the quadratic through phi(0), phi'(0) and phi(a): a^2 phi'(0) / (2 (phi(0) + a phi'(0) - phi(a))).
    /// </summary>
    public static double Quadratic(double value0, double slope0, double step, double value)
    {
        double curvature = value - value0 - slope0 * step;
        return -slope0 * step * step / (2 * curvature);
    }

    /// <summary>
    /// Minimiser of the cubic through phi(0), phi'(0), phi(a0) and phi(a1) (Nocedal and Wright, eq. 3.58);
    /// NaN when the cubic has no minimiser.
    /// </summary>
    public static double CubicFromTwoValues(double value0, double slope0, double a0, double value_a0, double a1, double value_a1)
    {
        double r1 = value_a1 - value0 - slope0 * a1;
        double r0 = value_a0 - value0 - slope0 * a0;
        double denominator = a0 * a0 * a1 * a1 * (a1 - a0);
        double a = (a0 * a0 * r1 - a1 * a1 * r0) / denominator;
        double b = (-a0 * a0 * a0 * r1 + a1 * a1 * a1 * r0) / denominator;
        if (a == 0)
        {
            return -slope0 / (2 * b);
        }

        double discriminant = b * b - 3 * a * slope0;
        return discriminant < 0 ? double.NaN : (-b + Math.Sqrt(discriminant)) / (3 * a);
    }

    /// <summary>
    /// Minimiser of the cubic Hermite interpolant through (a, phi(a), phi'(a)) and (b, phi(b), phi'(b))
    /// (Nocedal and Wright, eq. 3.59); NaN when it has none.
    /// </summary>
    public static double CubicFromValuesAndSlopes(double a, double value_a, double slope_a, double b, double value_b, double slope_b)
    {
        double d1 = slope_a + slope_b - 3 * (value_a - value_b) / (a - b);
        double squared = d1 * d1 - slope_a * slope_b;
        if (squared < 0)
        {
            return double.NaN;
        }

        double d2 = Math.CopySign(Math.Sqrt(squared), b - a);
        return b - (b - a) * (slope_b + d2 - d1) / (slope_b - slope_a + 2 * d2);
    }

    /// <summary>Clamps a model step into the inner part of [lo, hi] so the bracket always shrinks; bisects when the model failed.</summary>
    public static double Safeguard(double trial, double end1, double end2, double margin)
    {
        double lower = Math.Min(end1, end2), upper = Math.Max(end1, end2);
        double width = upper - lower;
        if (!double.IsFinite(trial))
        {
            return lower + 0.5 * width;
        }

        return Math.Clamp(trial, lower + margin * width, upper - margin * width);
    }
}
