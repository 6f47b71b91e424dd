namespace AutoDiff.Optimization;

/// <summary>A fixed step: alpha_t = alpha.</summary>
public sealed class ConstantStepSchedule : IStepSchedule
{
    /// <summary>Creates a fixed step.</summary>
    /// <param name="step">The step length, finite and &gt; 0.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="step"/> is not positive and finite.</exception>
    public ConstantStepSchedule(double step) => Step = ScheduleArguments.Positive(step, nameof(step));

    /// <summary>The step length.</summary>
    public double Step { get; }

    /// <inheritdoc/>
    public double StepAt(int iteration) => Step;
}
