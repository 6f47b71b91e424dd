using System;
using System.Threading.Tasks;
using AutoDiff.Optimization;

namespace AutoDiff.Mpi;

/// <summary>
/// F(w) = (1/N) sum_i f(w, y_i) over data spread across the ranks of a communicator. The N samples are cut into S fixed
/// virtual shards (<see cref="VirtualShardSampler"/>); rank r of P holds the whole shards [r S / P, (r + 1) S / P), so S
/// must be at least P. Each rank sums its shards' per-sample gradients with the generated pullback, one buffer per shard
/// in sample order, and the ranks combine them as <see cref="Reduction"/> says. Every method that evaluates is a
/// collective call: every rank must call it with the same w. One instance serves one solver run at a time (its buffers
/// are reused; it is not thread-safe).
/// </summary>
public sealed class DistributedStochasticObjective
{
    private readonly double[][] _shardGradients;
    private readonly double[] _shardLosses;
    private readonly int[][] _shardIndices;
    private readonly int[] _shardCounts;
    private readonly double[] _send;
    private readonly double[] _receive;
    private readonly int _blockShards;
    private double[] _w = [];
    private double _seed;

    /// <summary>Creates the objective from this rank's part of the data.</summary>
    /// <param name="communicator">The ranks that share the data.</param>
    /// <param name="pullback">The per-sample pullback, e.g. the generated <c>LossPullback</c>.</param>
    /// <param name="localData">This rank's samples: rows <see cref="LocalRange"/> of the global dataset, in order.</param>
    /// <param name="sampleCount">N, the number of samples over all ranks.</param>
    /// <param name="shardCount">S, the number of virtual shards, in [P, N]; a run's iterates depend on S, never on P.</param>
    /// <param name="dimension">The number of parameters (the length of w).</param>
    /// <param name="reduction">How ranks combine their gradients. Default <see cref="GradientReduction.Fold"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">S is outside [P, N] or the dimension is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="localData"/> does not hold this rank's shards.</exception>
    public DistributedStochasticObjective(
        MpiCommunicator communicator, SamplePullbackFunction pullback, Dataset localData, int sampleCount, int shardCount, int dimension,
        GradientReduction reduction = GradientReduction.Fold)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(pullback);
        ArgumentNullException.ThrowIfNull(localData);
        if (shardCount < communicator.Size || shardCount > sampleCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(shardCount), shardCount, $"Must lie in [{communicator.Size}, {sampleCount}] (at least one shard per rank, at most one sample per shard).");
        }

        if (dimension <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Must be > 0.");
        }

        if (!Enum.IsDefined(reduction))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction.");
        }

        (int start, int count) = LocalRange(sampleCount, shardCount, communicator.Rank, communicator.Size);
        if (localData.Count != count)
        {
            throw new ArgumentException(
                $"Rank {communicator.Rank} of {communicator.Size} holds samples [{start}, {start + count}) of {sampleCount}: {count} samples, got {localData.Count}.",
                nameof(localData));
        }

        Communicator = communicator;
        Pullback = pullback;
        LocalData = localData;
        SampleCount = sampleCount;
        ShardCount = shardCount;
        Dimension = dimension;
        Reduction = reduction;
        FirstShard = VirtualShardSampler.ShardStart(shardCount, communicator.Size, communicator.Rank);
        LocalShardCount = VirtualShardSampler.ShardStart(shardCount, communicator.Size, communicator.Rank + 1) - FirstShard;
        _blockShards = (shardCount + communicator.Size - 1) / communicator.Size;
        _shardGradients = new double[LocalShardCount][];
        _shardIndices = new int[LocalShardCount][];
        _shardCounts = new int[LocalShardCount];
        _shardLosses = new double[LocalShardCount];
        for (int k = 0; k < LocalShardCount; k++)
        {
            _shardGradients[k] = new double[dimension];
            _shardIndices[k] = new int[ShardSize(FirstShard + k)];
        }

        if (reduction == GradientReduction.Fold)
        {
            // Every rank sends a block of ceil(S / P) shards (losses, then gradients), padded, and folds all S in order.
            _send = new double[_blockShards * (dimension + 1)];
            _receive = new double[_send.Length * communicator.Size];
        }
        else
        {
            // The rank's gradient, then its loss, in one message.
            _send = new double[dimension + 1];
            _receive = new double[dimension + 1];
        }
    }

    /// <summary>Creates the objective on every rank from the whole dataset, keeping only this rank's rows.</summary>
    /// <param name="communicator">The ranks that share the data.</param>
    /// <param name="pullback">The per-sample pullback.</param>
    /// <param name="data">All N samples (each rank loads them and keeps its part; to load only a rank's rows, use <see cref="LocalRange"/>).</param>
    /// <param name="shardCount">S, in [P, N].</param>
    /// <param name="dimension">The number of parameters.</param>
    /// <param name="reduction">How ranks combine their gradients.</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">S is outside [P, N].</exception>
    public static DistributedStochasticObjective FromFullData(
        MpiCommunicator communicator, SamplePullbackFunction pullback, Dataset data, int shardCount, int dimension,
        GradientReduction reduction = GradientReduction.Fold)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(data);
        if (shardCount < communicator.Size || shardCount > data.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, $"Must lie in [{communicator.Size}, {data.Count}].");
        }

        (int start, int count) = LocalRange(data.Count, shardCount, communicator.Rank, communicator.Size);
        var values = new double[count * data.SampleLength];
        for (int i = 0; i < count; i++)
        {
            data[start + i].CopyTo(values.AsSpan(i * data.SampleLength));
        }

        return new DistributedStochasticObjective(
            communicator, pullback, new Dataset(values, data.SampleLength), data.Count, shardCount, dimension, reduction);
    }

    /// <summary>The rows rank <paramref name="rank"/> of <paramref name="size"/> holds: its whole virtual shards, consecutive.</summary>
    /// <param name="sampleCount">N.</param>
    /// <param name="shardCount">S.</param>
    /// <param name="rank">The rank.</param>
    /// <param name="size">P, the number of ranks.</param>
    /// <returns>The first row and the number of rows.</returns>
    public static (int Start, int Count) LocalRange(int sampleCount, int shardCount, int rank, int size)
    {
        int firstShard = VirtualShardSampler.ShardStart(shardCount, size, rank);
        int endShard = VirtualShardSampler.ShardStart(shardCount, size, rank + 1);
        int start = VirtualShardSampler.ShardStart(sampleCount, shardCount, firstShard);
        return (start, VirtualShardSampler.ShardStart(sampleCount, shardCount, endShard) - start);
    }

    /// <summary>The ranks.</summary>
    public MpiCommunicator Communicator { get; }

    /// <summary>The per-sample pullback.</summary>
    public SamplePullbackFunction Pullback { get; }

    /// <summary>This rank's samples.</summary>
    public Dataset LocalData { get; }

    /// <summary>N over all ranks.</summary>
    public int SampleCount { get; }

    /// <summary>S, the number of virtual shards.</summary>
    public int ShardCount { get; }

    /// <summary>The number of parameters.</summary>
    public int Dimension { get; }

    /// <summary>How ranks combine gradients.</summary>
    public GradientReduction Reduction { get; }

    /// <summary>The first virtual shard this rank holds.</summary>
    public int FirstShard { get; }

    /// <summary>How many virtual shards this rank holds.</summary>
    public int LocalShardCount { get; }

    /// <summary>Use threads over this rank's shards when the batch size times the dimension reaches this (results do not change). Default 32768.</summary>
    public int ParallelThreshold { get; set; } = 32_768;

    /// <summary>At most this many threads per rank; 1 for none (the default: ranks usually have the cores), -1 for the runtime's choice.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 1;

    /// <summary>
    /// The per-sample Hessian-vector product (the generated <c>LossHessianVectorProduct</c>), for Newton-CG through
    /// <see cref="ToObjective"/>; null (the default) for none.
    /// </summary>
    public SampleHessianVectorProductFunction? HessianVectorProduct { get; set; }

    /// <summary>Per-sample gradients this rank has evaluated.</summary>
    public long LocalSampleGradients { get; private set; }

    /// <summary>F(w) and its full gradient over all ranks' data, every shard summed in sample order and combined. Collective.</summary>
    /// <param name="w">The parameters (the same on every rank).</param>
    /// <param name="gradient">Receives the gradient; overwritten.</param>
    /// <returns>F(w).</returns>
    /// <exception cref="ArgumentException">A length is wrong.</exception>
    public double MeanLossAndGradient(ReadOnlySpan<double> w, Span<double> gradient)
    {
        CheckLengths(w, gradient);
        for (int k = 0; k < LocalShardCount; k++)
        {
            int[] indices = _shardIndices[k];
            int first = LocalShardStart(k);
            for (int i = 0; i < indices.Length; i++)
            {
                indices[i] = first + i;
            }

            _shardCounts[k] = indices.Length;
        }

        return EvaluateAndCombine(w, SampleCount, gradient);
    }

    /// <summary>F(w) over all ranks' data (through the pullback, so it costs a gradient). Collective.</summary>
    /// <param name="w">The parameters.</param>
    /// <returns>F(w).</returns>
    public double MeanLoss(ReadOnlySpan<double> w) => MeanLossAndGradient(w, new double[w.Length]);

    /// <summary>
    /// The full-data objective for the deterministic solvers (L-BFGS, Newton-CG with its own products...): every rank runs the
    /// same solver loop on the same combined values and gradients, so all ranks take the same steps.
    /// </summary>
    /// <returns>The objective; its calls are collective.</returns>
    public Objective ToObjective() =>
        new(MeanLoss, MeanLossAndGradient, HessianVectorProduct is null ? null : MeanHessianVectorProduct);

    /// <summary>
    /// (1/N) sum_i H_i v over all ranks' data, combined like the gradient, and F(w). Collective. Needs
    /// <see cref="HessianVectorProduct"/>.
    /// </summary>
    /// <param name="w">The parameters.</param>
    /// <param name="v">The direction.</param>
    /// <param name="hv">Receives H v; overwritten.</param>
    /// <returns>F(w).</returns>
    /// <exception cref="InvalidOperationException">No per-sample Hessian-vector product was given.</exception>
    /// <exception cref="ArgumentException">A length is wrong.</exception>
    public double MeanHessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> hv)
    {
        SampleHessianVectorProductFunction product = HessianVectorProduct
            ?? throw new InvalidOperationException("Set HessianVectorProduct (the generated LossHessianVectorProduct) first.");
        CheckLengths(w, hv);
        CheckLengths(v, hv);
        double scale = 1.0 / SampleCount;
        var sample = new double[Dimension];
        for (int k = 0; k < LocalShardCount; k++)
        {
            double[] buffer = _shardGradients[k];
            Array.Clear(buffer);
            double loss = 0;
            int first = LocalShardStart(k);
            for (int i = 0; i < ShardSize(FirstShard + k); i++)
            {
                loss += product(w, LocalData[first + i], v, sample);
                for (int j = 0; j < buffer.Length; j++)
                {
                    buffer[j] += scale * sample[j];
                }
            }

            _shardLosses[k] = loss;
        }

        return Combine(hv) * scale;
    }

    /// <summary>Mini-batch <paramref name="step"/> of the epoch whose shard permutations are given, as the sampler lays it out: mean loss and gradient. Collective.</summary>
    internal double MiniBatch(ReadOnlySpan<double> w, VirtualShardSampler sampler, int[][] permutations, int step, Span<double> gradient)
    {
        for (int k = 0; k < LocalShardCount; k++)
        {
            (int start, int count) = sampler.BatchSlice(step, FirstShard + k);
            int first = LocalShardStart(k);
            int[] permutation = permutations[k], indices = _shardIndices[k];
            for (int i = 0; i < count; i++)
            {
                indices[i] = first + permutation[start + i];
            }

            _shardCounts[k] = count;
        }

        return EvaluateAndCombine(w, sampler.BatchCount(step), gradient);
    }

    internal int ShardSize(int shard) =>
        VirtualShardSampler.ShardStart(SampleCount, ShardCount, shard + 1) - VirtualShardSampler.ShardStart(SampleCount, ShardCount, shard);

    private int LocalShardStart(int k) =>
        VirtualShardSampler.ShardStart(SampleCount, ShardCount, FirstShard + k) - VirtualShardSampler.ShardStart(SampleCount, ShardCount, FirstShard);

    private void CheckLengths(ReadOnlySpan<double> w, Span<double> gradient)
    {
        if (w.Length != Dimension)
        {
            throw new ArgumentException($"Expected {Dimension} parameters, got {w.Length}.", nameof(w));
        }

        if (gradient.Length != Dimension)
        {
            throw new ArgumentException($"Expected length {Dimension}, got {gradient.Length}.", nameof(gradient));
        }
    }

    private double EvaluateAndCombine(ReadOnlySpan<double> w, int batchCount, Span<double> gradient)
    {
        if (_w.Length != Dimension)
        {
            _w = new double[Dimension];
        }

        w.CopyTo(_w);
        _seed = 1.0 / batchCount;
        long local = 0;
        for (int k = 0; k < LocalShardCount; k++)
        {
            local += _shardCounts[k];
        }

        if (LocalShardCount > 1 && MaxDegreeOfParallelism != 1 && local * Dimension >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, LocalShardCount, new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism }, EvaluateShard);
        }
        else
        {
            for (int k = 0; k < LocalShardCount; k++)
            {
                EvaluateShard(k);
            }
        }

        LocalSampleGradients += local;
        return Combine(gradient) * _seed;
    }

    /// <summary>Combines the shards' sums (<see cref="_shardGradients"/>, <see cref="_shardLosses"/>) over ranks into <paramref name="gradient"/>; returns the summed loss.</summary>
    private double Combine(Span<double> gradient)
    {
        int n = Dimension;
        double loss = 0;
        gradient.Clear();
        if (Reduction == GradientReduction.Fold)
        {
            // Gather every shard's sum and add them all in shard order: the bits of one process summing shard by shard.
            Array.Clear(_send);
            for (int k = 0; k < LocalShardCount; k++)
            {
                _send[k] = _shardLosses[k];
                _shardGradients[k].CopyTo(_send, _blockShards + (k * n));
            }

            Communicator.Allgather(_send, _receive);
            int blockLength = _send.Length;
            for (int s = 0; s < ShardCount; s++)
            {
                int owner = ShardOwner(s), k = s - VirtualShardSampler.ShardStart(ShardCount, Communicator.Size, owner);
                int block = owner * blockLength;
                loss += _receive[block + k];
                ReadOnlySpan<double> shardGradient = _receive.AsSpan(block + _blockShards + (k * n), n);
                for (int i = 0; i < n; i++)
                {
                    gradient[i] += 1 * shardGradient[i];
                }
            }
        }
        else
        {
            // This rank's shards in order, then MPI's sum over ranks (its order depends on P and the message size).
            Span<double> partial = _send.AsSpan(0, n);
            partial.Clear();
            double localLoss = 0;
            for (int k = 0; k < LocalShardCount; k++)
            {
                localLoss += _shardLosses[k];
                double[] shardGradient = _shardGradients[k];
                for (int i = 0; i < n; i++)
                {
                    partial[i] += 1 * shardGradient[i];
                }
            }

            _send[n] = localLoss;
            Communicator.AllreduceSum(_send, _receive);
            _receive.AsSpan(0, n).CopyTo(gradient);
            loss = _receive[n];
        }

        return loss;
    }

    private int ShardOwner(int shard)
    {
        // Rank r holds [r S / P, (r + 1) S / P); the owner is the last rank whose first shard is <= shard.
        int size = Communicator.Size;
        int owner = (int)Math.Min(size - 1, ((long)(shard + 1) * size) / ShardCount);
        while (VirtualShardSampler.ShardStart(ShardCount, size, owner) > shard)
        {
            owner--;
        }

        while (owner + 1 < size && VirtualShardSampler.ShardStart(ShardCount, size, owner + 1) <= shard)
        {
            owner++;
        }

        return owner;
    }

    private void EvaluateShard(int k)
    {
        double[] buffer = _shardGradients[k];
        Array.Clear(buffer);
        double loss = 0;
        int[] indices = _shardIndices[k];
        Dataset data = LocalData;
        SamplePullbackFunction pullback = Pullback;
        double seed = _seed;
        for (int i = 0; i < _shardCounts[k]; i++)
        {
            loss += pullback(_w, data[indices[i]], seed, buffer);
        }

        _shardLosses[k] = loss;
    }
}
