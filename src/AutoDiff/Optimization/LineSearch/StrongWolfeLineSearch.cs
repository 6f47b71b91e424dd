using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Line search for the strong Wolfe conditions: sufficient decrease phi(a) &lt;= phi(0) + c1 a phi'(0) and
/// curvature |phi'(a)| &lt;= c2 |phi'(0)| (Nocedal and Wright, Algorithms 3.5 and 3.6: bracketing, then zoom).
/// Use c2 = 0.9 for quasi-Newton directions (the default) and c2 = 0.1 for nonlinear conjugate gradients.
/// </summary>
/// <remarks>
/// Zoom keeps a bracket [lo, hi] where lo is the best step with sufficient decrease so far and
/// phi'(lo) (hi - lo) &lt; 0; each trial is the minimiser of the cubic through both ends, kept away from them
/// by <see cref="SafeguardMargin"/> of the width. A NaN or infinite trial becomes the new hi and the next trial
/// bisects, so non-finite values shrink the step and never reach the caller. Zoom gives up early, returning the best
/// step so far (or failure), after three trials in a row whose values tie phi(lo) to round-off (within 4 eps |phi(lo)|):
/// near a minimum with a large f, values stop changing long before the trial budget runs out.
/// </remarks>
public sealed record StrongWolfeLineSearch : ILineSearch
{
    /// <summary>The sufficient-decrease constant c1. Default 1e-4.</summary>
    public double C1 { get; init; } = 1e-4;

    /// <summary>The curvature constant c2 in (c1, 1). Default 0.9 (quasi-Newton); use 0.1 for conjugate gradients.</summary>
    public double C2 { get; init; } = 0.9;

    /// <summary>How much the bracketing phase grows the step each time, &gt; 1. Default 2.</summary>
    public double Expansion { get; init; } = 2;

    /// <summary>The largest step tried. Default 1e10.</summary>
    public double MaxStep { get; init; } = 1e10;

    /// <summary>Fraction of the bracket width a zoom trial keeps from either end, in (0, 0.5). Default 0.1.</summary>
    public double SafeguardMargin { get; init; } = 0.1;

    /// <summary>The most trial steps. Default 40.</summary>
    public int MaxEvaluations { get; init; } = 40;

    /// <inheritdoc/>
    public LineSearchResult Search(ILineFunction line, double value0, double slope0, double initialStep) =>
        SearchUpTo(line, value0, slope0, initialStep, MaxStep);

    /// <summary>
    /// The search with its largest step lowered to <paramref name="maxStep"/> when that is below <see cref="MaxStep"/>:
    /// L-BFGS-B never steps beyond the box, the step at which the first variable reaches its bound.
    /// </summary>
    internal LineSearchResult SearchUpTo(ILineFunction line, double value0, double slope0, double initialStep, double maxStep)
    {
        LineSearchArguments.Validate(line, value0, slope0, initialStep);
        WolfeConstants.Validate(C1, C2, MaxEvaluations);
        if (!(Expansion > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Expansion), Expansion, "Must be > 1.");
        }

