using System;

namespace AutoDiff.Stochastic.Tests;

/// <summary>A least-squares problem with a known optimum: noiseless linear data y = a'w* + b*, so F(w*) = 0.</summary>
public static partial class LeastSquares
{
    public static readonly double[] TrueWeights = [1.5, -2.0, 0.5, 3.0];

    /// <summary>Half the squared residual of one sample (a_1, a_2, a_3, y) for w = (w_1, w_2, w_3, bias).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Loss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> sample)
    {
        double prediction = w[3];
        for (int j = 0; j < 3; j++)
        {
            prediction += w[j] * sample[j];
        }

        double residual = prediction - sample[3];
        return 0.5 * residual * residual;
    }

    /// <summary>count samples with features uniform on [-1, 1], seeded.</summary>
    public static AutoDiff.Optimization.Dataset Create(int count, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[count * 4];
        for (int i = 0; i < count; i++)
        {
            double y = TrueWeights[3];
            for (int j = 0; j < 3; j++)
            {
                double a = 2 * random.NextDouble() - 1;
                values[i * 4 + j] = a;
                y += TrueWeights[j] * a;
            }

            values[i * 4 + 3] = y;
        }

        return new AutoDiff.Optimization.Dataset(values, 4);
    }

    public static AutoDiff.Optimization.StochasticObjective Objective(int count = 256) => new(LossPullback, Create(count), Loss, 4);
}
