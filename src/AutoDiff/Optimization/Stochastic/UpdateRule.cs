using System;

namespace AutoDiff.Optimization;

/// <summary>One algorithm's step from a mini-batch gradient, with its own state (one instance per run).</summary>
/// <remarks>
/// The step is written to another buffer, not applied in place: the solver keeps the iterate it stepped from, to go back
/// to when the next mini-batch's loss is not finite, and swapping the two buffers costs nothing where a copy of the
/// iterate would be one more pass over it every step. Loops use <see cref="System.Numerics.Vector{T}"/> lanes with no fused
/// multiply-add, which round every element as the scalar statement does.
/// </remarks>
internal abstract class UpdateRule
{
    /// <summary>Computes the iterate after one step.</summary>
    /// <param name="x">The iterate; left unchanged.</param>
    /// <param name="gradient">The (clipped) mean mini-batch gradient at x.</param>
    /// <param name="step">alpha_t from the schedule.</param>
    /// <param name="t">The step number, 0 for the first.</param>
    /// <param name="next">Receives the new iterate; the same length as x, not overlapping it.</param>
    public abstract void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double step, int t, Span<double> next);
}
