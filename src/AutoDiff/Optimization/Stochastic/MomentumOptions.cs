namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="MomentumSolver"/> and <see cref="NesterovSolver"/>.</summary>
public sealed record MomentumOptions : StochasticOptions
{
    /// <summary>mu, the fraction of the velocity kept each step, in [0, 1). Default 0.9 (Sutskever et al. 2013).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireInRange(Momentum, 0, 1, nameof(Momentum));
    }
}
