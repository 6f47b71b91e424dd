using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AutoDiff.Benchmarks.Objectives;
using AutoDiff.Optimization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Our solvers against MathNet.Numerics 5.0.0's on the same problems with the same generated derivatives (MathNet
/// through <see cref="MathNetObjectiveFunction"/>), to the same gradient tolerance ||g|| &lt;= 1e-8. Ratio = ours / MathNet,
/// per solver category, measured in one run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SolverComparisonBenchmarks
{
    /// <summary>||g|| at which every run stops.</summary>
    public const double GradientTolerance = 1e-8;

    private Objective _objective = null!;
    private double[] _start = Array.Empty<double>();

    [Params("Rosenbrock2", "Wood4", "Rosenbrock100")]
    public string Problem { get; set; } = "Rosenbrock2";

    [GlobalSetup]
    public void Setup() => (_objective, _start) = SolverProblems.Get(Problem);

    [Benchmark(Baseline = true), BenchmarkCategory("L-BFGS")]
    public double MathNetLbfgs() => RunMathNet(new LimitedMemoryBfgsMinimizer(GradientTolerance, 0, 0, 10, 100_000), _objective, _start);

    [Benchmark, BenchmarkCategory("L-BFGS")]
    public double OursLbfgs() => new LbfgsSolver(Options<LbfgsOptions>()).Minimize(_objective, _start).Value;

    [Benchmark(Baseline = true), BenchmarkCategory("Newton")]
    public double MathNetNewton() => RunMathNet(new NewtonMinimizer(GradientTolerance, 100_000, useLineSearch: true), _objective, _start);

    [Benchmark, BenchmarkCategory("Newton")]
    public double OursNewton() => new NewtonSolver(Options<NewtonOptions>()).Minimize(_objective, _start).Value;

    [Benchmark(Baseline = true), BenchmarkCategory("CG")]
    public double MathNetConjugateGradient() => RunMathNet(new ConjugateGradientMinimizer(GradientTolerance, 100_000), _objective, _start);

    [Benchmark, BenchmarkCategory("CG")]
    public double OursConjugateGradient() => new ConjugateGradientSolver(Options<ConjugateGradientOptions>()).Minimize(_objective, _start).Value;

    /// <summary>
    /// The same options for every solver of ours: ||g|| &lt;= 1e-8 (the norm form, as MathNet's gradientTolerance), plus our
    /// default round-off rule (f stops changing at round-off while sum |g_i x_i| &lt;= 1e-4 |f|: MachinePrecision) and the
    /// stall rule (20 iterations without decrease). MathNet's minimizers stop at ||g|| &lt;= 1e-8 only (and throw when
    /// their line search fails or the iteration limit is hit).
    /// </summary>
    public static T Options<T>()
        where T : SolverOptions, new() =>
        new() { Stopping = new StoppingCriteria { SquaredGradientTolerance = 0, GradientNormTolerance = GradientTolerance, MaxIterations = 100_000 } };

    private static double RunMathNet(IUnconstrainedMinimizer minimizer, Objective objective, double[] start) =>
        minimizer.FindMinimum(new MathNetObjectiveFunction(objective), Vector<double>.Build.DenseOfArray(start)).FunctionInfoAtMinimum.Value;

    /// <summary>
    /// One run of each solver pair per problem, counting what BenchmarkDotNet does not: iterations, f and gradient
    /// evaluations (both sides go through a counting objective), the final ||g||, and bytes allocated per iteration.
    /// </summary>
    public static void PrintWorkTable(TextWriter output)
    {
        output.WriteLine("Stopping: ours ||g|| <= 1e-8, or f unchanged at round-off with sum |g_i x_i| <= 1e-4 |f| (MachinePrecision), or 20 iterations without decrease (Stalled);");
        output.WriteLine("MathNet ||g|| <= 1e-8 only. Trust-region Newton-CG (ours only) is compared with MathNet's Newton.");
        output.WriteLine("| problem | solver | side | iterations | f + g evaluations | final f | final ||g|| | bytes / iteration | reason |");
        output.WriteLine("|---|---|---|--:|--:|--:|--:|--:|---|");
        foreach (string problem in new[] { "Rosenbrock2", "Wood4", "Rosenbrock100", "JennrichSampson2", "Osborne1", "BiggsExp6" })
        {
            var (objective, start) = SolverProblems.Get(problem);
            Row(output, problem, "L-BFGS", objective, start, o => new LbfgsSolver(Options<LbfgsOptions>()).Minimize(o, start), new LimitedMemoryBfgsMinimizer(GradientTolerance, 0, 0, 10, 100_000));
            Row(output, problem, "Newton", objective, start, o => new NewtonSolver(Options<NewtonOptions>()).Minimize(o, start), new NewtonMinimizer(GradientTolerance, 100_000, useLineSearch: true));
            Row(output, problem, "CG", objective, start, o => new ConjugateGradientSolver(Options<ConjugateGradientOptions>()).Minimize(o, start), new ConjugateGradientMinimizer(GradientTolerance, 100_000));
            Row(output, problem, "Trust region", objective, start, o => new TrustRegionNewtonSolver(Options<TrustRegionNewtonOptions>()).Minimize(o, start), new NewtonMinimizer(GradientTolerance, 100_000, useLineSearch: true));
        }
    }

    private static void Row(TextWriter output, string problem, string solver, Objective objective, double[] start, Func<Objective, OptimizationResult> ours, IUnconstrainedMinimizer mathNet)
    {
        var c = CultureInfo.InvariantCulture;

        // Warm both up once so JIT compilation is not counted as allocation.
        ours(objective);
        try
        {
            RunMathNet(mathNet, objective, start);
        }
        catch (Exception)
        {
            // Reported on the measured run below.
        }

        var (countingOurs, oursCounts) = Counting(objective);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = ours(countingOurs);
        long oursBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine(string.Create(c, $"| {problem} | {solver} | ours | {result.Iterations} | {oursCounts[0] + oursCounts[1]} | {result.Value:E2} | {result.GradientNorm:E2} | {oursBytes / Math.Max(1, result.Iterations)} | {result.Reason} |"));

        var (countingMathNet, mathNetCounts) = Counting(objective);
        before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var found = mathNet.FindMinimum(new MathNetObjectiveFunction(countingMathNet), Vector<double>.Build.DenseOfArray(start));
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            output.WriteLine(string.Create(c, $"| {problem} | {solver} | MathNet | {found.Iterations} | {mathNetCounts[0] + mathNetCounts[1]} | {found.FunctionInfoAtMinimum.Value:E2} | {found.FunctionInfoAtMinimum.Gradient.L2Norm():E2} | {bytes / Math.Max(1, found.Iterations)} | {found.ReasonForExit} |"));
        }
        catch (Exception exception)
        {
            output.WriteLine(string.Create(c, $"| {problem} | {solver} | MathNet | threw {exception.GetType().Name} | {mathNetCounts[0] + mathNetCounts[1]} | | | | |"));
        }
    }

    /// <summary>The objective with its value and gradient calls counted in counts[0] and counts[1].</summary>
    private static (Objective Objective, int[] Counts) Counting(Objective objective)
    {
        var counts = new int[2];
        var counting = new Objective(
            x => { counts[0]++; return objective.Value(x); },
            (x, g) => { counts[1]++; return objective.Gradient(x, g); },
            objective.HessianVectorProduct,
            objective.Hessian);
        Debug.Assert(counting.Value is not null, "built above");
        return (counting, counts);
    }
}
