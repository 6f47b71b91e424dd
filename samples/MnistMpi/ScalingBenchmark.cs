using System;
using System.Diagnostics;
using AutoDiff.Mpi;
using AutoDiff.Optimization;
using Samples.MnistMlp;

namespace Samples.MnistMpi;

/// <summary>
/// --bench: time per training step at several batch sizes for both reductions, and MPI_Allreduce time against message
/// size, on however many ranks mpirun started. Times are the slowest rank's; printed by rank 0.
/// </summary>
public static class ScalingBenchmark
{
    private const int MeasuredSteps = 12;

    /// <summary>Measures and prints.</summary>
    /// <param name="world">The ranks.</param>
    /// <param name="options">Shard count; the rest is fixed.</param>
    /// <returns>The exit code.</returns>
    public static int Run(MpiCommunicator world, MnistMpiOptions options)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(options);
        int shards = Math.Max(options.Shards, world.Size);
        if (world.IsRoot)
        {
            Console.WriteLine($"ranks {world.Size}, {Environment.ProcessorCount} cores visible to each rank, {shards} virtual shards, MLP d = {Mlp.Parameters}");
            Console.WriteLine("ranks  batch  reduction   ms/step");
        }

        foreach (int batch in new[] { 32, 128, 512 })
        {
            // Two warm-up steps, then MeasuredSteps timed ones, in one epoch.
            (Dataset train, _) = MnistMpiSample.Load(batch * (MeasuredSteps + 2), 1);
            foreach (GradientReduction reduction in new[] { GradientReduction.Fold, GradientReduction.Allreduce })
            {
                var objective = DistributedStochasticObjective.FromFullData(world, Mlp.LossPullback, train, shards, Mlp.Parameters, reduction);
                long warm = 0, end = 0;
                var solver = new DistributedStochasticSolver(new SgdSolver(new SgdOptions { Epochs = 1, BatchSize = batch, FinalFullDataPass = false }))
                {
                    StepCallback = step =>
                    {
                        if (step == 2)
                        {
                            warm = Stopwatch.GetTimestamp();
                        }
                        else if (step == MeasuredSteps + 2)
                        {
                            end = Stopwatch.GetTimestamp();
                        }
                    },
                };
                solver.Minimize(objective, MnistSample.Initialise(seed: 1));
                double milliseconds = SlowestRank(world, Stopwatch.GetElapsedTime(warm, end).TotalMilliseconds / MeasuredSteps);
                if (world.IsRoot)
                {
                    Console.WriteLine($"{world.Size,5}  {batch,5}  {reduction,-9}  {milliseconds,8:F2}");
                }
            }
        }

        if (world.IsRoot)
        {
            Console.WriteLine("ranks  doubles    MPI_Allreduce ms   MPI_Allgather ms (that many doubles per rank)");
        }

        foreach (int length in new[] { 1_000, 10_000, 100_000, 1_000_000 })
        {
            var send = new double[length];
            var receive = new double[length];
            var gathered = new double[length * world.Size];
            send.AsSpan().Fill(world.Rank + 1);
            double allreduce = Time(world, () => world.AllreduceSum(send, receive));
            double allgather = Time(world, () => world.Allgather(send, gathered));
            if (world.IsRoot)
            {
                Console.WriteLine($"{world.Size,5}  {length,9}  {allreduce,15:F3}  {allgather,15:F3}");
            }
        }

        return 0;
    }

    private static double Time(MpiCommunicator world, Action operation)
    {
        const int Repetitions = 10;
        operation();
        world.Barrier();
        long start = Stopwatch.GetTimestamp();
        for (int r = 0; r < Repetitions; r++)
        {
            operation();
        }

        return SlowestRank(world, Stopwatch.GetElapsedTime(start).TotalMilliseconds / Repetitions);
    }

    private static double SlowestRank(MpiCommunicator world, double value)
    {
        Span<double> send = [value];
        Span<double> receive = [0.0];
        world.AllreduceMax(send, receive);
        return receive[0];
    }
}
