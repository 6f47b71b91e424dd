using System;
using System.Linq;
using System.Threading;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The runtime side of gradients with loops: the per-thread tape makes steady-state calls allocation-free, and two
/// threads can differentiate the same looping objective at once.
/// </summary>
public sealed class ControlFlowRuntimeTests
{
    [Fact]
    public void Steady_state_gradients_with_loops_and_a_tape_allocate_nothing()
    {
        // Loop-carried overwrites (the product), a data-dependent while loop, a stackalloc buffer with its adjoint on
        // the tape, a custom pullback in a loop, and helpers whose pullbacks use the tape inside this reverse sweep.
        // Warm up first, so the tape has grown and the JIT is done.
        double[] x = [0.7, -1.3, 1.1, 0.4, -0.9, 1.6];
        var gradient = new double[x.Length];
        double sink = RunLoopingGradients(x, gradient, 200);

        long before = GC.GetAllocatedBytesForCurrentThread();
        sink += RunLoopingGradients(x, gradient, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Two_threads_differentiating_looping_objectives_at_once_both_get_correct_gradients()
    {
        // Different points per thread, so a shared (rather than per-thread) tape would mix their saved values.
        double[][] points =
        [
            [0.7, -1.3, 1.1, 0.4, -0.9, 1.6, 0.2, -0.5],
            [-0.4, 0.8, 1.9, -1.2, 0.3, 0.6, -1.7, 1.0],
        ];
        int[] wrongGradients = new int[2];
        using var start = new Barrier(2);

        Thread[] threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            double[] x = points[t];
            double[] productExpected = ProductOfOthers(x);
            double[] softmaxExpected = Softmax(x);
            var productGradient = new double[x.Length];
            var logSumExpGradient = new double[x.Length];
            start.SignalAndWait();
            for (int iteration = 0; iteration < 20000; iteration++)
            {
                ControlFlowObjectives.ProductOfEntriesGradient(x, productGradient);
                ControlFlowObjectives.LogSumExpGradient(x, logSumExpGradient);
                if (!CloseTo(productExpected, productGradient) || !CloseTo(softmaxExpected, logSumExpGradient))
                {
                    wrongGradients[t]++;
                }
            }
        })).ToArray();

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(0, wrongGradients[0]);
        Assert.Equal(0, wrongGradients[1]);
    }

    private static double RunLoopingGradients(double[] x, double[] gradient, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += ControlFlowObjectives.ProductOfEntriesGradient(x, gradient);
            sum += ControlFlowObjectives.RunningMaximumSumGradient(x, gradient);
            sum += ControlFlowObjectives.NewtonSquareRootGradient(2 + x[0], out double rootGradient) + rootGradient;
            sum += LocalArrayObjectives.SoftmaxCrossEntropyGradient(x, 1, gradient);
            sum += CallObjectives.WeightedSoftplusSumGradient(x, gradient);
            sum += CallObjectives.SumOfNewtonRootsGradient(x, gradient);
            sum += CallObjectives.CrossEntropyOverAllLabelsGradient(x, gradient);
        }

        return sum;
    }

    private static double[] ProductOfOthers(double[] x) =>
        x.Select((_, i) => x.Where((_, j) => j != i).Aggregate(1.0, (product, v) => product * v)).ToArray();

    private static double[] Softmax(double[] x)
    {
        double largest = x.Max();
        double total = x.Sum(v => Math.Exp(v - largest));
        return x.Select(v => Math.Exp(v - largest) / total).ToArray();
    }

    private static bool CloseTo(double[] expected, double[] actual) =>
        expected.Zip(actual).All(pair => Math.Abs(pair.First - pair.Second) <= 1e-13 * Math.Max(1, Math.Abs(pair.First)));
}
