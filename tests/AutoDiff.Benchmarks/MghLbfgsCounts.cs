using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.Optimization;
using AutoDiff.Optimization.Tests.Problems.Generated;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Our L-BFGS's objective calls on the public More-Garbow-Hillstrom problems (mgh-public.md, the sizes and starts of
/// the test project's catalogue), to set beside scipy's L-BFGS-B counts from <c>scripts/scipy_lbfgsb_counts.py</c>.
/// Counts are deterministic; nothing is timed.
/// </summary>
public static class MghLbfgsCounts
{
    private static readonly (string Name, Objective Objective, double[] Start, double FStar)[] Problems =
    [
        ("Rosenbrock", MghObjectives.RosenbrockObjective, [-1.2, 1], 0),
        ("Beale", MghObjectives.BealeObjective, [1, 1], 0),
        ("Helical valley", MghObjectives.HelicalValleyObjective, [-1, 0, 0], 0),
        ("Powell singular", MghObjectives.PowellSingularObjective, [3, -1, 0, 1], 0),
        ("Wood", MghObjectives.WoodObjective, [-3, -1, -3, -1], 0),
        ("Extended Rosenbrock n = 10", MghObjectives.ExtendedRosenbrockObjective, Repeat([-1.2, 1], 5), 0),
        ("Extended Rosenbrock n = 100", MghObjectives.ExtendedRosenbrockObjective, Repeat([-1.2, 1], 50), 0),
        ("Extended Rosenbrock n = 1000", MghObjectives.ExtendedRosenbrockObjective, Repeat([-1.2, 1], 500), 0),
        ("Extended Powell singular n = 12", MghObjectives.ExtendedPowellSingularObjective, Repeat([3, -1, 0, 1], 3), 0),
        ("Extended Powell singular n = 100", MghObjectives.ExtendedPowellSingularObjective, Repeat([3, -1, 0, 1], 25), 0),
        ("Variably dimensioned n = 10", MghObjectives.VariablyDimensionedObjective, Enumerable.Range(1, 10).Select(j => 1 - j / 10.0).ToArray(), 0),
        ("Broyden tridiagonal n = 10", MghObjectives.BroydenTridiagonalObjective, Enumerable.Repeat(-1.0, 10).ToArray(), 0),
        ("Chebyquad n = 8", MghObjectives.ChebyquadObjective, Enumerable.Range(1, 8).Select(j => j / 9.0).ToArray(), 3.51687e-3),
    ];

    /// <summary>
    /// Prints, per problem, the f + g calls of our L-BFGS (unbounded, ||g|| &lt;= 1e-8 plus the default round-off and
    /// stall rules), of the same with scipy's default <c>ftol</c> rule added (<see cref="StoppingCriteria.FunctionChangeTolerance"/>
    /// = 2.2e-9), and of our L-BFGS-B given the inactive box [-1e10, 1e10]^n (the same problem through the Cauchy point
    /// and subspace code), with the final f and reason; then the medians.
    /// </summary>
    public static void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine("Ours: ||g|| <= 1e-8 (Euclidean; projected with bounds) + default round-off and stall rules, memory 10.");
        output.WriteLine("| problem | L-BFGS calls | f | reason | + ftol 2.2e-9: calls | f | L-BFGS-B, box [-1e10, 1e10]^n, calls | f | reason |");
        output.WriteLine("|---|--:|--:|---|--:|--:|--:|--:|---|");
        var unbounded = new List<int>();
        var withFtol = new List<int>();
        var boxed = new List<int>();
        foreach (var (name, objective, start, fStar) in Problems)
        {
            LbfgsOptions options = SolverComparisonBenchmarks.Options<LbfgsOptions>();
            OptimizationResult free = new LbfgsSolver(options).Minimize(objective, start);
            OptimizationResult ftol = new LbfgsSolver(options with { Stopping = options.Stopping with { FunctionChangeTolerance = 2.220446049250313e-9 } }).Minimize(objective, start);
            var box = new BoxBounds(Enumerable.Repeat(-1e10, start.Length).ToArray(), Enumerable.Repeat(1e10, start.Length).ToArray());
            OptimizationResult bounded = new LbfgsSolver(SolverComparisonBenchmarks.Options<LbfgsOptions>() with { Bounds = box }).Minimize(objective, start);
            unbounded.Add(free.Evaluations.Values + free.Evaluations.Gradients);
            withFtol.Add(ftol.Evaluations.Values + ftol.Evaluations.Gradients);
            boxed.Add(bounded.Evaluations.Values + bounded.Evaluations.Gradients);
            output.WriteLine(string.Create(c, $"| {name} | {unbounded[^1]} | {Describe(free.Value, fStar)} | {free.Reason} | {withFtol[^1]} | {Describe(ftol.Value, fStar)} | {boxed[^1]} | {Describe(bounded.Value, fStar)} | {bounded.Reason} |"));
        }

        output.WriteLine(string.Create(c, $"median calls: L-BFGS {Median(unbounded)}, with ftol 2.2e-9 {Median(withFtol)}, L-BFGS-B (inactive box) {Median(boxed)}"));
    }

    private static string Describe(double value, double fStar) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:G3}{(Math.Abs(value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar)) && (fStar != 0 || value <= 1e-10) ? "" : " (not f*)")}");

    private static double Median(List<int> values)
    {
        int[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    private static double[] Repeat(double[] block, int times) => Enumerable.Repeat(block, times).SelectMany(b => b).ToArray();
}
