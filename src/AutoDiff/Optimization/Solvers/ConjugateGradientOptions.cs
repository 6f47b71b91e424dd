using System;

namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="ConjugateGradientSolver"/>.</summary>
public sealed record ConjugateGradientOptions : SolverOptions
{
    /// <summary>The line search. Default strong Wolfe with c1 = 1e-4, c2 = 0.1 (CG needs the tighter curvature condition).</summary>
    public ILineSearch LineSearch { get; init; } = new StrongWolfeLineSearch { C2 = 0.1 };

    /// <summary>Restart with -g every this many iterations; null for n. Default null.</summary>
    public int? RestartInterval { get; init; }

    /// <summary>
    /// Powell's restart test: restart when |g_k' g_{k-1}| &gt;= this * ||g_k||^2, i.e. successive gradients are far
    /// from orthogonal (Nocedal and Wright, eq. 5.52). Default 0.1.
    /// </summary>
    public double OrthogonalityThreshold { get; init; } = 0.1;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch, nameof(LineSearch));
        if (RestartInterval is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RestartInterval), RestartInterval, "Must be positive.");
        }

        if (!(OrthogonalityThreshold > 0) || !double.IsFinite(OrthogonalityThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(OrthogonalityThreshold), OrthogonalityThreshold, "Must be finite and > 0.");
        }
    }
}
