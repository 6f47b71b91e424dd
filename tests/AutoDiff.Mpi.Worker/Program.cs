using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using AutoDiff.Optimization;

namespace AutoDiff.Mpi.Worker;

/// <summary>
/// Usage: <c>Worker train --out PREFIX [--reduction fold|allreduce] [--checkpoint PATH] [--interval K] [--resume PATH]
/// [--die-at-step K --die-rank R] [--throw-at-step K --throw-rank R] [--cancel-at-step K --cancel-rank R]</c> (under mpirun or alone), or
/// <c>Worker core --out PREFIX</c> (the single-process solvers with VirtualShards, no MPI).
/// Writes PREFIX.momentum, PREFIX.adam, PREFIX.lbfgs and PREFIX.newton (train) with one weight per line as the hex of its bits.
/// </summary>
public static class Program
{
    public const int Shards = 8;

    public static readonly MomentumOptions Momentum = new()
    {
        StepSchedule = new ConstantStepSchedule(0.05),
        Epochs = 5,
        BatchSize = 16,
        Seed = 7,
        MaxGradientNorm = 5,
        Averaging = IterateAveraging.Uniform,
    };

    public static readonly AdamOptions Adam = new()
    {
        StepSchedule = new ConstantStepSchedule(0.01),
        Epochs = 6,
        BatchSize = 16,
        Seed = 11,
        Averaging = IterateAveraging.Exponential,
        AveragingDecay = 0.9,
    };

    public static int Main(string[] args)
    {
        Dictionary<string, string> options;
        try
        {
            options = Parse(args.Skip(1));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        string command = args.Length > 0 ? args[0] : "";
        if (!options.TryGetValue("out", out string? prefix))
        {
            Console.Error.WriteLine("usage: Worker train|core --out PREFIX [options]");
            return 2;
        }

        return command switch
        {
            "train" => MpiEnvironment.Run(world => Train(world, options, prefix)),
            "core" => Core(prefix),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Worker train|core --out PREFIX [options]");
        return 2;
    }

    private static int Core(string prefix)
    {
        var objective = new StochasticObjective(TinyNet.LossPullback, TinyNet.Data(), TinyNet.Loss);
        Write(prefix + ".momentum", new MomentumSolver(Momentum with { VirtualShards = Shards }).Minimize(objective, TinyNet.Start()).Minimizer);
        Write(prefix + ".adam", new AdamSolver(Adam with { VirtualShards = Shards }).Minimize(objective, TinyNet.Start()).Minimizer);
        return 0;
    }

    private static int Train(MpiCommunicator world, Dictionary<string, string> options, string prefix)
    {
        GradientReduction reduction = options.GetValueOrDefault("reduction", "fold") == "allreduce" ? GradientReduction.Allreduce : GradientReduction.Fold;
        var objective = DistributedStochasticObjective.FromFullData(world, TinyNet.LossPullback, TinyNet.Data(), Shards, TinyNet.Dimension, reduction);
        objective.HessianVectorProduct = TinyNet.LossHessianVectorProduct;
        int dieAt = Int(options, "die-at-step", -1), dieRank = Int(options, "die-rank", 1);
        int throwAt = Int(options, "throw-at-step", -1), throwRank = Int(options, "throw-rank", 1);
        int cancelAt = Int(options, "cancel-at-step", -1), cancelRank = Int(options, "cancel-rank", 1);
        using var cancellation = new CancellationTokenSource();
        Action<int> onStep = steps =>
        {
            if (steps == cancelAt && world.Rank == cancelRank)
            {
                // Only this rank's token is cancelled; the solver must stop every rank at the same step.
                cancellation.Cancel();
            }

            if (steps == dieAt && world.Rank == dieRank)
            {
                // SIGKILL: no cleanup, no MPI_Abort; mpirun must notice and end the job.
                Process.GetCurrentProcess().Kill();
            }

            if (steps == throwAt && world.Rank == throwRank)
            {
                throw new InvalidOperationException($"rank {world.Rank} fails at step {steps} on purpose");
            }
        };

        var adam = new DistributedStochasticSolver(new AdamSolver(Adam))
        {
            CheckpointPath = options.GetValueOrDefault("checkpoint"),
            CheckpointInterval = Int(options, "interval", 100),
            StepCallback = onStep,
        };
        StochasticResult adamResult = options.TryGetValue("resume", out string? resume)
            ? adam.Resume(objective, resume, cancellation.Token)
            : adam.Minimize(objective, TinyNet.Start(), cancellation.Token);
        Console.WriteLine($"rank {world.Rank} stopped: {adamResult.Reason} after {adamResult.Iterations} steps");
        if (world.IsRoot)
        {
            Write(prefix + ".adam", adamResult.Minimizer);
            Console.WriteLine(adamResult);
        }

        if (options.ContainsKey("resume") || options.ContainsKey("checkpoint"))
        {
            return 0;
        }

        StochasticResult momentum = new DistributedStochasticSolver(new MomentumSolver(Momentum)).Minimize(objective, TinyNet.Start());
        var lbfgs = new LbfgsSolver(new LbfgsOptions { Stopping = new StoppingCriteria { MaxIterations = 40 } });
        OptimizationResult full = lbfgs.Minimize(objective.ToObjective(), TinyNet.Start());
        var newton = new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { Stopping = new StoppingCriteria { MaxIterations = 8 } });
        OptimizationResult newtonResult = newton.Minimize(objective.ToObjective(), TinyNet.Start());
        if (world.IsRoot)
        {
            Write(prefix + ".momentum", momentum.Minimizer);
            Write(prefix + ".lbfgs", full.Minimizer);
            Write(prefix + ".newton", newtonResult.Minimizer);
            Console.WriteLine(newtonResult);
            Console.WriteLine(full);
        }

        return 0;
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static Dictionary<string, string> Parse(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>();
        string[] list = args.ToArray();
        for (int i = 0; i < list.Length; i += 2)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Length)
            {
                throw new ArgumentException($"unexpected argument {list[i]}");
            }

            options[list[i][2..]] = list[i + 1];
        }

        return options;
    }

    private static void Write(string path, double[] weights) =>
        File.WriteAllLines(path, weights.Select(w => BitConverter.DoubleToInt64Bits(w).ToString("X16", CultureInfo.InvariantCulture)));
}
