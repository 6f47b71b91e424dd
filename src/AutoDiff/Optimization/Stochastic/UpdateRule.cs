using System;

namespace AutoDiff.Optimization;

/// <summary>One algorithm's step from a mini-batch gradient, with its own state (one instance per run).</summary>
internal abstract class UpdateRule
{
    /// <summary>Moves <paramref name="x"/> in place.</summary>
    /// <param name="x">The iterate.</param>
    /// <param name="gradient">The (clipped) mean mini-batch gradient at x.</param>
    /// <param name="step">alpha_t from the schedule.</param>
    /// <param name="t">The step number, 0 for the first.</param>
    public abstract void Apply(Span<double> x, ReadOnlySpan<double> gradient, double step, int t);
}
