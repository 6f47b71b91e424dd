using System;
using AutoDiff;

namespace Samples.SgdTheory;

/// <summary>A noisy convex problem: least squares f(x, (a, b)) = (a'x - b)^2 / 2 with b = a'x_true + noise.</summary>
public static partial class NoisyRegression
{
    /// <summary>Dimension of x.</summary>
    public const int Dimension = 2;

    /// <summary>Half the squared residual of one sample (a_1, a_2, b).</summary>
    /// <param name="x">The parameters.</param>
    /// <param name="sample">Features then the target.</param>
    /// <returns>(a'x - b)^2 / 2.</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double Loss(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> sample)
    {
        double residual = -sample[Dimension];
        for (int j = 0; j < Dimension; j++)
        {
            residual += x[j] * sample[j];
        }

        return 0.5 * residual * residual;
    }
}
