using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The empirical risk F(w) = (1/N) sum_i f(w, y_i) of a per-sample loss over a dataset, for the stochastic solvers.
/// The loss enters through its generated pullback (<c>LossPullback</c>), which adds seed * grad f, so a mini-batch
/// gradient (1/m) sum grad f(w, y_i) is summed in place. A loss that is cheaper over several samples at once (one
/// matrix product for a whole group rather than one matrix-vector product a sample) enters through
/// <see cref="FromBatchLoss"/> instead.
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
        : this(pullback, data, loss, expectedSampleLength, maxSamplesPerCall: 1)
    {
    }

    // Both public paths end here; a per-sample objective is a batch objective whose calls each take one sample.
    private StochasticObjective(
        SamplePullbackFunction pullback, Dataset data, SampleLossFunction? loss, int? expectedSampleLength, int maxSamplesPerCall)
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
        MaxSamplesPerCall = maxSamplesPerCall;
    }

    /// <summary>
    /// Creates the objective from a pullback over several samples at once, for a loss that is cheaper a group at a time.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The contract: <paramref name="batchPullback"/> receives k samples, 1 &lt;= k &lt;= <paramref name="maxSamplesPerCall"/>,
    /// packed one after another (k * <see cref="Dataset.SampleLength"/> numbers, sample j at [j L, (j + 1) L) with L the
    /// sample length); it returns the <b>sum</b> of their per-sample losses and <b>adds</b> seed times the gradient of that
    /// sum to its adjoint. <paramref name="batchLoss"/>, when given, returns the same sum. The samples of a mini-batch are
    /// cut into groups of consecutive batch positions, at most <paramref name="maxSamplesPerCall"/> a group, and each group
    /// is one call with the batch's seed 1/m; every sample is in exactly one call.
    /// </para>
    /// <para>
    /// Since k = 1 is allowed, the batch pullback is also a valid per-sample pullback, so code that calls
    /// <see cref="Pullback"/> one sample at a time stays correct. The groups depend only on the batch (never on the thread
    /// count), so results keep their bits whatever the parallelism; they differ from a per-sample objective's in the last
    /// bits only, as the sums are taken in another order.
    /// </para>
    /// </remarks>
    /// <param name="batchPullback">Returns the summed loss of the packed samples and adds seed times its gradient.</param>
    /// <param name="data">The samples y_1..y_N.</param>
    /// <param name="batchLoss">The summed loss of packed samples alone (cheaper than the pullback for <see cref="MeanLoss"/>); optional.</param>
    /// <param name="expectedSampleLength">When given, the length every sample must have.</param>
    /// <param name="maxSamplesPerCall">The most samples one call receives, &gt;= 1: bounds what a loss that allocates per sample on the stack needs.</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batchPullback"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSamplesPerCall"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The samples do not have <paramref name="expectedSampleLength"/>.</exception>
    public static StochasticObjective FromBatchLoss(
        SamplePullbackFunction batchPullback, Dataset data, SampleLossFunction? batchLoss = null, int? expectedSampleLength = null,
        int maxSamplesPerCall = 64)
    {
        // Checked here too, so the exception names this method's parameter.
        ArgumentNullException.ThrowIfNull(batchPullback);
        ArgumentNullException.ThrowIfNull(data);
        if (maxSamplesPerCall < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSamplesPerCall), maxSamplesPerCall, "Must be >= 1.");
        }

        return new StochasticObjective(batchPullback, data, batchLoss, expectedSampleLength, maxSamplesPerCall);
    }

    /// <summary>
    /// The pullback given: per sample, or for an objective from <see cref="FromBatchLoss"/> the batch pullback (which also
    /// accepts a single sample).
    /// </summary>
    public SamplePullbackFunction Pullback { get; }

    /// <summary>The loss given (per sample, or summed over packed samples for a batch objective), or null when only the pullback was given.</summary>
    public SampleLossFunction? Loss { get; }

    /// <summary>The most samples one call of <see cref="Pullback"/> or <see cref="Loss"/> receives: 1 for a per-sample objective.</summary>
    public int MaxSamplesPerCall { get; }

    /// <summary>The dataset.</summary>
    public Dataset Data { get; }

    /// <summary>F(w) = (1/N) sum_i f(w, y_i), summed in sample order (a group of samples a call for a batch loss).</summary>
    /// <param name="w">The parameters.</param>
    /// <returns>The mean loss.</returns>
    public double MeanLoss(ReadOnlySpan<double> w)
    {
        if (Loss is null)
        {
            var scratch = new double[w.Length];
            return MeanLossAndGradient(w, scratch);
        }

        // Groups of at most MaxSamplesPerCall consecutive samples (one sample each for a per-sample loss), in order.
        double sum = 0;
        for (int first = 0; first < Data.Count; first += MaxSamplesPerCall)
        {
            sum += Loss(w, Data.Slice(first, Math.Min(MaxSamplesPerCall, Data.Count - first)));
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
