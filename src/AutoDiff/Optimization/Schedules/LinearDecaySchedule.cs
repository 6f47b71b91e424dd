using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Linear decay alpha_t = alpha0 (1 - t/T) + alpha_T t/T for t &lt; T, then alpha_T. With the default final step 0 this is the
/// lecture's alpha0 (1 - t/T); Goodfellow et al. (Deep Learning, 8.3.1) suggest alpha_T about 1% of alpha0 instead.
/// </summary>
public sealed class LinearDecaySchedule : IStepSchedule
{
    /// <summary>Creates a linear decay.</summary>
    /// <param name="initialStep">alpha0, finite and &gt; 0.</param>
    /// <param name="horizon">T, the iteration at which the decay ends, &gt; 0.</param>
    /// <param name="finalStep">alpha_T, used from iteration T on, finite and &gt;= 0. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public LinearDecaySchedule(double initialStep, int horizon, double finalStep = 0)
    {
        InitialStep = ScheduleArguments.Positive(initialStep, nameof(initialStep));
        Horizon = horizon > 0 ? horizon : throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "Must be > 0.");
        FinalStep = ScheduleArguments.NonNegative(finalStep, nameof(finalStep));
    }

    /// <summary>alpha0.</summary>
    public double InitialStep { get; }

    /// <summary>T.</summary>
    public int Horizon { get; }

    /// <summary>alpha_T.</summary>
    public double FinalStep { get; }

    /// <inheritdoc/>
    public double StepAt(int iteration)
    {
        if (iteration >= Horizon)
        {
            return FinalStep;
        }

        double fraction = (double)iteration / Horizon;
        return InitialStep * (1 - fraction) + FinalStep * fraction;
    }
}
