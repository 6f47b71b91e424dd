using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Cosine annealing (Loshchilov and Hutter, SGDR, 2017, without restarts):
/// alpha_t = alpha_min + (alpha0 - alpha_min) (1 + cos(pi t / T)) / 2 for t &lt; T, then alpha_min.
/// </summary>
public sealed class CosineAnnealingSchedule : IStepSchedule
{
    /// <summary>Creates a cosine annealing schedule.</summary>
    /// <param name="initialStep">alpha0, finite and &gt; 0.</param>
    /// <param name="horizon">T, the iteration at which the step reaches alpha_min, &gt; 0.</param>
    /// <param name="minimumStep">alpha_min, finite and &gt;= 0. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CosineAnnealingSchedule(double initialStep, int horizon, double minimumStep = 0)
    {
        InitialStep = ScheduleArguments.Positive(initialStep, nameof(initialStep));
        Horizon = horizon > 0 ? horizon : throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "Must be > 0.");
        MinimumStep = ScheduleArguments.NonNegative(minimumStep, nameof(minimumStep));
    }

    /// <summary>alpha0.</summary>
    public double InitialStep { get; }

    /// <summary>T.</summary>
    public int Horizon { get; }

    /// <summary>alpha_min.</summary>
    public double MinimumStep { get; }

    /// <inheritdoc/>
    public double StepAt(int iteration) => iteration >= Horizon
        ? MinimumStep
        : MinimumStep + (InitialStep - MinimumStep) * 0.5 * (1 + Math.Cos(Math.PI * iteration / Horizon));
}
