using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>The stopping rules' target: a run ends soon after it has its answer, not thousands of calls later.</summary>
public static class CallBudget
{
    /// <summary>
    /// The run's objective calls are at most twice the calls made when it first reached its final f, to 1e-10
    /// relative. <paramref name="path"/> is (f, calls so far) per iterate, as the iteration callback saw them.
    /// </summary>
    public static void AssertAtMostTwiceTheCallsToReachTheFinalValue(IReadOnlyList<(double Value, int Calls)> path, OptimizationResult result)
    {
        int reached = path.First(p => Math.Abs(p.Value - result.Value) <= 1e-10 * Math.Abs(result.Value)).Calls;
        Assert.True(
            result.Evaluations.Total <= 2 * Math.Max(reached, 1),
            $"{result.Solver}: {result.Evaluations.Total} calls in all, f reached {result.Value:G10} after {reached} ({result.Reason})");
    }
}
