using System;
using AutoDiff;

namespace Samples.IrisLogistic;

/// <summary>Multinomial logistic (softmax) regression on Iris: 3 classes, 4 features, one weight row plus bias per class.</summary>
public static partial class SoftmaxRegression
{
    /// <summary>Features per sample.</summary>
    public const int Features = 4;

    /// <summary>Classes.</summary>
    public const int Classes = 3;

    /// <summary>Parameters: per class 4 weights then a bias.</summary>
    public const int Parameters = Classes * (Features + 1);

    /// <summary>The L2 penalty lambda/2 ||W||^2 (biases not penalised). Without it setosa is separable and the optimum is at infinity.</summary>
    public const double Lambda = 0.01;

    /// <summary>Cross-entropy of one sample (4 standardised features, then the class 0-2) plus the L2 penalty.</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="sample">Features then the class index.</param>
    /// <returns>-log softmax(z)_label + lambda/2 ||W||^2.</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double Loss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> sample)
    {
        Span<double> z = stackalloc double[Classes];
        double largest = -1e300;
        for (int k = 0; k < Classes; k++)
        {
            z[k] = w[k * (Features + 1) + Features];
            for (int j = 0; j < Features; j++)
            {
                z[k] += w[k * (Features + 1) + j] * sample[j];
            }

            largest = Math.Max(largest, z[k]);
        }

        // log-sum-exp shifted by the largest logit so exp never overflows.
        double sum = 0;
        for (int k = 0; k < Classes; k++)
        {
            sum += Math.Exp(z[k] - largest);
        }

        double penalty = 0;
        for (int k = 0; k < Classes; k++)
        {
            for (int j = 0; j < Features; j++)
            {
                penalty += w[k * (Features + 1) + j] * w[k * (Features + 1) + j];
            }
        }

        int label = (int)sample[Features];
        return largest + Math.Log(sum) - z[label] + 0.5 * Lambda * penalty;
    }

    /// <summary>The class with the largest logit.</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="sample">Features (the label, if present, is ignored).</param>
    /// <returns>0, 1 or 2.</returns>
    public static int Predict(ReadOnlySpan<double> w, ReadOnlySpan<double> sample)
    {
        int best = 0;
        double bestLogit = double.NegativeInfinity;
        for (int k = 0; k < Classes; k++)
        {
            double z = w[k * (Features + 1) + Features];
            for (int j = 0; j < Features; j++)
            {
                z += w[k * (Features + 1) + j] * sample[j];
            }

            if (z > bestLogit)
            {
                (best, bestLogit) = (k, z);
            }
        }

        return best;
    }
}
