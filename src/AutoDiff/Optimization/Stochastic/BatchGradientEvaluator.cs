using System;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace AutoDiff.Optimization;

/// <summary>
/// Sums a mini-batch gradient (1/m) sum grad f(w, y_i), in parallel when the batch is big enough to pay for it.
/// The batch is cut into a fixed number of contiguous chunks that depends only on m (never on the core count or
/// on thread timing); each chunk accumulates into its own buffer in sample order, then the buffers are added in
/// chunk order. So the sequential and the parallel path give the same bits. Buffers are allocated once.
/// </summary>
/// <remarks>
/// A chunk's buffer is cleared and added in once per step, two passes over the gradient's length whatever the chunk's
/// size, so a chunk has at least <see cref="MinSamplesPerChunk"/> samples: the MNIST sample's batch of 32 is 2 chunks,
/// not 8 (its eight 101,770-double buffers per step cost more than the 32 pullbacks once those were vectorised).
/// </remarks>
internal sealed class BatchGradientEvaluator
{
    /// <summary>The most chunks a batch is cut into: enough for typical core counts, few enough that the reduction stays cheap.</summary>
    public const int MaxChunks = 8;

    /// <summary>The fewest samples a chunk has (when the batch has that many), so its buffer's clear and add stay a small share.</summary>
    public const int MinSamplesPerChunk = 16;

    /// <summary>Below this many multiply-adds (batch size times dimension) threads cost more than they save.</summary>
    public const int DefaultParallelThreshold = 32_768;

    private readonly StochasticObjective _objective;
    private readonly double[][] _chunkGradients;
    private readonly double[] _chunkLosses;
    private readonly VirtualShardSampler? _sampler;
    private readonly int[]? _chunkBounds;
    private readonly double[] _w;
    private readonly int _parallelThreshold;
    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _chunkBody;
    private readonly Exception?[] _chunkErrors;

    // The batch being evaluated, read by the chunk body (fields, because a lambda cannot capture spans).
    private int[]? _indices;
    private int _start;
    private int _count;
    private int _chunks;
    private double _seed;
    private bool _shardChunks;

    public BatchGradientEvaluator(
        StochasticObjective objective, int dimension, int parallelThreshold, int maxDegreeOfParallelism, VirtualShardSampler? sampler = null)
    {
        _objective = objective;
        Dimension = dimension;
        _w = new double[dimension];
        _sampler = sampler;
        int buffers = Math.Max(MaxChunks, sampler?.ShardCount ?? 0);
        _chunkLosses = new double[buffers];
        _chunkErrors = new Exception?[buffers]; // one per chunk: with more than MaxChunks virtual shards, one per shard
        _chunkBounds = sampler is null ? null : new int[sampler.ShardCount + 1];
        _chunkGradients = new double[buffers][];
        for (int c = 0; c < buffers; c++)
        {
            _chunkGradients[c] = new double[dimension];
        }

        _parallelThreshold = parallelThreshold;
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _chunkBody = EvaluateChunkCatching;
    }

    public int Dimension { get; }

    /// <summary>Per-sample gradient evaluations so far.</summary>
    public long SampleGradients { get; private set; }

    /// <summary>
    /// The mean loss of samples indices[start .. start + count) and (into <paramref name="gradient"/>) their mean gradient.
    /// A null <paramref name="indices"/> means samples start .. start + count in dataset order.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> w, int[]? indices, int start, int count, Span<double> gradient) =>
        Evaluate(w, indices, start, count, gradient, -1);

    /// <summary>
    /// Mini-batch <paramref name="step"/> of an epoch laid out by the sampler (<see cref="VirtualShardSampler.FillEpochOrder"/>):
    /// one chunk per virtual shard, so the sum is the one a data-parallel run folds in shard order.
    /// </summary>
    public double EvaluateShardedBatch(ReadOnlySpan<double> w, int[] order, int step, Span<double> gradient) =>
        Evaluate(w, order, step * _sampler!.BatchSize, _sampler.BatchCount(step), gradient, step);

