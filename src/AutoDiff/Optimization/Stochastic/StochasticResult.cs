using System;
using System.Collections.Generic;

namespace AutoDiff.Optimization;

/// <summary>
/// An <see cref="OptimizationResult"/> with the counters of a stochastic run. <see cref="OptimizationResult.Value"/> and
/// <see cref="OptimizationResult.GradientNorm"/> are the full-data F and ||grad F|| at the returned point (one extra
/// pass, counted in the evaluations); <see cref="OptimizationResult.Iterations"/> counts steps (mini-batches);
/// <see cref="OptimizationResult.Evaluations"/> counts per-sample gradients. The trace has one entry per epoch
/// (epoch, mean mini-batch loss, norm of the last mini-batch gradient, last step).
/// </summary>
public sealed class StochasticResult : OptimizationResult
{
    /// <summary>Creates a result; solvers create these.</summary>
    /// <param name="solver">The solver's name.</param>
    /// <param name="minimizer">The returned point (last or averaged iterate).</param>
    /// <param name="value">F there.</param>
    /// <param name="gradientNorm">||grad F|| there.</param>
    /// <param name="steps">Steps taken.</param>
    /// <param name="epochs">Whole epochs completed.</param>
    /// <param name="samplesSeen">Samples used by the steps.</param>
    /// <param name="evaluations">Per-sample calls.</param>
    /// <param name="elapsed">Wall-clock time.</param>
    /// <param name="reason">Why the run stopped.</param>
    /// <param name="message">A sentence explaining the reason.</param>
    /// <param name="trace">Per-epoch trace, or empty.</param>
    public StochasticResult(
        string solver, double[] minimizer, double value, double gradientNorm, int steps, int epochs, long samplesSeen,
        EvaluationCounts evaluations, TimeSpan elapsed, TerminationReason reason, string message, IReadOnlyList<TraceEntry> trace)
        : base(solver, minimizer, value, gradientNorm, steps, evaluations, elapsed, reason, message, trace)
    {
        Epochs = epochs;
        SamplesSeen = samplesSeen;
    }

    /// <summary>Whole epochs completed.</summary>
    public int Epochs { get; }

    /// <summary>Samples used by the steps (not counting the final full-data evaluation).</summary>
    public long SamplesSeen { get; }

    /// <summary>The summary of <see cref="OptimizationResult.ToString"/> plus epochs and samples seen.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        base.ToString() + Environment.NewLine + $"  epochs:         {Epochs} ({SamplesSeen} samples seen)";
}
