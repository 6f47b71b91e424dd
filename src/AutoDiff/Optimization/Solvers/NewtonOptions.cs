using System;

namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="NewtonSolver"/>.</summary>
public sealed record NewtonOptions : SolverOptions
{
    /// <summary>The line search where H is positive definite; Newton's step 1 is tried first. Default Armijo backtracking with c1 = 1e-4.</summary>
    public ILineSearch LineSearch { get; init; } = new ArmijoLineSearch();

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch, nameof(LineSearch));
    }
}
