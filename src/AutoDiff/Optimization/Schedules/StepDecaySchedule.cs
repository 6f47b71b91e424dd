using System;

namespace AutoDiff.Optimization;

/// <summary>Piecewise-constant decay: alpha_t = alpha0 * factor^floor(t / interval) (multiply by the factor every interval iterations).</summary>
public sealed class StepDecaySchedule : IStepSchedule
{
    /// <summary>Creates a step decay.</summary>
    /// <param name="initialStep">alpha0, finite and &gt; 0.</param>
    /// <param name="interval">Iterations between drops, &gt; 0.</param>
    /// <param name="factor">The multiplier at each drop, in (0, 1]. Default 0.5.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public StepDecaySchedule(double initialStep, int interval, double factor = 0.5)
    {
        InitialStep = ScheduleArguments.Positive(initialStep, nameof(initialStep));
        Interval = interval > 0 ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "Must be > 0.");
        Factor = factor > 0 && factor <= 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, "Must lie in (0, 1].");
    }

    /// <summary>alpha0.</summary>
    public double InitialStep { get; }

    /// <summary>Iterations between drops.</summary>
    public int Interval { get; }

    /// <summary>The multiplier at each drop.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public double StepAt(int iteration) => InitialStep * Math.Pow(Factor, iteration / Interval);
}
