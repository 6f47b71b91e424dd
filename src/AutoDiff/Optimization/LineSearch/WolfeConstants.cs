using System;

namespace AutoDiff.Optimization;

/// <summary>Checks of the constants the Wolfe searches share: 0 &lt; c1 &lt; c2 &lt; 1.</summary>
internal static class WolfeConstants
{
    public static void Validate(double c1, double c2, int maxEvaluations)
    {
        if (!(c1 > 0 && c1 < 1))
        {
            throw new ArgumentOutOfRangeException("C1", c1, "Must lie in (0, 1).");
        }

        if (!(c2 > c1 && c2 < 1))
        {
            throw new ArgumentOutOfRangeException("C2", c2, "Must lie in (C1, 1).");
        }

        if (maxEvaluations < 1)
        {
            throw new ArgumentOutOfRangeException("MaxEvaluations", maxEvaluations, "Must be positive.");
        }
    }
}
