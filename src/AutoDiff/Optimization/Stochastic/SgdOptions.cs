namespace AutoDiff.Optimization;

/// <summary>Options for <see cref="SgdSolver"/>: only the shared ones.</summary>
public sealed record SgdOptions : StochasticOptions;
