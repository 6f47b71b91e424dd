using System;

namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="LbfgsSolver"/>.</summary>
public sealed record LbfgsOptions : SolverOptions
{
    /// <summary>m, the number of (s, y) pairs kept. Default 10.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>The line search; step 1 is tried first after the first iteration. Default strong Wolfe with c1 = 1e-4, c2 = 0.9.</summary>
    public ILineSearch LineSearch { get; init; } = new StrongWolfeLineSearch();

    /// <summary>
    /// Box constraints, by the projected quasi-Newton method of Kim, Sra and Dhillon (2010): the L-BFGS direction on the
    /// variables not held by a bound, and a backtracking Armijo search along the projected arc P(x + a p). Not
    /// L-BFGS-B. The start is projected; convergence is tested on the projected gradient. Default null (unbounded).
    /// </summary>
    public BoxBounds? Bounds { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch, nameof(LineSearch));
        if (Memory < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Memory), Memory, "Must be positive.");
        }
    }
}
