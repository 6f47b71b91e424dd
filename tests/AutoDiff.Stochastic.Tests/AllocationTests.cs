using System;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>Buffers are allocated once per run: more epochs (more steps) allocate nothing more on the sequential path.</summary>
public class AllocationTests
{
    [Fact]
    public void StepsDoNotAllocateInSteadyState()
    {
        var objective = LeastSquares.Objective(256);
        double[] start = new double[4];
        StochasticSolver[] solvers =
        [
            new SgdSolver(new SgdOptions { Epochs = 2, MaxDegreeOfParallelism = 1, Averaging = IterateAveraging.StepWeighted, MaxGradientNorm = 1 }),
            new MomentumSolver(new MomentumOptions { Epochs = 2, MaxDegreeOfParallelism = 1 }),
            new NesterovSolver(new MomentumOptions { Epochs = 2, MaxDegreeOfParallelism = 1, Averaging = IterateAveraging.Exponential }),
            new AdamSolver(new AdamOptions { Epochs = 2, MaxDegreeOfParallelism = 1, Averaging = IterateAveraging.Uniform }),
        ];
        AssertNoAllocationPerStep(objective, start, solvers);
    }

    /// <summary>
    /// Each solver (set to 2 epochs) allocates, after a warm-up run, within 256 bytes of what the same solver allocates
    /// over 12 epochs: buffers are made once per run, never per step.
    /// </summary>
    internal static void AssertNoAllocationPerStep(StochasticObjective objective, double[] start, StochasticSolver[] solvers)
    {
        foreach (StochasticSolver solver in solvers)
        {
            solver.Minimize(objective, start); // warm up (JIT)
            long few = Allocated(() => solver.Minimize(objective, start));
            StochasticSolver longer = solver switch
            {
                SgdSolver s => new SgdSolver((SgdOptions)s.Options with { Epochs = 12 }),
                MomentumSolver s => new MomentumSolver((MomentumOptions)s.Options with { Epochs = 12 }),
                NesterovSolver s => new NesterovSolver((MomentumOptions)s.Options with { Epochs = 12 }),
                _ => new AdamSolver((AdamOptions)solver.Options with { Epochs = 12 }),
            };
            longer.Minimize(objective, start);
            long many = Allocated(() => longer.Minimize(objective, start));
            Assert.True(many - few < 256, $"{solver.Name}: {few} bytes for 2 epochs, {many} for 12");
        }
    }

    private static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
