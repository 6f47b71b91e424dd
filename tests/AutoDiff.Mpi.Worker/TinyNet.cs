using System;
using AutoDiff.Optimization;

namespace AutoDiff.Mpi.Worker;

/// <summary>A 3-4-1 tanh network with squared loss on seeded synthetic data: small, but with enough rounding to tell summation orders apart.</summary>
public static partial class TinyNet
{
    /// <summary>4 hidden units of (3 weights + bias), 4 output weights and an output bias.</summary>
    public const int Dimension = 21;

    /// <summary>Odd, so the virtual shards differ in size.</summary>
    public const int SampleCount = 203;

    /// <summary>Half the squared error of one sample (x_0, x_1, x_2, y).</summary>
    [Differentiable(Derivatives.Gradient | Derivatives.HessianVectorProduct)]
    public static double Loss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> sample)
    {
        double output = w[20];
        for (int h = 0; h < 4; h++)
        {
            double z = w[(h * 4) + 3];
            for (int j = 0; j < 3; j++)
            {
                z += w[(h * 4) + j] * sample[j];
            }

            output += w[16 + h] * Math.Tanh(z);
        }

        double r = output - sample[3];
        return 0.5 * r * r;
    }

    /// <summary>y = sin(2 x_0) + x_1 x_2 + noise, features uniform on [-1, 1].</summary>
    public static Dataset Data()
    {
        var random = new Random(2026);
        var values = new double[SampleCount * 4];
        for (int i = 0; i < SampleCount; i++)
        {
            double x0 = (2 * random.NextDouble()) - 1, x1 = (2 * random.NextDouble()) - 1, x2 = (2 * random.NextDouble()) - 1;
            values[i * 4] = x0;
            values[(i * 4) + 1] = x1;
            values[(i * 4) + 2] = x2;
            values[(i * 4) + 3] = Math.Sin(2 * x0) + (x1 * x2) + (0.05 * ((2 * random.NextDouble()) - 1));
        }

        return new Dataset(values, 4);
    }

    /// <summary>A seeded start, the same on every rank.</summary>
    public static double[] Start()
    {
        var random = new Random(5);
        var w = new double[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            w[i] = (random.NextDouble() - 0.5) * 0.5;
        }

        return w;
    }
}
