using System;
using System.Collections.Generic;
using System.Globalization;
using AutoDiff.Mpi;

namespace Samples.MnistMpi;

/// <summary>Command line of the sample.</summary>
/// <param name="Epochs">Epochs of Adam. Default 6.</param>
/// <param name="TrainCount">Training digits (the first of the file). Default 8000.</param>
/// <param name="TestCount">Test digits (the last). Default 2000.</param>
/// <param name="Shards">Virtual shards: the run is the same for any number of ranks up to this. Default 8.</param>
/// <param name="Reduction">Fold (same bits for any rank count) or Allreduce.</param>
/// <param name="Checkpoint">Where rank 0 writes checkpoints (every epoch), or null.</param>
/// <param name="Resume">A checkpoint to continue from, or null.</param>
/// <param name="Bench">Measure time per step and all-reduce times instead of training.</param>
public sealed record MnistMpiOptions(
    int Epochs = 6, int TrainCount = 8000, int TestCount = 2000, int Shards = 8, GradientReduction Reduction = GradientReduction.Fold,
    string? Checkpoint = null, string? Resume = null, bool Bench = false)
{
    /// <summary>What the sample accepts.</summary>
    public const string Usage =
        "usage: mpirun -np P dotnet MnistMpi.dll [--smoke] [--epochs N] [--shards S] [--reduction fold|allreduce] [--checkpoint FILE] [--resume FILE] [--bench]";

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">An unknown or malformed argument.</exception>
    public static MnistMpiOptions Parse(IReadOnlyList<string> args)
    {
        var options = new MnistMpiOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v
                : throw new ArgumentException($"{args[i - 1]} needs a positive integer, got {args[i]}.");
            options = args[i] switch
            {
                "--smoke" => options with { Epochs = 1, TrainCount = 512, TestCount = 100 },
                "--epochs" => options with { Epochs = NextInt() },
                "--shards" => options with { Shards = NextInt() },
                "--reduction" => options with
                {
                    Reduction = Next() switch
                    {
                        "fold" => GradientReduction.Fold,
                        "allreduce" => GradientReduction.Allreduce,
                        string other => throw new ArgumentException($"--reduction is fold or allreduce, got {other}."),
                    },
                },
                "--checkpoint" => options with { Checkpoint = Next() },
                "--resume" => options with { Resume = Next() },
                "--bench" => options with { Bench = true },
                string other => throw new ArgumentException($"Unknown argument {other}."),
            };
        }

        return options;
    }
}
