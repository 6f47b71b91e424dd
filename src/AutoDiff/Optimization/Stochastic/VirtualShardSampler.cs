using System;
using System.Collections.Generic;

namespace AutoDiff.Optimization;

/// <summary>
/// Mini-batch sampling that does not depend on how many processes share the data. The N samples are split into S fixed
/// virtual shards of consecutive samples (shard s holds [s N / S, (s + 1) N / S)). Every epoch each shard's samples
/// are permuted by a generator seeded from (seed, shard, epoch) alone, and every mini-batch takes a fixed, evenly
/// spread slice of every shard's permutation: batch t holds exactly m samples (the last may hold fewer), shard s
/// contributing about m n_s / N of them. Inside a batch the samples are grouped by shard, and a batch gradient is
/// summed per shard in sample order, then over shards in shard order, so a process that holds any set of whole
/// shards can compute its part of the sum without seeing the rest. With <see cref="StochasticOptions.VirtualShards"/>
/// set the single-process solvers sample this way, which is what makes a one-process run the same run as a
/// data-parallel one (package AutoDiff.Mpi).
/// </summary>
public sealed class VirtualShardSampler
{
    // _counts[t * (S + 1) + s]: how many of shard s's samples the batches before t took (row t = StepsPerEpoch is n_s).
    private readonly int[] _counts;

    /// <summary>Creates the sampler (its batch layout is computed once here, O(N log S)).</summary>
    /// <param name="sampleCount">N, the number of samples, &gt; 0.</param>
    /// <param name="shardCount">S, the number of virtual shards, in [1, N].</param>
    /// <param name="batchSize">m, samples per mini-batch, &gt; 0 (at most N is used).</param>
    /// <param name="seed">Seeds every shard's permutations.</param>
    /// <param name="shuffle">Permute each shard every epoch; false keeps every shard in order.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public VirtualShardSampler(int sampleCount, int shardCount, int batchSize, int seed, bool shuffle = true)
    {
        if (sampleCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, "Must be > 0.");
        }

