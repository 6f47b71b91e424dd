using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Options for <see cref="TrustRegionNewtonSolver"/>. Defaults as scipy's <c>trust-ncg</c>: initial radius 1, largest
/// radius 1000, acceptance threshold eta = 0.15 (Nocedal and Wright, Algorithm 4.1, take eta in [0, 1/4)).
/// </summary>
public sealed record TrustRegionNewtonOptions : SolverOptions
{
    /// <summary>The first trust-region radius. Default 1.</summary>
    public double InitialRadius { get; init; } = 1;

    /// <summary>The largest radius. Default 1000.</summary>
    public double MaxRadius { get; init; } = 1000;

    /// <summary>A step is accepted when the actual reduction is more than this fraction of the predicted one, in [0, 0.25). Default 0.15.</summary>
    public double AcceptanceThreshold { get; init; } = 0.15;

    /// <summary>The most inner CG iterations per step; null for n (where exact CG would finish). Default null.</summary>
    public int? MaxInnerIterations { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!(MaxRadius > 0) || !double.IsFinite(MaxRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRadius), MaxRadius, "Must be finite and > 0.");
        }

        if (!(InitialRadius > 0 && InitialRadius <= MaxRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRadius), InitialRadius, "Must lie in (0, MaxRadius].");
        }

        if (!(AcceptanceThreshold >= 0 && AcceptanceThreshold < 0.25))
        {
            throw new ArgumentOutOfRangeException(nameof(AcceptanceThreshold), AcceptanceThreshold, "Must lie in [0, 0.25).");
        }

        if (MaxInnerIterations is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInnerIterations), MaxInnerIterations, "Must be positive.");
        }
    }
}
