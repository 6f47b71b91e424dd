using System;
using System.IO;
using AutoDiff.Mpi.Worker;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Mpi.Tests;

/// <summary>
/// In this process (not started by mpirun) MPI is the one-process world: no library is loaded, collectives are copies.
/// The checks that need no other ranks run here.
/// </summary>
public class OneProcessWorldTests
{
    private static readonly Lazy<MpiEnvironment> Environment = new(MpiEnvironment.Initialize);

    private static MpiCommunicator World => Environment.Value.World;

    [Fact]
    public void TheWorldIsThisProcessAndCollectivesCopy()
    {
        Assert.False(Environment.Value.IsLaunchedByMpi);
        Assert.Equal(0, World.Rank);
        Assert.Equal(1, World.Size);
        double[] sum = new double[2];
        World.AllreduceSum([1.5, -2], sum);
        Assert.Equal([1.5, -2], sum);
        Assert.Equal(7, World.AllreduceMax(7));
        Assert.Throws<InvalidOperationException>(() => MpiEnvironment.Initialize());
    }

    [Theory]
    [InlineData(203, 8, 4)]
    [InlineData(10, 3, 3)]
    [InlineData(100, 7, 2)]
    public void RanksHoldConsecutiveWholeShardsCoveringTheData(int n, int shards, int ranks)
    {
        int next = 0;
        for (int r = 0; r < ranks; r++)
        {
            (int start, int count) = DistributedStochasticObjective.LocalRange(n, shards, r, ranks);
            Assert.Equal(next, start);
            Assert.True(count > 0);
            next += count;
        }

        Assert.Equal(n, next);
    }

    [Fact]
    public void BadArgumentsAreRefusedUpFront()
    {
        Dataset data = TinyNet.Data();
        Assert.Throws<ArgumentOutOfRangeException>(() => DistributedStochasticObjective.FromFullData(World, TinyNet.LossPullback, data, 0, TinyNet.Dimension));
        Assert.Throws<ArgumentException>(() => new DistributedStochasticObjective(World, TinyNet.LossPullback, new Dataset(new double[8], 4), data.Count, 8, TinyNet.Dimension));
        var objective = DistributedStochasticObjective.FromFullData(World, TinyNet.LossPullback, data, 8, TinyNet.Dimension);
        var solver = new DistributedStochasticSolver(new SgdSolver(new SgdOptions { VirtualShards = 4 }));
        Assert.Throws<ArgumentException>(() => solver.Minimize(objective, TinyNet.Start()));
        Assert.Throws<ArgumentException>(() => new DistributedStochasticSolver(new SgdSolver()).Minimize(objective, new double[3]));
        Assert.Throws<InvalidOperationException>(() => objective.MeanHessianVectorProduct(TinyNet.Start(), new double[TinyNet.Dimension], new double[TinyNet.Dimension]));
    }

    [Fact]
    public void ACheckpointOfAnotherRunIsRefusedAndNoTemporaryFileIsLeft()
    {
        string folder = Directory.CreateTempSubdirectory("autodiff-mpi-").FullName;
        try
        {
            string checkpoint = Path.Combine(folder, "run.checkpoint");
            var objective = DistributedStochasticObjective.FromFullData(World, TinyNet.LossPullback, TinyNet.Data(), 8, TinyNet.Dimension);
            var options = new SgdOptions { Epochs = 1, BatchSize = 50, Seed = 3 };
            StochasticResult first = new DistributedStochasticSolver(new SgdSolver(options)) { CheckpointPath = checkpoint, CheckpointInterval = 2 }
                .Minimize(objective, TinyNet.Start());
            Assert.True(File.Exists(checkpoint));
            Assert.False(File.Exists(checkpoint + ".tmp"));

            // Step 4 of 5 was the last checkpoint: resuming finishes the epoch with the same bits.
            StochasticResult resumed = new DistributedStochasticSolver(new SgdSolver(options)).Resume(objective, checkpoint);
            Assert.Equal(first.Minimizer, resumed.Minimizer);
            Assert.Equal(5, resumed.Iterations);

            Assert.Throws<InvalidDataException>(() => new DistributedStochasticSolver(new SgdSolver(options with { Seed = 4 })).Resume(objective, checkpoint));
            Assert.Throws<FileNotFoundException>(() => new DistributedStochasticSolver(new SgdSolver(options)).Resume(objective, checkpoint + ".missing"));
            Assert.Throws<InvalidDataException>(() => new DistributedStochasticSolver(new AdamSolver(new AdamOptions { Epochs = 1, BatchSize = 50, Seed = 3 })).Resume(objective, checkpoint));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ANonFiniteBatchReturnsTheIterateBeforeTheBreakingStepAsTheSingleProcessSolverDoes()
    {
        // A step of 50 makes the output bias overshoot by a factor of about 50 every step, until the loss overflows:
        // both solvers must stop at the same step and return the same iterate, the last one whose mini-batch was finite.
        Dataset data = TinyNet.Data();
        var options = new SgdOptions { Epochs = 50, BatchSize = 16, Seed = 3, VirtualShards = 8, StepSchedule = new ConstantStepSchedule(50) };

        StochasticResult single = new SgdSolver(options).Minimize(new StochasticObjective(TinyNet.LossPullback, data), TinyNet.Start());
        StochasticResult distributed = new DistributedStochasticSolver(new SgdSolver(options))
            .Minimize(DistributedStochasticObjective.FromFullData(World, TinyNet.LossPullback, data, 8, TinyNet.Dimension), TinyNet.Start());

        Assert.Equal(TerminationReason.NonFiniteObjective, single.Reason);
        Assert.Equal(TerminationReason.NonFiniteObjective, distributed.Reason);
        Assert.True(single.Iterations > 1);
        Assert.Equal(single.Iterations, distributed.Iterations);
        Assert.All(distributed.Minimizer, w => Assert.True(double.IsFinite(w)));
        Assert.Equal(single.Minimizer, distributed.Minimizer);
    }
}
