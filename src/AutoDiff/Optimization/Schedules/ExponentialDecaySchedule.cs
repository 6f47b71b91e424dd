using System;

namespace AutoDiff.Optimization;

/// <summary>Exponential decay alpha_t = alpha0 e^(-t/T).</summary>
public sealed class ExponentialDecaySchedule : IStepSchedule
{
    /// <summary>Creates an exponential decay.</summary>
    /// <param name="initialStep">alpha0, finite and &gt; 0.</param>
    /// <param name="timeScale">T, the iterations over which the step shrinks by e, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ExponentialDecaySchedule(double initialStep, double timeScale)
    {
        InitialStep = ScheduleArguments.Positive(initialStep, nameof(initialStep));
        TimeScale = ScheduleArguments.Positive(timeScale, nameof(timeScale));
    }

    /// <summary>alpha0.</summary>
    public double InitialStep { get; }

    /// <summary>T.</summary>
    public double TimeScale { get; }

    /// <inheritdoc/>
    public double StepAt(int iteration) => InitialStep * Math.Exp(-iteration / TimeScale);
}