    private double Evaluate(ReadOnlySpan<double> w, int[]? indices, int start, int count, Span<double> gradient, int shardedStep)
    {
        w.CopyTo(_w);
        _indices = indices;
        _start = start;
        _count = count;
        _shardChunks = shardedStep >= 0;
        if (_shardChunks)
        {
            _sampler!.FillChunkBounds(shardedStep, _chunkBounds);
        }

        _chunks = _shardChunks ? _sampler!.ShardCount : ChunkCount(count);
        _seed = 1.0 / count;
        bool parallel = _chunks > 1 && (long)count * Dimension >= _parallelThreshold
            && _parallelOptions.MaxDegreeOfParallelism != 1 && Environment.ProcessorCount > 1;
        if (parallel)
        {
            Parallel.For(0, _chunks, _parallelOptions, _chunkBody);
            RethrowFirstChunkError();
        }
        else
        {
            for (int c = 0; c < _chunks; c++)
            {
                EvaluateChunk(c);
            }
        }

        // The reduction, always in chunk order.
        double loss = 0;
        gradient.Clear();
        for (int c = 0; c < _chunks; c++)
        {
            loss += _chunkLosses[c];
            VectorMath.AddScaled(gradient, 1, _chunkGradients[c]);
        }

        SampleGradients += count;
        _indices = null;
        return loss * _seed;
    }

    /// <summary>How many chunks a batch of <paramref name="count"/> samples is cut into: a function of the count alone.</summary>
    public static int ChunkCount(int count) => count == 0 ? 0 : Math.Clamp(count / MinSamplesPerChunk, 1, MaxChunks);

    /// <summary>The mean loss and gradient over the whole dataset, in dataset order.</summary>
    public double EvaluateAll(ReadOnlySpan<double> w, Span<double> gradient) => Evaluate(w, null, 0, _objective.Data.Count, gradient);

    /// <summary>
    /// The parallel path's chunk body: a loss that throws is kept per chunk rather than escaping into Parallel.For,
    /// which would wrap it in an <see cref="AggregateException"/> the sequential path never shows.
    /// </summary>
    private void EvaluateChunkCatching(int chunk)
    {
        try
        {
            EvaluateChunk(chunk);
        }
#pragma warning disable CA1031 // rethrown unchanged by RethrowFirstChunkError
        catch (Exception error)
#pragma warning restore CA1031
        {
            _chunkErrors[chunk] = error;
        }
    }

    /// <summary>
    /// Rethrows, with its original stack trace, the exception of the lowest-numbered chunk that failed: the one the
    /// sequential path, which runs chunks in order, would have thrown. So a throwing loss surfaces the same either way.
    /// </summary>
    private void RethrowFirstChunkError()
    {
        for (int c = 0; c < _chunks; c++)
        {
            if (_chunkErrors[c] is { } error)
            {
                Array.Clear(_chunkErrors);
                _indices = null;
                ExceptionDispatchInfo.Throw(error);
            }
        }
    }

    private void EvaluateChunk(int chunk)
    {
        // Chunk c covers batch positions [c m / chunks, (c + 1) m / chunks): contiguous, sizes differing by at most one;
        // with virtual shards, chunk s is shard s's group of the batch.
        int from = _shardChunks ? _chunkBounds![chunk] : (int)((long)chunk * _count / _chunks);
        int to = _shardChunks ? _chunkBounds![chunk + 1] : (int)((long)(chunk + 1) * _count / _chunks);
        double[] buffer = _chunkGradients[chunk];
        Array.Clear(buffer);
        double loss = 0;
        Dataset data = _objective.Data;
        SamplePullbackFunction pullback = _objective.Pullback;
        for (int k = _start + from; k < _start + to; k++)
        {
            int sample = _indices is null ? k : _indices[k];
            loss += pullback(_w, data[sample], _seed, buffer);
        }

        _chunkLosses[chunk] = loss;
    }
}
