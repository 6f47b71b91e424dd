using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// The loop every stochastic solver shares: per epoch, reshuffle the samples (seeded), then for each mini-batch take
/// its mean gradient (parallel, deterministic), clip it, and let the algorithm's update rule move x with the scheduled
/// step; average iterates if asked. Arguments are checked up front; after that a run returns a
/// <see cref="StochasticResult"/> saying why it stopped. Solvers are immutable: every run has its own state.
/// </summary>
public abstract class StochasticSolver
{
    private protected StochasticSolver(StochasticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The solver's name, as printed in results.</summary>
    public abstract string Name { get; }

    /// <summary>The options this solver runs with.</summary>
    public StochasticOptions Options { get; }

    /// <summary>Minimises F(x) = (1/N) sum_i f(x, y_i) from the MathNet vector <paramref name="x0"/>.</summary>
    /// <param name="objective">The per-sample loss over its dataset.</param>
    /// <param name="x0">The starting point: non-empty and finite; copied, never modified.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>The result, as for <see cref="Minimize(StochasticObjective, ReadOnlySpan{double}, CancellationToken)"/>; <see cref="OptimizationResult.MinimizerVector"/> gives the minimiser as a vector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> or <paramref name="x0"/> is null.</exception>
    /// <exception cref="ArgumentException">As for the span overload.</exception>
    public StochasticResult Minimize(StochasticObjective objective, Vector<double> x0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x0);
        return Minimize(objective, x0.ToArray(), cancellationToken);
    }

    /// <summary>Minimises F(x) = (1/N) sum_i f(x, y_i) from <paramref name="x0"/>.</summary>
    /// <param name="objective">The per-sample loss over its dataset.</param>
    /// <param name="x0">The starting point: non-empty and finite; copied, never modified.</param>
    /// <param name="cancellationToken">Checked before every step (an already-cancelled token takes none); cancelling returns a result with reason <see cref="TerminationReason.Cancelled"/>.</param>
    /// <returns>The last (or averaged) iterate, the full-data F and ||grad F|| there, the work done and why the run stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x0"/> is empty or not finite, or has another length than <see cref="StochasticOptions.Bounds"/>.</exception>
    public StochasticResult Minimize(StochasticObjective objective, ReadOnlySpan<double> x0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (x0.IsEmpty)
        {
            throw new ArgumentException("The starting point must not be empty.", nameof(x0));
        }

        if (!VectorMath.AllFinite(x0))
        {
            throw new ArgumentException("The starting point must be finite (no NaN or infinity).", nameof(x0));
        }

        StochasticOptions options = Options;
        options.Bounds?.CheckDimension(x0.Length, nameof(x0));
        long start = Stopwatch.GetTimestamp();
        int n = x0.Length, count = objective.Data.Count, batchSize = Math.Min(options.BatchSize, count);
        double[] x = x0.ToArray(), gradient = new double[n];
        options.Bounds?.Project(x); // a start outside the box is moved to the nearest point inside
        // The iterate before the last step, to go back to when a mini-batch's loss or gradient is not finite (x0 until a
        // step is taken). The update rule writes the new iterate into it, and the two arrays swap: no copy per step.
        double[] previousX = (double[])x.Clone();
        UpdateRule rule = CreateRule(n);
        VirtualShardSampler? sampler = options.VirtualShards is { } shards
            ? new VirtualShardSampler(count, Math.Min(shards, count), batchSize, options.Seed, options.Shuffle)
            : null;
        var evaluator = new BatchGradientEvaluator(objective, n, options.ParallelThreshold, options.MaxDegreeOfParallelism, sampler);
        IterateAverager? averager = options.Averaging == IterateAveraging.None
            ? null
            : new IterateAverager(options.Averaging, n, options.AveragingDecay);
        var trace = options.RecordTrace ? new List<TraceEntry>() : null;

        // The mini-batch gradient's norm is a sum in index order, a pass that cannot be vectorised without changing its
        // bits, so it is computed only when something reads it: the clipping and the trace.
        bool normIsRead = options.MaxGradientNorm is not null || trace is not null;

        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var random = new Random(options.Seed);
        int steps = 0, epochs = 0;
        long samplesSeen = 0;
        double step = 0, batchGradientNorm = 0, lastMeanLoss = double.NaN;
        TerminationReason? reason = null;
        while (reason is null && epochs < options.Epochs)
        {
            if (sampler is not null)
            {
                sampler.FillEpochOrder(epochs, order);
            }
            else if (options.Shuffle)
            {
                random.Shuffle(order);
            }

            double lossSum = 0;
            int batches = 0;
            for (int first = 0; first < count; first += batchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // Checked before each step, so an already-cancelled token takes none.
                    reason = TerminationReason.Cancelled;
                    break;
                }

                int size = Math.Min(batchSize, count - first);
                double loss = sampler is null
                    ? evaluator.Evaluate(x, order, first, size, gradient)
                    : evaluator.EvaluateShardedBatch(x, order, first / batchSize, gradient);
                if (!double.IsFinite(loss) || !evaluator.GradientIsFinite)
                {
                    // x is where the loss broke: go back to the iterate before the last step, whose mini-batch loss
                    // and gradient were finite (x0 itself when no step was taken).
                    reason = TerminationReason.NonFiniteObjective;
                    x = previousX;
                    break;
                }

                if (normIsRead)
                {
                    batchGradientNorm = Math.Sqrt(VectorMath.NormSquared(gradient));
                }

                if (options.MaxGradientNorm is { } clip && batchGradientNorm > clip)
                {
                    // Clipping by norm keeps the direction and bounds the step (Pascanu et al. 2013).
                    VectorMath.Scale(gradient, clip / batchGradientNorm);
                }

                step = options.StepSchedule.StepAt(steps);
                if (averager is { Kind: IterateAveraging.StepWeighted })
                {
                    averager.Add(x, step);
                }

                rule.Apply(x, gradient, step, steps, previousX);
                (x, previousX) = (previousX, x);
                options.Bounds?.Project(x);
                if (averager is { Kind: not IterateAveraging.StepWeighted })
                {
                    averager.Add(x);
                }

                steps++;
                samplesSeen += size;
                lossSum += loss;
                batches++;
                if (options.TimeLimit is { } limit && Stopwatch.GetElapsedTime(start) >= limit)
                {
                    reason = TerminationReason.TimeLimit;
                }

                if (reason is not null)
                {
                    break;
                }
            }

            if (reason is not null && batches * batchSize < count)
            {
                break;
            }

            epochs++;
            double meanLoss = lossSum / Math.Max(1, batches);
            lastMeanLoss = meanLoss;
            trace?.Add(new TraceEntry(epochs, meanLoss, batchGradientNorm, step));
            if (options.Callback is { } callback)
            {
                ReadOnlySpan<double> average = averager is null || averager.Count == 0 ? x : averager.Average;
                var state = new EpochState(epochs, x, average, meanLoss, steps, samplesSeen, step, Stopwatch.GetElapsedTime(start));
                if (callback(state) == CallbackAction.Stop && reason is null)
                {
                    reason = TerminationReason.StoppedByCallback;
                }
            }
        }

