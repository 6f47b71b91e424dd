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
