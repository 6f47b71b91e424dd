using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Median time of a benchmark divided by the median time of its baseline (the plain function) in the same
/// logical group (same class and parameters). The targets are stated on medians; BenchmarkDotNet's own
/// Ratio column divides means, which one descheduled iteration on a busy machine can move.
/// </summary>
public sealed class MedianRatioColumn : IColumn
{
    public string Id => nameof(MedianRatioColumn);

    public string ColumnName => "Ratio (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median time / median time of the baseline (the plain function) with the same parameters";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkCase? baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        double? own = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? reference = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        if (own is null || reference is null || reference.Value == 0)
        {
            return "?";
        }

        return (own.Value / reference.Value).ToString("0.00", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
