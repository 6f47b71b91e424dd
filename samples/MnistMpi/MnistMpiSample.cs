using System;
using AutoDiff.Mpi;
using AutoDiff.Optimization;
using Samples.Common;
using Samples.MnistMlp;

namespace Samples.MnistMpi;

/// <summary>Trains the 784-128-10 MLP with Adam, data-parallel: each rank holds its virtual shards of the training digits.</summary>
public static class MnistMpiSample
{
    /// <summary>Trains and prints one line per epoch from rank 0.</summary>
    /// <param name="world">The ranks.</param>
    /// <param name="options">The budget.</param>
    /// <returns>The exit code.</returns>
    public static int Run(MpiCommunicator world, MnistMpiOptions options)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(options);
        (Dataset train, Dataset test) = Load(options.TrainCount, options.TestCount);
        var objective = DistributedStochasticObjective.FromFullData(
            world, Mlp.LossPullback, train, Math.Max(options.Shards, world.Size), Mlp.Parameters, options.Reduction);
        if (world.IsRoot)
        {
            Console.WriteLine(
                $"MNIST MLP {Mlp.Inputs}-{Mlp.Hidden}-{Mlp.Outputs} ({Mlp.Parameters} parameters) on {world.Size} rank(s), {objective.ShardCount} virtual shards, " +
                $"{options.Reduction}; {train.Count} training and {test.Count} test digits, batch 32, {Environment.ProcessorCount} cores here");
        }

        int steps = options.Epochs * ((train.Count + 31) / 32);
        var adam = new AdamSolver(new AdamOptions
        {
            Epochs = options.Epochs,
            BatchSize = 32,
            Seed = 2,
            FinalFullDataPass = false,
            StepSchedule = new CosineAnnealingSchedule(0.002, steps),
            Callback = state =>
            {
                // Only rank 0 prints; the callback makes no collective call, so the others just go on to the next step.
                if (world.IsRoot)
                {
                    Console.WriteLine(
                        $"  epoch {state.Epoch,2}: train loss {state.MeanBatchLoss:F4}, test accuracy {MnistSample.Accuracy(state.X, test):P2}, {state.Elapsed.TotalSeconds,5:F1} s");
                }

                return CallbackAction.Continue;
            },
        });
        var solver = new DistributedStochasticSolver(adam)
        {
            CheckpointPath = options.Checkpoint,
            CheckpointInterval = Math.Max(1, (train.Count + 31) / 32),
        };
        StochasticResult result = options.Resume is { } resume
            ? solver.Resume(objective, resume)
            : solver.Minimize(objective, MnistSample.Initialise(seed: 1));
        if (world.IsRoot)
        {
            Console.WriteLine($"  {result.Solver}: {result.Reason}, test accuracy {MnistSample.Accuracy(result.Minimizer, test):P2} in {result.Elapsed.TotalSeconds:F1} s");
        }

        return 0;
    }

    /// <summary>The first <paramref name="trainCount"/> digits and the last <paramref name="testCount"/>.</summary>
    internal static (Dataset Train, Dataset Test) Load(int trainCount, int testCount)
    {
        (double[] pixels, int[] labels) = SampleFiles.LoadMnist();
        if (trainCount + testCount > labels.Length)
        {
            throw new ArgumentException($"Only {labels.Length} digits available.");
        }

        return (Pack(pixels, labels, 0, trainCount), Pack(pixels, labels, labels.Length - testCount, testCount));
    }

    private static Dataset Pack(double[] pixels, int[] labels, int first, int count)
    {
        var values = new double[count * Mlp.SampleLength];
        for (int i = 0; i < count; i++)
        {
            Array.Copy(pixels, (first + i) * Mlp.Inputs, values, i * Mlp.SampleLength, Mlp.Inputs);
            values[(i * Mlp.SampleLength) + Mlp.Inputs] = labels[first + i];
        }

        return new Dataset(values, Mlp.SampleLength);
    }
}
