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
    /// Box constraints l &lt;= x &lt;= u, solved by L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995): the generalized Cauchy
    /// point along the projected steepest-descent path, subspace minimisation of the limited-memory model over the
    /// variables no bound holds there, and a line search that never leaves the box (the strong Wolfe search is capped at
    /// the first bound; other searches see the path projected onto the box). A start outside the box is projected onto
    /// it first; convergence is tested on the projected gradient. Default null (unbounded).
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