        if (shardCount <= 0 || shardCount > sampleCount)
        {
            throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, $"Must lie in [1, {sampleCount}] (the number of samples).");
        }

        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Must be > 0.");
        }

        SampleCount = sampleCount;
        ShardCount = shardCount;
        BatchSize = Math.Min(batchSize, sampleCount);
        Seed = seed;
        Shuffle = shuffle;
        StepsPerEpoch = (sampleCount + BatchSize - 1) / BatchSize;
        _counts = new int[(StepsPerEpoch + 1) * (shardCount + 1)];

        // Merge the shards by the key (j + 1/2) / n_s of their j-th sample (ties to the lower shard): any run of
        // consecutive positions then holds every shard in proportion to its size.
        var heads = new PriorityQueue<int, (long Numerator, long Denominator, int Shard)>(shardCount, KeyComparer.Instance);
        var taken = new int[shardCount];
        for (int s = 0; s < shardCount; s++)
        {
            heads.Enqueue(s, (1, 2L * ShardSize(s), s));
        }

        for (int t = 0; t < StepsPerEpoch; t++)
        {
            int size = Math.Min(BatchSize, sampleCount - t * BatchSize);
            for (int k = 0; k < size; k++)
            {
                int s = heads.Dequeue();
                int j = ++taken[s];
                if (j < ShardSize(s))
                {
                    heads.Enqueue(s, ((2L * j) + 1, 2L * ShardSize(s), s));
                }
            }

            taken.CopyTo(_counts, (t + 1) * (shardCount + 1));
        }
    }

    /// <summary>N, the number of samples.</summary>
    public int SampleCount { get; }

    /// <summary>S, the number of virtual shards.</summary>
    public int ShardCount { get; }

    /// <summary>m, samples per mini-batch (at most N).</summary>
    public int BatchSize { get; }

    /// <summary>The seed of the permutations.</summary>
    public int Seed { get; }

    /// <summary>Whether shards are permuted every epoch.</summary>
    public bool Shuffle { get; }

    /// <summary>Mini-batches per epoch, ceil(N / m).</summary>
    public int StepsPerEpoch { get; }

    /// <summary>The first sample of shard <paramref name="shard"/> of <paramref name="shardCount"/> over <paramref name="sampleCount"/> samples: shard * N / S.</summary>
    /// <param name="sampleCount">N.</param>
    /// <param name="shardCount">S.</param>
    /// <param name="shard">0 &lt;= shard &lt;= S (S gives N, the end of the last shard).</param>
    /// <returns>The index of the shard's first sample.</returns>
    public static int ShardStart(int sampleCount, int shardCount, int shard) => (int)((long)shard * sampleCount / shardCount);

    /// <summary>The number of samples in shard <paramref name="shard"/>.</summary>
    /// <param name="shard">0 &lt;= shard &lt; S.</param>
    /// <returns>n_s.</returns>
    public int ShardSize(int shard) => ShardStart(SampleCount, ShardCount, shard + 1) - ShardStart(SampleCount, ShardCount, shard);

    /// <summary>The number of samples in mini-batch <paramref name="step"/> of an epoch.</summary>
    /// <param name="step">0 &lt;= step &lt; <see cref="StepsPerEpoch"/>.</param>
    /// <returns>m, or fewer for the last batch.</returns>
    public int BatchCount(int step) => Math.Min(BatchSize, SampleCount - (step * BatchSize));

    /// <summary>
    /// The slice of shard <paramref name="shard"/>'s permutation that mini-batch <paramref name="step"/> takes: positions
    /// [start, start + count) of <see cref="FillShardPermutation"/>'s output.
    /// </summary>
    /// <param name="step">0 &lt;= step &lt; <see cref="StepsPerEpoch"/>.</param>
    /// <param name="shard">0 &lt;= shard &lt; S.</param>
    /// <returns>The first position and the number of samples.</returns>
    public (int Start, int Count) BatchSlice(int step, int shard)
    {
        int start = _counts[(step * (ShardCount + 1)) + shard];
        return (start, _counts[((step + 1) * (ShardCount + 1)) + shard] - start);
    }

    /// <summary>The order of shard <paramref name="shard"/>'s samples in epoch <paramref name="epoch"/>, as offsets from the shard's first sample.</summary>
    /// <param name="epoch">The epoch, 0 for the first.</param>
    /// <param name="shard">0 &lt;= shard &lt; S.</param>
    /// <param name="permutation">Receives n_s offsets; length <see cref="ShardSize"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="permutation"/> has the wrong length.</exception>
    public void FillShardPermutation(int epoch, int shard, Span<int> permutation)
    {
        if (permutation.Length != ShardSize(shard))
        {
            throw new ArgumentException($"Expected length {ShardSize(shard)} (the size of shard {shard}), got {permutation.Length}.", nameof(permutation));
        }

        for (int i = 0; i < permutation.Length; i++)
        {
            permutation[i] = i;
        }

        if (Shuffle)
        {
            new Random(MixSeed(Seed, shard, epoch)).Shuffle(permutation);
        }
    }

    /// <summary>
    /// The whole epoch's sample order for one process holding all the data: batch after batch, each batch's samples
    /// grouped by shard in shard order.
    /// </summary>
    /// <param name="epoch">The epoch, 0 for the first.</param>
    /// <param name="order">Receives N sample indices.</param>
    /// <exception cref="ArgumentException"><paramref name="order"/> does not have length N.</exception>
    public void FillEpochOrder(int epoch, Span<int> order)
    {
        if (order.Length != SampleCount)
        {
            throw new ArgumentException($"Expected length {SampleCount}, got {order.Length}.", nameof(order));
        }

        var permutations = new int[ShardCount][];
        for (int s = 0; s < ShardCount; s++)
        {
            permutations[s] = new int[ShardSize(s)];
            FillShardPermutation(epoch, s, permutations[s]);
        }

        int position = 0;
        for (int t = 0; t < StepsPerEpoch; t++)
        {
            for (int s = 0; s < ShardCount; s++)
            {
                (int start, int count) = BatchSlice(t, s);
                int first = ShardStart(SampleCount, ShardCount, s);
                for (int k = start; k < start + count; k++)
                {
                    order[position++] = first + permutations[s][k];
                }
            }
        }
    }

    /// <summary>Where each shard's group starts inside mini-batch <paramref name="step"/> (S + 1 offsets; the last is the batch size).</summary>
    internal void FillChunkBounds(int step, Span<int> bounds)
    {
        bounds[0] = 0;
        for (int s = 0; s < ShardCount; s++)
        {
            bounds[s + 1] = bounds[s] + BatchSlice(step, s).Count;
        }
    }

    /// <summary>A 32-bit seed from (seed, shard, epoch) by SplitMix64 finalisers, so nearby triples give unrelated streams.</summary>
    private static int MixSeed(int seed, int shard, int epoch)
    {
        ulong z = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        z = Mix(z ^ ((ulong)(uint)shard + 0xBF58476D1CE4E5B9UL));
        z = Mix(z ^ ((ulong)(uint)epoch + 0x94D049BB133111EBUL));
        return (int)(z >> 33);

        static ulong Mix(ulong x)
        {
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    private sealed class KeyComparer : IComparer<(long Numerator, long Denominator, int Shard)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((long Numerator, long Denominator, int Shard) a, (long Numerator, long Denominator, int Shard) b)
        {
            // a.N / a.D vs b.N / b.D exactly (the products need more than 64 bits near N = 2^31).
            int byKey = ((Int128)a.Numerator * b.Denominator).CompareTo((Int128)b.Numerator * a.Denominator);
            return byKey != 0 ? byKey : a.Shard.CompareTo(b.Shard);
        }
    }
}
