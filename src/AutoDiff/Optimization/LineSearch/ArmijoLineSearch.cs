using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Backtracking line search for the Armijo (sufficient decrease) condition phi(a) &lt;= phi(0) + c1 a phi'(0)
/// (Nocedal and Wright, Algorithm 3.1 with the interpolation of section 3.5). It evaluates values only.
/// The first backtrack minimises a quadratic model, later ones a cubic through the last two trials; each new step
/// is kept inside [<see cref="MinShrink"/>, <see cref="MaxShrink"/>] times the previous one so the search neither
/// stalls nor collapses. A NaN or infinite value shrinks the step by <see cref="MaxShrink"/> without a model.
/// The search gives up early after three trials in a row whose values tie phi(0) to round-off (within 4 eps |phi(0)|):
/// shorter steps change f even less, so more trials cannot find the decrease.
/// </summary>
public sealed record ArmijoLineSearch : ILineSearch
{
    /// <summary>The sufficient-decrease constant c1 in (0, 1). Default 1e-4.</summary>
    public double C1 { get; init; } = 1e-4;

    /// <summary>The smallest factor a backtrack may shrink the step by, in (0, <see cref="MaxShrink"/>]. Default 0.1.</summary>
    public double MinShrink { get; init; } = 0.1;

    /// <summary>The largest factor a backtrack may shrink the step by, in [<see cref="MinShrink"/>, 1). Default 0.5.</summary>
    public double MaxShrink { get; init; } = 0.5;

    /// <summary>The most trial steps. Default 50.</summary>
    public int MaxEvaluations { get; init; } = 50;

    /// <inheritdoc/>
    public LineSearchResult Search(ILineFunction line, double value0, double slope0, double initialStep)
    {
        LineSearchArguments.Validate(line, value0, slope0, initialStep);
        if (!(C1 > 0 && C1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(C1), C1, "Must lie in (0, 1).");
        }

        if (!(MinShrink > 0 && MinShrink <= MaxShrink && MaxShrink < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinShrink), MinShrink, "Need 0 < MinShrink <= MaxShrink < 1.");
        }

        if (MaxEvaluations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEvaluations), MaxEvaluations, "Must be positive.");
        }

        if (!(slope0 < 0))
        {
            return new LineSearchResult(LineSearchStatus.NotDescentDirection, 0, value0, slope0, 0, false);
        }

        double step = initialStep;
        double previousStep = 0, previousValue = double.NaN;
        bool sawNonFinite = false;
        int evaluations = 0, ties = 0;
        while (evaluations < MaxEvaluations && step > double.Epsilon && ties < RoundOff.TiesBeforeGivingUp)
        {
            double value = line.Value(step);
            evaluations++;
            ties = RoundOff.Ties(value, value0) ? ties + 1 : 0;
            if (double.IsFinite(value) && value <= value0 + C1 * step * slope0)
            {
                return new LineSearchResult(LineSearchStatus.Satisfied, step, value, double.NaN, evaluations, sawNonFinite);
            }

            double next;
            if (!double.IsFinite(value))
            {
                sawNonFinite = true;
                next = MaxShrink * step;
            }
            else
            {
                // Quadratic on the first backtrack (or after a non-finite trial), cubic once two finite trials exist.
                next = double.IsFinite(previousValue)
                    ? Interpolation.CubicFromTwoValues(value0, slope0, previousStep, previousValue, step, value)
                    : Interpolation.Quadratic(value0, slope0, step, value);
                next = double.IsFinite(next) ? Math.Clamp(next, MinShrink * step, MaxShrink * step) : MaxShrink * step;
            }

            previousStep = step;
            previousValue = value;
            step = next;
        }

        return new LineSearchResult(LineSearchStatus.Failed, 0, value0, slope0, evaluations, sawNonFinite);
    }
}
