using System;

namespace AutoDiff.Optimization;

/// <summary>The range checks the least-squares options records share; each throws naming the option.</summary>
internal static class OptionChecks
{
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be non-negative and finite.");
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive and finite.");
        }
    }

    public static void EvaluationBudget(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be 0 (the default) or positive.");
        }
    }
}
