using System;

namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="GradientDescentSolver"/>.</summary>
public sealed record GradientDescentOptions : SolverOptions
{
    /// <summary>
    /// A fixed or decaying step (x_{k+1} = x_k - alpha_k g_k with alpha_k from the schedule, no line search).
    /// Default null: use <see cref="LineSearch"/> instead.
    /// </summary>
    public IStepSchedule? StepSchedule { get; init; }

    /// <summary>The line search used when <see cref="StepSchedule"/> is null. Default Armijo backtracking with c1 = 1e-4.</summary>
    public ILineSearch LineSearch { get; init; } = new ArmijoLineSearch();

    /// <summary>
    /// Box constraints, handled by gradient projection (Bertsekas, Nonlinear Programming, section 2.3): the direction is
    /// d = P(x - s g) - x, along which x + a d stays in the box for a in [0, 1]; Armijo searches a from 1 (with a step
    /// schedule a = 1 and s is the scheduled step, so x_{k+1} = P(x_k - alpha_k g_k)). s starts at min(1, 1/||g||) and
    /// doubles after a full step, shrinking with the accepted a otherwise. Default null (unbounded).
    /// </summary>
    public BoxBounds? Bounds { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (StepSchedule is null && LineSearch is null)
        {
            throw new ArgumentNullException(nameof(LineSearch), "Give a line search or a step schedule.");
        }
    }
}
