using System;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace AutoDiff.Optimization;

/// <summary>
/// Sums a mini-batch gradient (1/m) sum grad f(w, y_i), in parallel when the batch is big enough to pay for it.
/// The batch is cut into a fixed number of contiguous chunks that depends only on m (never on the core count or
/// on thread timing); each chunk accumulates into its own buffer in sample order, then the buffers are added in
/// chunk order. So the sequential and the parallel path give the same bits. Buffers are allocated once, when a batch
/// first needs that many. A batch objective (<see cref="StochasticObjective.FromBatchLoss"/>) is called once per group of
/// at most <see cref="StochasticObjective.MaxSamplesPerCall"/> consecutive samples of a chunk, so the groups too depend
/// only on m.
/// </summary>
/// <remarks>
/// Every pass over the gradient's length costs about as much as a few pullbacks on a big model (the MNIST sample's
/// 101,770 weights, 32 samples a step), so the evaluator makes few: a chunk has at least
/// <see cref="MinSamplesPerChunk"/> samples (the MNIST batch is 2 chunks, not 8); the parameters are read in place, not
/// copied; and the reduction is one pass per two buffers that also zeroes them for the next batch and tests the
/// gradient for NaN and infinity, which the solver needs anyway.
/// </remarks>
internal sealed class BatchGradientEvaluator
{
    /// <summary>The most chunks a batch is cut into: enough for typical core counts, few enough that the reduction stays cheap.</summary>
    public const int MaxChunks = 8;

    /// <summary>The fewest samples a chunk has (when the batch has that many), so the reduction's share stays small.</summary>
    public const int MinSamplesPerChunk = 16;

    /// <summary>Below this many multiply-adds (batch size times dimension) threads cost more than they save.</summary>
    public const int DefaultParallelThreshold = 32_768;

    private readonly StochasticObjective _objective;
    private readonly double[]?[] _chunkGradients;
    private readonly double[] _chunkLosses;
    private readonly VirtualShardSampler? _sampler;
    private readonly int[]? _chunkBounds;
    private readonly int _parallelThreshold;
    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _chunkBody;
    private readonly Exception?[] _chunkErrors;

    // Per chunk, where a batch objective's group of shuffled samples is packed (null until the chunk first needs one):
    // one per chunk, since chunks run on different threads.
    private readonly double[]?[] _gatherBuffers;
    private double[]? _wCopy;

    // Whether a chunk buffer may hold partial sums: the reduction zeroes the buffers it reads, but a batch whose loss
    // threw never reached it.
    private bool _buffersDirty;

