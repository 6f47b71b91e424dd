using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Line search for the weak Wolfe conditions: sufficient decrease phi(a) &lt;= phi(0) + c1 a phi'(0) and
/// curvature phi'(a) &gt;= c2 phi'(0), by bisection and doubling (Lewis and Overton's bracketing scheme).
/// Simpler than <see cref="StrongWolfeLineSearch"/> and enough to keep BFGS updates positive definite.
/// A NaN or infinite trial counts as "too far" and shrinks the bracket.
/// </summary>
public sealed record WeakWolfeLineSearch : ILineSearch
{
    /// <summary>The sufficient-decrease constant c1. Default 1e-4.</summary>
    public double C1 { get; init; } = 1e-4;

    /// <summary>The curvature constant c2 in (c1, 1). Default 0.9.</summary>
    public double C2 { get; init; } = 0.9;

    /// <summary>The most trial steps. Default 50.</summary>
    public int MaxEvaluations { get; init; } = 50;

    /// <inheritdoc/>
    public LineSearchResult Search(ILineFunction line, double value0, double slope0, double initialStep)
    {
        LineSearchArguments.Validate(line, value0, slope0, initialStep);
        WolfeConstants.Validate(C1, C2, MaxEvaluations);
        if (!(slope0 < 0))
        {
            return new LineSearchResult(LineSearchStatus.NotDescentDirection, 0, value0, slope0, 0, false);
        }

        double lo = 0, hi = double.PositiveInfinity;
        double bestValue = value0, bestSlope = slope0;
        double step = initialStep;
        bool sawNonFinite = false;
        int evaluations = 0;
        while (evaluations < MaxEvaluations)
        {
            double value = line.ValueAndDerivative(step, out double slope);
            evaluations++;
            bool finite = double.IsFinite(value) && double.IsFinite(slope);
            sawNonFinite |= !finite;
            if (!finite || value > value0 + C1 * step * slope0)
            {
                hi = step; // too far: the step overshot the decrease (or left the domain)
            }
            else if (slope < C2 * slope0)
            {
                (lo, bestValue, bestSlope) = (step, value, slope); // too short: still steeply descending
            }
            else
            {
                return new LineSearchResult(LineSearchStatus.Satisfied, step, value, slope, evaluations, sawNonFinite);
            }

            step = double.IsPositiveInfinity(hi) ? 2 * lo : 0.5 * (lo + hi);
            if (hi - lo <= 1e-14 * Math.Max(1, lo))
            {
                break;
            }
        }

        return lo > 0
            ? new LineSearchResult(LineSearchStatus.SufficientDecreaseOnly, lo, bestValue, bestSlope, evaluations, sawNonFinite)
            : new LineSearchResult(LineSearchStatus.Failed, 0, value0, slope0, evaluations, sawNonFinite);
    }
}
