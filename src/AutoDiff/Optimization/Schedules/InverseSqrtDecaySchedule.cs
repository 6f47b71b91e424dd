using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Inverse-square-root decay alpha_t = alpha0 / sqrt(1 + t): the step that gives SGD on convex Lipschitz problems its
/// O(1/sqrt(k)) rate for the averaged iterate (it balances the R^2 / (2 sum a) and G^2 sum a^2 / (2 sum a) terms).
/// </summary>
public sealed class InverseSqrtDecaySchedule : IStepSchedule
{
    /// <summary>Creates an inverse-square-root decay.</summary>
    /// <param name="initialStep">alpha0, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialStep"/> is not positive and finite.</exception>
    public InverseSqrtDecaySchedule(double initialStep) => InitialStep = ScheduleArguments.Positive(initialStep, nameof(initialStep));

    /// <summary>alpha0.</summary>
    public double InitialStep { get; }

    /// <inheritdoc/>
    public double StepAt(int iteration) => InitialStep / Math.Sqrt(1.0 + iteration);
}
