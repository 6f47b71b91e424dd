using System;

namespace AutoDiff.Benchmarks;

/// <summary>Seeded random data, so every run times the same inputs.</summary>
internal static class TestData
{
    public const int Seed = 20201;

    public static double[] Uniform(Random random, int length, double low, double high)
    {
        var values = new double[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + (high - low) * random.NextDouble();
        }

        return values;
    }

    /// <summary>Standard normal samples (Box-Muller).</summary>
    public static double[] Normal(Random random, int length, double standardDeviation = 1)
    {
        var values = new double[length];
        for (int i = 0; i < values.Length; i++)
        {
            double u1 = 1 - random.NextDouble();
            double u2 = random.NextDouble();
            values[i] = standardDeviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return values;
    }
}
