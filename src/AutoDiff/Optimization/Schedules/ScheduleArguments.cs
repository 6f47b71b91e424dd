using System;

namespace AutoDiff.Optimization;

/// <summary>The argument checks the schedules share.</summary>
internal static class ScheduleArguments
{
    public static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be finite and > 0.");

    public static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be finite and >= 0.");
}
