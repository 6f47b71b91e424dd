using System;

namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="NewtonConjugateGradientSolver"/>.</summary>
public sealed record NewtonConjugateGradientOptions : SolverOptions
{
    /// <summary>The line search; the truncated Newton step 1 is tried first. Default Armijo backtracking with c1 = 1e-4.</summary>
    public ILineSearch LineSearch { get; init; } = new ArmijoLineSearch();

    /// <summary>The most inner CG iterations per Newton step; null for n (where exact CG would finish). Default null.</summary>
    public int? MaxInnerIterations { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch, nameof(LineSearch));
        if (MaxInnerIterations is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInnerIterations), MaxInnerIterations, "Must be positive.");
        }
    }
}
