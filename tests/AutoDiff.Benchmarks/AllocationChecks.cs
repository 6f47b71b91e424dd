using System;
using System.Collections.Generic;
using System.IO;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Bytes the benchmarked derivatives allocate per call on the calling thread, after warm-up, counted exactly
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>). BenchmarkDotNet's in-process memory column counts every
/// thread of the process, so the runtime's own background work shows up there as a few bytes per call, even for the
/// plain functions; this is the figure for the generated code itself. Part of <c>--check</c>, which fails if any
/// generated gradient or Hessian-vector product allocates.
/// </summary>
public static class AllocationChecks
{
    private const int WarmUpCalls = 50;
    private const int MeasuredCalls = 200;

    public static void Run(TextWriter output)
    {
        var rosenbrockSmall = new RosenbrockBenchmarks { N = 1_000 };
        var rosenbrockLarge = new RosenbrockBenchmarks { N = 100_000 };
        var dense = new DenseLayerBenchmarks();
        var gmm = new GmmBenchmarks();
        var localArray = new LocalArrayBenchmarks { N = 100_000 };
        rosenbrockSmall.Setup();
        localArray.Setup();
        rosenbrockLarge.Setup();
        dense.Setup();
        gmm.Setup();

        var calls = new List<(string Name, Func<double> Call)>
        {
            ("Rosenbrock n=1000 gradient", rosenbrockSmall.Gradient),
            ("Rosenbrock n=1000 HVP", rosenbrockSmall.HessianVectorProduct),
            ("Rosenbrock n=100000 gradient", rosenbrockLarge.Gradient),
            ("Rosenbrock n=100000 HVP", rosenbrockLarge.HessianVectorProduct),
            ("dense layer gradient", dense.Gradient),
            ("dense layer HVP", dense.HessianVectorProduct),
            ("GMM gradient", gmm.Gradient),
            ("GMM HVP", gmm.HessianVectorProduct),

            // The MNIST sample's batch loss, 32 digits a call: its nests borrow the matrix kernels' spans from the tape.
            ("MNIST batch loss pullback, 32 digits", MnistBatchPullback()),

            // Tapes of several MiB a call: repeated large calls must reuse the tape's storage, not reallocate it.
            ("Rosenbrock through a local array n=100000 gradient", localArray.Gradient),
            ("Rosenbrock through a local array n=100000 HVP", localArray.HessianVectorProduct),
        };

        // The measurement itself reads a few bytes (the same with a call that does nothing): subtract them.
        long overhead = BytesAllocated(() => 0.0);
        var failures = new List<string>();
        foreach (var (name, call) in calls)
        {
            double bytes = (double)(BytesAllocated(call) - overhead) / MeasuredCalls;
            output.WriteLine($"{name}: {bytes} bytes per call (after {WarmUpCalls} warm-up calls, over {MeasuredCalls})");
            if (bytes != 0)
            {
                failures.Add(name);
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException("Allocating after warm-up: " + string.Join(", ", failures));
        }
    }

    /// <summary>A call of <c>Mlp.BatchLossPullback</c> on the first 32 sample digits at the sample's initial weights.</summary>
    private static Func<double> MnistBatchPullback()
    {
        (double[] pixels, int[] labels) = Samples.Common.SampleFiles.LoadMnist();
        const int Count = 32;
        var batch = new double[Count * Samples.MnistMlp.Mlp.SampleLength];
        for (int s = 0; s < Count; s++)
        {
            Array.Copy(pixels, s * Samples.MnistMlp.Mlp.Inputs, batch, s * Samples.MnistMlp.Mlp.SampleLength, Samples.MnistMlp.Mlp.Inputs);
            batch[s * Samples.MnistMlp.Mlp.SampleLength + Samples.MnistMlp.Mlp.Inputs] = labels[s];
        }

        double[] w = Samples.MnistMlp.MnistSample.Initialise(seed: 1);
        var gradient = new double[w.Length];
        return () => Samples.MnistMlp.Mlp.BatchLossPullback(w, batch, 1.0 / Count, gradient);
    }

    private static long BytesAllocated(Func<double> call)
    {
        double sink = 0;
        for (int i = 0; i < WarmUpCalls; i++)
        {
            sink += call();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < MeasuredCalls; i++)
        {
            sink += call();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(sink);
        return allocated;
    }
}
