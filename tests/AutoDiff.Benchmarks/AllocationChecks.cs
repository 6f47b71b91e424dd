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
