using System;
using BenchmarkDotNet.Running;

namespace AutoDiff.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/AutoDiff.Benchmarks -- --filter '*'</c> runs every benchmark;
/// <c>-- --check</c> only runs the finite-difference checks of the benchmarked gradients and counts their allocations;
/// <c>-- --solver-work</c> prints iterations, evaluations and allocations of our solvers and MathNet's;
/// <c>-- --mgh-lbfgs</c> prints our L-BFGS's and L-BFGS-B's call counts on the public MGH problems (scipy's: scripts/scipy_lbfgsb_counts.py);
/// <c>-- --ratios</c> prints issue 16's ratios (generated against hand-vectorised kernels and the bandwidth bound), minima of interleaved rounds;
/// <c>-- --least-squares</c> prints the NIST and MGH least-squares tables (ours against MathNet's Levenberg-Marquardt);
/// <c>-- --mnist [rounds]</c> trains one epoch of the MNIST sample's MLP (generated gradient) and of a hand-vectorised
/// one in interleaved rounds (default 5) and prints epoch times, test accuracy and bytes allocated;
/// <c>-- --mnist-pullback</c> times the sample's generated per-sample pullback beside hand-written variants that each
/// remove one cost (tape, bounds checks, scalar forward, scalar reverse).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--check")
        {
            GradientChecks.RunAll(Console.Out);
            return 0;
        }

        if (args.Length == 1 && args[0] == "--solver-work")
        {
            SolverComparisonBenchmarks.PrintWorkTable(Console.Out);
            return 0;
        }

        if (args.Length == 1 && args[0] == "--mgh-lbfgs")
        {
            MghLbfgsCounts.Print(Console.Out);
            return 0;
        }

        if (args.Length is 1 or 2 && args[0] == "--ratios")
        {
            ReferenceRatios.Print(Console.Out, args.Length == 2 ? args[1] : null);
            return 0;
        }

        if (args.Length == 1 && args[0] == "--least-squares")
        {
            LeastSquaresComparison.PrintTables(Console.Out);
            return 0;
        }

        if (args.Length is 1 or 2 && args[0] == "--mnist")
        {
            MnistComparison.Print(Console.Out, args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
            return 0;
        }

        if (args.Length == 1 && args[0] == "--mnist-pullback")
        {
            MnistPullbackAttribution.Print(Console.Out);
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
        return 0;
    }
}
