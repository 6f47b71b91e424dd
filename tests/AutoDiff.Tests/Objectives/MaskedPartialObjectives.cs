using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Values computed unconditionally but used only by a branch that is not taken at the test points: their partials are
/// infinite or NaN there (Sqrt and Log at 0, a division by 0, Exp overflowing), and their adjoints are zero. The
/// derivative must ignore them, as it would if the computation had not run.
/// </summary>
public static partial class MaskedPartialObjectives
{
    /// <summary>0.5 x1 near the origin, (r - 1)^2 outside the unit circle; r = |x| is computed either way.</summary>
    [Differentiable]
    public static double PenaltyOutsideUnitCircle(ReadOnlySpan<double> x)
    {
        double r = Math.Sqrt(x[0] * x[0] + x[1] * x[1]);
        return r > 1 ? (r - 1) * (r - 1) : 0.5 * x[1];
    }

    /// <summary>x1 where x0 &lt;= 0, though log(x0) (-infinity or NaN there) is computed first.</summary>
    [Differentiable]
    public static double LogMaskedByIf(ReadOnlySpan<double> x)
    {
        double l = Math.Log(x[0]);
        double result = x[1];
        if (x[0] > 0)
        {
            result = l + x[1];
        }

        return result;
    }

    /// <summary>x0 x1 where x1 == 0 (the quotient is infinite there and unused).</summary>
    [Differentiable]
    public static double QuotientMaskedByTernary(ReadOnlySpan<double> x)
    {
        double q = x[0] / x[1];
        return x[1] != 0 ? q : x[0] * x[1] + x[0];
    }

    /// <summary>exp(x0) overflows for x0 &gt; 709.78; the branch that uses it is not taken there.</summary>
    [Differentiable]
    public static double OverflowMaskedByTernary(ReadOnlySpan<double> x)
    {
        double e = Math.Exp(x[0]);
        return x[0] < 700 ? e : x[1] * x[1];
    }

    /// <summary>(x1 - 1) sqrt(x0): at x1 = 1 the adjoint of sqrt(x0) is zero but its tangent is not, so the HVP keeps it.</summary>
    [Differentiable]
    public static double ZeroAdjointWithNonZeroTangent(ReadOnlySpan<double> x) => (x[1] - 1) * Math.Sqrt(x[0]);
}