    // The batch being evaluated, read by the chunk body (fields, because a lambda cannot capture spans).
    private double[] _w = [];
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
        _sampler = sampler;
        int buffers = Math.Max(MaxChunks, sampler?.ShardCount ?? 0);
        _chunkLosses = new double[buffers];
        _chunkErrors = new Exception?[buffers]; // one per chunk: with more than MaxChunks virtual shards, one per shard
        _chunkBounds = sampler is null ? null : new int[sampler.ShardCount + 1];
        _chunkGradients = new double[buffers][];
        _gatherBuffers = new double[buffers][];
        _parallelThreshold = parallelThreshold;
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _chunkBody = EvaluateChunkCatching;
    }

    public int Dimension { get; }

    /// <summary>Per-sample gradient evaluations so far.</summary>
    public long SampleGradients { get; private set; }

    /// <summary>Whether every element of the last gradient was finite (no NaN or infinity).</summary>
    public bool GradientIsFinite { get; private set; }

    /// <summary>
    /// The mean loss of samples indices[start .. start + count) and (into <paramref name="gradient"/>) their mean gradient.
    /// A null <paramref name="indices"/> means samples start .. start + count in dataset order. <paramref name="w"/> is
    /// read in place (the chunks read it from a field, and copying it would be one more pass a step): do not change it
    /// until this returns.
    /// </summary>
    public double Evaluate(double[] w, int[]? indices, int start, int count, Span<double> gradient) =>
        Evaluate(w, indices, start, count, gradient, -1);

    /// <summary>
    /// Mini-batch <paramref name="step"/> of an epoch laid out by the sampler (<see cref="VirtualShardSampler.FillEpochOrder"/>):
    /// one chunk per virtual shard, so the sum is the one a data-parallel run folds in shard order.
    /// </summary>
    public double EvaluateShardedBatch(double[] w, int[] order, int step, Span<double> gradient) =>
        Evaluate(w, order, step * _sampler!.BatchSize, _sampler.BatchCount(step), gradient, step);

    private double Evaluate(double[] w, int[]? indices, int start, int count, Span<double> gradient, int shardedStep)
    {
        _w = w;
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
        if (_buffersDirty)
        {
            foreach (double[]? buffer in _chunkGradients)
            {
                if (buffer is not null)
                {
                    Array.Clear(buffer);
                }
            }
        }

        for (int c = 0; c < _chunks; c++)
        {
            _chunkGradients[c] ??= new double[Dimension];
        }

        _buffersDirty = true;
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

        // The reduction, always in chunk order: gradient = ((0 + b_0) + b_1) + ..., the bits of clearing the gradient
        // and adding each buffer in turn (0 + b turns a -0 into +0, so it is kept), two buffers a pass.
        double loss = 0;
        for (int c = 0; c < _chunks; c++)
        {
            loss += _chunkLosses[c];
        }

        bool finite = true;
        for (int c = 0; c < _chunks; c += 2)
        {
            finite = AddAndZero(gradient, c == 0, _chunkGradients[c]!, c + 1 < _chunks ? _chunkGradients[c + 1] : null);
        }

        if (_chunks == 0)
        {
            gradient.Clear();
        }

        _buffersDirty = false;
        GradientIsFinite = finite;
        SampleGradients += count;
        _indices = null;
        _w = [];
        return loss * _seed;
    }

    /// <summary>How many chunks a batch of <paramref name="count"/> samples is cut into: a function of the count alone.</summary>
    public static int ChunkCount(int count) => count == 0 ? 0 : Math.Clamp(count / MinSamplesPerChunk, 1, MaxChunks);

    /// <summary>The mean loss and gradient over the whole dataset, in dataset order.</summary>
    /// <remarks><paramref name="w"/> is copied first (once per pass over the data), so it may be any span.</remarks>
    public double EvaluateAll(ReadOnlySpan<double> w, Span<double> gradient)
    {
        _wCopy ??= new double[Dimension];
        w.CopyTo(_wCopy);
        return Evaluate(_wCopy, null, 0, _objective.Data.Count, gradient);
    }

    /// <summary>
    /// gradient = (<paramref name="fromZero"/> ? 0 : gradient) + a (+ b), element by element and in that order, then
    /// a = b = 0; returns whether every element written is finite. Vector lanes round each sum as the scalar code does.
    /// </summary>
    private static bool AddAndZero(Span<double> gradient, bool fromZero, double[] a, double[]? b)
    {
        int n = gradient.Length, i = 0, width = Vector<double>.Count;
        Span<double> aSpan = a.AsSpan(0, n), bSpan = b is null ? aSpan : b.AsSpan(0, n); // so the loads below stay in bounds
        ref double g = ref MemoryMarshal.GetReference(gradient);
        ref double first = ref MemoryMarshal.GetReference(aSpan);
        ref double second = ref MemoryMarshal.GetReference(bSpan);

        // x - x is 0 for a finite x and NaN for NaN or infinity, and a NaN stays in the running sum.
        Vector<double> check = Vector<double>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - width; i += width)
            {
                Vector<double> sum = (fromZero ? Vector<double>.Zero : Vector.LoadUnsafe(ref g, (nuint)i)) + Vector.LoadUnsafe(ref first, (nuint)i);
                Vector<double>.Zero.StoreUnsafe(ref first, (nuint)i);
                if (b is not null)
                {
                    sum += Vector.LoadUnsafe(ref second, (nuint)i);
                    Vector<double>.Zero.StoreUnsafe(ref second, (nuint)i);
                }

                sum.StoreUnsafe(ref g, (nuint)i);
                check += sum - sum;
            }
        }

        double tailCheck = 0;
        for (; i < n; i++)
        {
            double sum = (fromZero ? 0 : gradient[i]) + aSpan[i];
            aSpan[i] = 0;
            if (b is not null)
            {
                sum += bSpan[i];
                bSpan[i] = 0;
            }

            gradient[i] = sum;
            tailCheck += sum - sum;
        }

        return Vector.EqualsAll(check, Vector<double>.Zero) && tailCheck == 0;
    }

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
                _w = [];
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
        double[] buffer = _chunkGradients[chunk]!; // zero: new, or zeroed by the last reduction
        double loss = 0;
        Dataset data = _objective.Data;
        SamplePullbackFunction pullback = _objective.Pullback;
        int maxGroup = _objective.MaxSamplesPerCall;
        if (maxGroup == 1)
        {
            for (int k = _start + from; k < _start + to; k++)
            {
                int sample = _indices is null ? k : _indices[k];
                loss += pullback(_w, data[sample], _seed, buffer);
            }
        }
        else
        {
            // Consecutive groups of the chunk's positions, each one call with the batch's seed.
            int end = _start + to;
            for (int first = _start + from; first < end; first += maxGroup)
            {
                int group = Math.Min(maxGroup, end - first);
                ReadOnlySpan<double> samples = _indices is null ? data.Slice(first, group) : Gather(chunk, first, group);
                loss += pullback(_w, samples, _seed, buffer);
            }
        }

        _chunkLosses[chunk] = loss;
    }

    /// <summary>
    /// Packs samples _indices[first .. first + count) one after another into the chunk's gather buffer, which is allocated
    /// when the chunk first meets a group this big (so steps allocate nothing once warm).
    /// </summary>
    private ReadOnlySpan<double> Gather(int chunk, int first, int count)
    {
        Dataset data = _objective.Data;
        int length = data.SampleLength;
        double[]? gather = _gatherBuffers[chunk];
        if (gather is null || gather.Length < count * length)
        {
            gather = new double[count * length];
            _gatherBuffers[chunk] = gather;
        }

        for (int j = 0; j < count; j++)
        {
            data[_indices![first + j]].CopyTo(gather.AsSpan(j * length, length));
        }

        return gather.AsSpan(0, count * length);
    }
}