        if (!(MaxStep > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStep), MaxStep, "Must be > 0.");
        }

        if (!(SafeguardMargin > 0 && SafeguardMargin < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(SafeguardMargin), SafeguardMargin, "Must lie in (0, 0.5).");
        }

        if (!(slope0 < 0))
        {
            return new LineSearchResult(LineSearchStatus.NotDescentDirection, 0, value0, slope0, 0, false);
        }

        double largest = Math.Min(MaxStep, maxStep);
        var search = new Bracket(line, value0, slope0, C1, C2 * Math.Abs(slope0), SafeguardMargin);
        double previousStep = 0, previousValue = value0, previousSlope = slope0;
        double step = Math.Min(initialStep, largest);
        while (search.Evaluations < MaxEvaluations)
        {
            double value = search.Evaluate(step, out double slope);
            if (!double.IsFinite(value) || !double.IsFinite(slope))
            {
                return search.Zoom(previousStep, previousValue, previousSlope, step, double.NaN, double.NaN, MaxEvaluations);
            }

            if (!search.HasSufficientDecrease(step, value) || (search.Evaluations > 1 && value >= previousValue))
            {
                return search.Zoom(previousStep, previousValue, previousSlope, step, value, slope, MaxEvaluations);
            }

            if (Math.Abs(slope) <= search.CurvatureBound)
            {
                return search.Result(LineSearchStatus.Satisfied, step, value, slope);
            }

            if (slope >= 0)
            {
                return search.Zoom(step, value, slope, previousStep, previousValue, previousSlope, MaxEvaluations);
            }

            if (step >= largest)
            {
                return search.Result(LineSearchStatus.SufficientDecreaseOnly, step, value, slope);
            }

            (previousStep, previousValue, previousSlope) = (step, value, slope);
            step = Math.Min(step * Expansion, largest);
        }

        // Out of budget while still expanding: the last step had sufficient decrease and a negative slope.
        return previousStep > 0
            ? search.Result(LineSearchStatus.SufficientDecreaseOnly, previousStep, previousValue, previousSlope)
            : search.Result(LineSearchStatus.Failed, 0, value0, slope0);
    }

    /// <summary>The state of one search: the line, the constants and the evaluation count.</summary>
    private struct Bracket(ILineFunction line, double value0, double slope0, double c1, double curvatureBound, double margin)
    {
        public int Evaluations;
        private bool _sawNonFinite;

        public readonly double CurvatureBound => curvatureBound;

        public double Evaluate(double step, out double slope)
        {
            Evaluations++;
            double value = line.ValueAndDerivative(step, out slope);
            if (!double.IsFinite(value) || !double.IsFinite(slope))
            {
                _sawNonFinite = true;
            }

            return value;
        }

        public readonly bool HasSufficientDecrease(double step, double value) => value <= value0 + c1 * step * slope0;

        public readonly LineSearchResult Result(LineSearchStatus status, double step, double value, double slope) =>
            new(status, step, value, slope, Evaluations, _sawNonFinite);

        /// <summary>
        /// Nocedal and Wright, Algorithm 3.6. Invariant: lo has sufficient decrease and the lowest value so far,
        /// and phi'(lo) (hi - lo) &lt; 0, so a strong Wolfe step lies between them. A non-finite hi has NaN value.
        /// </summary>
        public LineSearchResult Zoom(
            double lo, double valueLo, double slopeLo, double hi, double valueHi, double slopeHi, int maxEvaluations)
        {
            int ties = 0;
            while (Evaluations < maxEvaluations && ties < RoundOff.TiesBeforeGivingUp)
            {
                double width = Math.Abs(hi - lo);
                if (width <= 1e-14 * Math.Max(1, Math.Max(lo, hi)))
                {
                    break;
                }

                double step = double.IsFinite(valueHi)
                    ? Interpolation.Safeguard(
                        Interpolation.CubicFromValuesAndSlopes(lo, valueLo, slopeLo, hi, valueHi, slopeHi), lo, hi, margin)
                    : lo + 0.5 * (hi - lo);
                double value = Evaluate(step, out double slope);
                ties = RoundOff.Ties(value, valueLo) ? ties + 1 : 0;
                if (!double.IsFinite(value) || !double.IsFinite(slope))
                {
                    (hi, valueHi, slopeHi) = (step, double.NaN, double.NaN);
                }
                else if (!HasSufficientDecrease(step, value) || value > valueLo)
                {
                    // Strictly greater (N&W write >=): near the minimiser values tie at round-off level, and
                    // then only the slope, in the branch below, still tells which side the minimiser is on.
                    (hi, valueHi, slopeHi) = (step, value, slope);
                }
                else
                {
                    if (Math.Abs(slope) <= curvatureBound)
                    {
                        return Result(LineSearchStatus.Satisfied, step, value, slope);
                    }

                    if (slope * (hi - lo) >= 0)
                    {
                        (hi, valueHi, slopeHi) = (lo, valueLo, slopeLo);
                    }

                    (lo, valueLo, slopeLo) = (step, value, slope);
                }
            }

            // lo is 0 or a step with sufficient decrease; return the latter rather than nothing.
            return lo > 0
                ? Result(LineSearchStatus.SufficientDecreaseOnly, lo, valueLo, slopeLo)
                : Result(LineSearchStatus.Failed, 0, value0, slope0);
        }
    }
}
