using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AutoDiff.Benchmarks.Objectives;

namespace AutoDiff.Benchmarks;

/// <summary>
/// <c>-- --ratios</c>: issue 16's ratios measured side by side in one process, in interleaved rounds (every kernel of a
/// group once per round), each kernel's time the minimum over the rounds. On a shared machine the minimum is what a
/// kernel costs when it is not descheduled, so these ratios hold up under load where BenchmarkDotNet's medians do not.
/// The same data and kernels as the benchmark classes, which check the gradients in their setups first.
/// </summary>
public static class ReferenceRatios
{
    private const int Rounds = 15;

    /// <summary>Measures every group, or only <paramref name="group"/> (<c>rosenbrock</c>, <c>dense</c>, <c>gmm</c>, <c>local</c>).</summary>
    public static void Print(TextWriter output, string? group = null)
    {
        output.WriteLine($"load average at start: {LoadAverage()}");
        if (group is null or "rosenbrock")
        {
            Rosenbrock(output);
        }

        if (group is null or "dense")
        {
            DenseLayer(output);
        }

        if (group is null or "gmm")
        {
            Gmm(output);
        }

        if (group is null or "local")
        {
            LocalArray(output);
        }

        output.WriteLine($"load average at end: {LoadAverage()}");
    }

    private static void Rosenbrock(TextWriter output)
    {
        var rosenbrock = new RosenbrockBenchmarks { N = 10_000_000 };
        rosenbrock.Setup();
        var r = Measure(
            ("function", rosenbrock.Function),
            ("generated gradient", rosenbrock.Gradient),
            ("hand-written gradient", rosenbrock.HandWrittenGradient),
            ("hand-vectorised gradient", rosenbrock.HandVectorisedGradient),
            ("bandwidth bound", rosenbrock.BandwidthBound),
            ("HVP", rosenbrock.HessianVectorProduct));
        Report(output, "extended Rosenbrock, n = 10^7", r);
        double bound = r["bandwidth bound"];
        output.WriteLine($"  bound: {16e7 / bound / 1e9:F1} GB/s (read x, write g: 16 bytes an element)");
        output.WriteLine($"  generated / hand-vectorised {r.Ratio("generated gradient", "hand-vectorised gradient")}, generated / hand-written {r.Ratio("generated gradient", "hand-written gradient")}, "
            + $"generated / bound {r.Ratio("generated gradient", "bandwidth bound")}, function / bound {r.Ratio("function", "bandwidth bound")}, "
            + $"hand-vectorised / bound {r.Ratio("hand-vectorised gradient", "bandwidth bound")}, HVP / bound {r.Ratio("HVP", "bandwidth bound")}, "
            + $"HVP / generated gradient {r.Ratio("HVP", "generated gradient")}");
    }

    private static void DenseLayer(TextWriter output)
    {
        var dense = new LargeDenseLayerBenchmarks();
        dense.Setup();
        var d = Measure(("function", dense.Function), ("generated gradient", dense.Gradient), ("hand-vectorised gradient", dense.HandVectorisedGradient));
        Report(output, "dense layer, 1000 inputs x 500 outputs x 200 samples", d);
        output.WriteLine($"  generated / function {d.Ratio("generated gradient", "function")}, generated / hand-vectorised {d.Ratio("generated gradient", "hand-vectorised gradient")}");
    }

    private static void Gmm(TextWriter output)
    {
        var gmm = new GmmBenchmarks();
        gmm.Setup();
        var g = Measure(("function", gmm.Function), ("gradient", gmm.Gradient), ("HVP", gmm.HessianVectorProduct));
        Report(output, "ADBench GMM, d = 10, K = 25, n = 1000", g);
        output.WriteLine($"  gradient / function {g.Ratio("gradient", "function")}, HVP / gradient {g.Ratio("HVP", "gradient")}");
    }

