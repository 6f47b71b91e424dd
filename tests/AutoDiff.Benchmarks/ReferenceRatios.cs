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

    public static void Print(TextWriter output)
    {
        output.WriteLine($"load average at start: {LoadAverage()}");

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
        output.WriteLine($"  generated / hand-vectorised {r["generated gradient"] / r["hand-vectorised gradient"]:F2}, generated / hand-written {r["generated gradient"] / r["hand-written gradient"]:F2}, "
            + $"generated / bound {r["generated gradient"] / bound:F2}, function / bound {r["function"] / bound:F2}, hand-vectorised / bound {r["hand-vectorised gradient"] / bound:F2}, "
            + $"HVP / bound {r["HVP"] / bound:F2}, HVP / generated gradient {r["HVP"] / r["generated gradient"]:F2}");
        rosenbrock = null!;

        var dense = new LargeDenseLayerBenchmarks();
        dense.Setup();
        var d = Measure(("function", dense.Function), ("generated gradient", dense.Gradient), ("hand-vectorised gradient", dense.HandVectorisedGradient));
        Report(output, "dense layer, 1000 inputs x 500 outputs x 200 samples", d);
        output.WriteLine($"  generated / function {d["generated gradient"] / d["function"]:F2}, generated / hand-vectorised {d["generated gradient"] / d["hand-vectorised gradient"]:F2}");

        var gmm = new GmmBenchmarks();
        gmm.Setup();
        var g = Measure(("function", gmm.Function), ("gradient", gmm.Gradient), ("HVP", gmm.HessianVectorProduct));
        Report(output, "ADBench GMM, d = 10, K = 25, n = 1000", g);
        output.WriteLine($"  gradient / function {g["gradient"] / g["function"]:F2}, HVP / gradient {g["HVP"] / g["gradient"]:F2}");

        foreach (int n in new[] { 100_000, 10_000_000 })
        {
            var local = new LocalArrayBenchmarks { N = n };
            local.Setup();
            var l = Measure(("function", local.Function), ("gradient", local.Gradient), ("HVP", local.HessianVectorProduct));
            Report(output, $"Rosenbrock through an overwritten local array, n = {n:N0}", l);
            output.WriteLine($"  gradient / function {l["gradient"] / l["function"]:F2}, HVP / gradient {l["HVP"] / l["gradient"]:F2}, "
                + $"tape retained after the calls: {AutoDiff.Runtime.GradientTape.Current.RetainedBytes / (1 << 20)} MiB");
        }

        output.WriteLine($"load average at end: {LoadAverage()}");
    }

    private static Dictionary<string, double> Measure(params (string Name, Func<double> Call)[] kernels)
    {
        var best = kernels.ToDictionary(k => k.Name, _ => double.PositiveInfinity);
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
                long start = Stopwatch.GetTimestamp();
                sink += call();
                double single = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (single < 0.02)
                {
                    calls = (int)Math.Min(100_000, Math.Ceiling(0.02 / Math.Max(single, 1e-9)));
                    start = Stopwatch.GetTimestamp();
                    for (int i = 0; i < calls; i++)
                    {
                        sink += call();
                    }

                    single = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
                }

                best[name] = Math.Min(best[name], single);
            }
        }

        GC.KeepAlive(sink);
        return best;
    }

    private static void Report(TextWriter output, string title, Dictionary<string, double> times) =>
        output.WriteLine($"{title} (minimum of {Rounds} interleaved rounds): "
            + string.Join(", ", times.Select(t => $"{t.Key} {Format(t.Value)}")));

    private static string Format(double seconds) =>
        seconds >= 1e-3 ? $"{seconds * 1e3:F2} ms" : $"{seconds * 1e6:F1} us";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
