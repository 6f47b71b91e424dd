using System;
using System.Linq;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>The rank-count-independent sampler: every sample once per epoch, even batches, and solvers that use it.</summary>
public class VirtualShardSamplerTests
{
    [Theory]
    [InlineData(100, 8, 32)]
    [InlineData(101, 7, 10)]
    [InlineData(5, 5, 2)]
    [InlineData(1000, 16, 1000)]
    public void EveryEpochUsesEverySampleOnceInBatchesOfM(int n, int shards, int batchSize)
    {
        var sampler = new VirtualShardSampler(n, shards, batchSize, seed: 3);
        var order = new int[n];
        for (int epoch = 0; epoch < 3; epoch++)
        {
            sampler.FillEpochOrder(epoch, order);
            Assert.Equal(Enumerable.Range(0, n), order.Order());
            int total = 0;
            for (int t = 0; t < sampler.StepsPerEpoch; t++)
            {
                int inBatch = 0;
                for (int s = 0; s < shards; s++)
                {
                    (int _, int count) = sampler.BatchSlice(t, s);
                    // Drawn evenly: shard s gives m n_s / N samples, give or take one.
                    Assert.True(Math.Abs(count - ((double)sampler.BatchCount(t) * sampler.ShardSize(s) / n)) <= 1.5, $"t {t} s {s} count {count}");
                    inBatch += count;
                }

                Assert.Equal(sampler.BatchCount(t), inBatch);
                total += inBatch;
            }

            Assert.Equal(n, total);
        }
    }

    [Fact]
    public void PermutationsDependOnSeedShardAndEpochOnly()
    {
        var a = new VirtualShardSampler(64, 4, 8, seed: 5);
        var b = new VirtualShardSampler(64, 4, 16, seed: 5);
        int[] first = new int[16], second = new int[16], other = new int[16];
        a.FillShardPermutation(2, 1, first);
        b.FillShardPermutation(2, 1, second);
        a.FillShardPermutation(3, 1, other);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(Enumerable.Range(0, 16), first.Order());
    }

    [Fact]
    public void ShardsCoverTheDataInOrder()
    {
        Assert.Equal(0, VirtualShardSampler.ShardStart(10, 3, 0));
        Assert.Equal(3, VirtualShardSampler.ShardStart(10, 3, 1));
        Assert.Equal(6, VirtualShardSampler.ShardStart(10, 3, 2));
        Assert.Equal(10, VirtualShardSampler.ShardStart(10, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VirtualShardSampler(10, 11, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SgdSolver(new SgdOptions { VirtualShards = 0 }));
    }

    [Fact]
    public void SolversWithVirtualShardsConvergeAndRepeatBitForBit()
    {
        var options = new MomentumOptions { StepSchedule = new ConstantStepSchedule(0.02), Epochs = 40, BatchSize = 8, VirtualShards = 8 };
        StochasticResult first = new MomentumSolver(options).Minimize(LeastSquares.Objective(), new double[4]);
        StochasticResult threaded = new MomentumSolver(options with { ParallelThreshold = 0 }).Minimize(LeastSquares.Objective(), new double[4]);
        StochasticResult shuffled = new MomentumSolver(options with { VirtualShards = null }).Minimize(LeastSquares.Objective(), new double[4]);

        for (int j = 0; j < 4; j++)
        {
            Assert.True(Math.Abs(first.Minimizer[j] - LeastSquares.TrueWeights[j]) < 1e-4, $"w[{j}] = {first.Minimizer[j]}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.Minimizer[j]), BitConverter.DoubleToInt64Bits(threaded.Minimizer[j]));
        }

        Assert.NotEqual(first.Minimizer, shuffled.Minimizer);
        Assert.Equal(40 * 32, first.Iterations);
    }

    [Fact]
    public void MoreVirtualShardsThanMaxChunksRunOnThreadsWithTheSameBits()
    {
        // Every shard is a chunk of its own, so 12 shards are 12 chunks, more than a batch is otherwise cut into.
        var options = new MomentumOptions { StepSchedule = new ConstantStepSchedule(0.02), Epochs = 3, BatchSize = 24, VirtualShards = 12 };
        StochasticResult sequential = new MomentumSolver(options with { MaxDegreeOfParallelism = 1 }).Minimize(LeastSquares.Objective(), new double[4]);
        StochasticResult threaded = new MomentumSolver(options with { ParallelThreshold = 0 }).Minimize(LeastSquares.Objective(), new double[4]);

        Assert.Equal(TerminationReason.MaxEpochs, threaded.Reason);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(sequential.Minimizer[j]), BitConverter.DoubleToInt64Bits(threaded.Minimizer[j]));
        }
    }
}