    private static void LocalArray(TextWriter output)
    {
        foreach (int n in new[] { 100_000, 10_000_000 })
        {
            var local = new LocalArrayBenchmarks { N = n };
            local.Setup();
            var l = Measure(("function", local.Function), ("gradient", local.Gradient), ("HVP", local.HessianVectorProduct));
            Report(output, $"Rosenbrock through an overwritten local array, n = {n:N0}", l);
            output.WriteLine($"  gradient / function {l.Ratio("gradient", "function")}, HVP / gradient {l.Ratio("HVP", "gradient")}, "
                + $"tape retained after the calls: {AutoDiff.Runtime.GradientTape.Current.RetainedBytes / (1 << 20)} MiB");
        }
    }

    /// <summary>
    /// Each kernel's minimum time over the rounds, in wall-clock time and in the process's CPU time, and its wall-clock
    /// time in every round.
    /// </summary>
    private sealed class Times(Dictionary<string, double> wall, Dictionary<string, double> cpu, Dictionary<string, List<double>> rounds)
    {
        public double this[string kernel] => wall[kernel];

        public Dictionary<string, double> Wall => wall;

        /// <summary>
        /// a / b: the ratio of the minima in wall-clock time and in CPU time (which a descheduled thread does not accrue),
        /// and the median over the rounds of the ratio within a round (a and b timed next to each other, so under a load
        /// that comes and goes both see the same machine).
        /// </summary>
        public string Ratio(string a, string b)
        {
            var perRound = rounds[a].Zip(rounds[b], (x, y) => x / y).OrderBy(r => r).ToList();
            double median = perRound.Count % 2 == 1 ? perRound[perRound.Count / 2] : 0.5 * (perRound[(perRound.Count / 2) - 1] + perRound[perRound.Count / 2]);
            return $"{wall[a] / wall[b]:F2} (CPU {cpu[a] / cpu[b]:F2}, per-round median {median:F2})";
        }
    }

    private static Times Measure(params (string Name, Func<double> Call)[] kernels)
    {
        var best = kernels.ToDictionary(k => k.Name, _ => double.PositiveInfinity);
        var bestCpu = kernels.ToDictionary(k => k.Name, _ => double.PositiveInfinity);
        var rounds = kernels.ToDictionary(k => k.Name, _ => new List<double>());
        using var process = Process.GetCurrentProcess();
        double sink = 0;
        foreach (var (_, call) in kernels)
        {
            sink += call() + call(); // warm up (JIT tiers, tape growth)
        }

        for (int round = 0; round < Rounds; round++)
        {
            foreach (var (name, call) in kernels)
            {
                // Short kernels are timed over enough calls to take about 20 ms.
                int calls = 1;
                process.Refresh();
                TimeSpan cpuStart = process.TotalProcessorTime;
                long start = Stopwatch.GetTimestamp();
                sink += call();
                double single = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (single < 0.02)
                {
                    calls = (int)Math.Min(100_000, Math.Ceiling(0.02 / Math.Max(single, 1e-9)));
                    process.Refresh();
                    cpuStart = process.TotalProcessorTime;
                    start = Stopwatch.GetTimestamp();
                    for (int i = 0; i < calls; i++)
                    {
                        sink += call();
                    }

                    single = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
                }

                process.Refresh();
                double cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds / calls;
                best[name] = Math.Min(best[name], single);
                bestCpu[name] = Math.Min(bestCpu[name], cpu);
                rounds[name].Add(single);
            }
        }

        GC.KeepAlive(sink);
        return new Times(best, bestCpu, rounds);
    }

    private static void Report(TextWriter output, string title, Times times) =>
        output.WriteLine($"{title} (minimum of {Rounds} interleaved rounds, wall-clock): "
            + string.Join(", ", times.Wall.Select(t => $"{t.Key} {Format(t.Value)}")));

    private static string Format(double seconds) =>
        seconds >= 1e-3 ? $"{seconds * 1e3:F2} ms" : $"{seconds * 1e6:F1} us";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
