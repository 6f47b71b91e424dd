using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The empirical risk F(w) = (1/N) sum_i f(w, y_i) of a per-sample loss over a dataset, for the stochastic solvers.
/// The loss enters through its generated pullback (<c>LossPullback</c>), which adds seed * grad f, so a mini-batch
/// gradient (1/m) sum grad f(w, y_i) is summed in place.
/// </summary>
/// <example>
/// <code>var objective = new StochasticObjective(Losses.LogisticPullback, dataset, Losses.Logistic);</code>
/// </example>
public sealed class StochasticObjective
{
    private readonly object _fullDataLock = new();
    private BatchGradientEvaluator? _fullDataEvaluator;

    /// <summary>Creates the objective.</summary>
    /// <param name="pullback">The per-sample pullback, e.g. the generated <c>LossPullback</c>.</param>
    /// <param name="data">The samples y_1..y_N.</param>
    /// <param name="loss">The per-sample loss alone (cheaper than the pullback for <see cref="MeanLoss"/>); optional.</param>
    /// <param name="expectedSampleLength">When given, the length every sample must have (checked here, so a wrong dataset fails early).</param>
    /// <exception cref="ArgumentNullException"><paramref name="pullback"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The samples do not have <paramref name="expectedSampleLength"/>.</exception>
    public StochasticObjective(SamplePullbackFunction pullback, Dataset data, SampleLossFunction? loss = null, int? expectedSampleLength = null)
    {
        ArgumentNullException.ThrowIfNull(pullback);
        ArgumentNullException.ThrowIfNull(data);
        if (expectedSampleLength is { } length && data.SampleLength != length)
        {
            throw new ArgumentException($"Every sample has length {data.SampleLength}; the loss expects {length}.", nameof(data));
        }

        Pullback = pullback;
        Data = data;
        Loss = loss;
    }

    /// <summary>The per-sample pullback.</summary>
    public SamplePullbackFunction Pullback { get; }

    /// <summary>The per-sample loss, or null when only the pullback was given.</summary>
    public SampleLossFunction? Loss { get; }

    /// <summary>The dataset.</summary>
    public Dataset Data { get; }

    /// <summary>F(w) = (1/N) sum_i f(w, y_i), summed in sample order.</summary>
    /// <param name="w">The parameters.</param>
    /// <returns>The mean loss.</returns>
    public double MeanLoss(ReadOnlySpan<double> w)
    {
        if (Loss is null)
        {
            var scratch = new double[w.Length];
            return MeanLossAndGradient(w, scratch);
        }

        double sum = 0;
        for (int i = 0; i < Data.Count; i++)
        {
            sum += Loss(w, Data[i]);
        }

        return sum / Data.Count;
    }

    /// <summary>F(w) and its full gradient (1/N) sum_i grad f(w, y_i), in parallel over fixed chunks of the data (deterministic).</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="gradient">Receives the gradient; overwritten; length of <paramref name="w"/>.</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> has the wrong length.</exception>
    public double MeanLossAndGradient(ReadOnlySpan<double> w, Span<double> gradient)
    {
        if (gradient.Length != w.Length)
        {
            throw new ArgumentException($"Expected length {w.Length} (that of w), got {gradient.Length}.", nameof(gradient));
        }

        // One evaluator (its buffers) serves every full-data call; the lock keeps concurrent callers apart.
        lock (_fullDataLock)
        {
            if (_fullDataEvaluator is null || _fullDataEvaluator.Dimension != w.Length)
            {
                _fullDataEvaluator = new BatchGradientEvaluator(this, w.Length, BatchGradientEvaluator.DefaultParallelThreshold, -1);
            }

            return _fullDataEvaluator.EvaluateAll(w, gradient);
        }
    }

    /// <summary>
    /// The full-data objective for the deterministic solvers (L-BFGS, gradient descent...): value <see cref="MeanLoss"/>,
    /// gradient <see cref="MeanLossAndGradient"/>.
    /// </summary>
    /// <returns>An <see cref="Objective"/> over the whole dataset.</returns>
    public Objective ToObjective() => new(MeanLoss, MeanLossAndGradient);
}
