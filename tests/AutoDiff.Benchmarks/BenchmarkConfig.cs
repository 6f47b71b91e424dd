using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AutoDiff.Benchmarks;

/// <summary>
/// One short job, run in process: the machines this runs on have two cores shared with other work, so the suite
/// must finish in minutes, and building a separate host project (the default toolchain) costs more than the
/// measurements. Columns: mean, median, BenchmarkDotNet's mean ratio, our median ratio, allocated bytes (each class carries [MemoryDiagnoser]).
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(7)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short-InProcess"));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.Median, new MedianRatioColumn());
        AddExporter(MarkdownExporter.GitHub);
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        WithOptions(ConfigOptions.DisableLogFile);
    }
}
