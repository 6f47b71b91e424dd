using System;

namespace AutoDiff.Optimization;

/// <summary>The argument checks every line search shares.</summary>
internal static class LineSearchArguments
{
    public static void Validate(ILineFunction line, double value0, double slope0, double initialStep)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!double.IsFinite(value0))
        {
            throw new ArgumentException("phi(0) must be finite.", nameof(value0));
        }

        if (!double.IsFinite(slope0))
        {
            throw new ArgumentException("phi'(0) must be finite.", nameof(slope0));
        }

        if (!(initialStep > 0) || !double.IsFinite(initialStep))
        {
            throw new ArgumentOutOfRangeException(nameof(initialStep), initialStep, "Must be finite and > 0.");
        }
    }
}