        reason ??= TerminationReason.MaxEpochs;
        // After a non-finite loss the average has taken in the iterate where it broke: return the last finite iterate.
        double[] minimizer = averager is null || averager.Count == 0 || reason == TerminationReason.NonFiniteObjective
            ? x
            : averager.Average.ToArray();
        double value = lastMeanLoss, gradientNorm = double.NaN;
        if (options.FinalFullDataPass)
        {
            value = evaluator.EvaluateAll(minimizer, gradient);
            gradientNorm = Math.Sqrt(VectorMath.NormSquared(gradient));
        }

        var evaluations = new EvaluationCounts(0, (int)Math.Min(int.MaxValue, evaluator.SampleGradients), 0, 0);
        return new StochasticResult(
            Name, minimizer, value, gradientNorm, steps, epochs, samplesSeen, evaluations, Stopwatch.GetElapsedTime(start),
            reason.Value, Describe(reason.Value, epochs), trace is null ? Array.Empty<TraceEntry>() : trace);
    }

    /// <summary>Creates the per-run state of the algorithm (velocities, moment estimates).</summary>
    /// <param name="dimension">The number of parameters.</param>
    /// <returns>A fresh update rule.</returns>
    private protected abstract UpdateRule CreateRule(int dimension);

    private static string Describe(TerminationReason reason, int epochs) => reason switch
    {
        TerminationReason.MaxEpochs => $"ran the epoch budget ({epochs}); SGD has no convergence test, check F and ||grad F||",
        TerminationReason.NonFiniteObjective => "a mini-batch loss or gradient was NaN or infinite (step too large?); returned the last finite iterate",
        TerminationReason.Cancelled => "cancelled",
        TerminationReason.TimeLimit => "time limit reached",
        TerminationReason.StoppedByCallback => "the epoch callback asked to stop",
        _ => reason.ToString(),
    };
}
