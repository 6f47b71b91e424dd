using System;

namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="NewtonSolver"/>.</summary>
public sealed record NewtonOptions : SolverOptions
{
    /// <summary>The line search; Newton's step 1 is tried first. Default Armijo backtracking with c1 = 1e-4.</summary>
    public ILineSearch LineSearch { get; init; } = new ArmijoLineSearch();

    /// <summary>
    /// beta in Nocedal and Wright's Algorithm 3.3: the first shift tau added to the diagonal when the Hessian is not
    /// positive definite (the shift then doubles until Cholesky succeeds). Default 1e-3.
    /// </summary>
    public double MinimumShift { get; init; } = 1e-3;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch, nameof(LineSearch));
        if (!(MinimumShift > 0) || !double.IsFinite(MinimumShift))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumShift), MinimumShift, "Must be finite and > 0.");
        }
    }
}
