namespace AutoDiff.Optimization;

/// <summary>Inverse-time decay alpha_t = alpha0 / (1 + k t), the O(1/t) rate stochastic approximation needs.</summary>
public sealed class InverseTimeDecaySchedule : IStepSchedule
{
    /// <summary>Creates an inverse-time decay.</summary>
    /// <param name="initialStep">alpha0, finite and &gt; 0.</param>
    /// <param name="decayRate">k, finite and &gt;= 0.</param>
    /// <exception cref="System.ArgumentOutOfRangeException">An argument is out of range.</exception>
    public InverseTimeDecaySchedule(double initialStep, double decayRate)
    {
        InitialStep = ScheduleArguments.Positive(initialStep, nameof(initialStep));
        DecayRate = ScheduleArguments.NonNegative(decayRate, nameof(decayRate));
    }

    /// <summary>alpha0.</summary>
    public double InitialStep { get; }

    /// <summary>k.</summary>
    public double DecayRate { get; }

    /// <inheritdoc/>
    public double StepAt(int iteration) => InitialStep / (1 + DecayRate * iteration);
}
