using System;
using AutoDiff;
using Samples.Common;

namespace Samples.RbmPretraining;

/// <summary>
/// The stack as a classifier: 196 -> 64 -> 32 sigmoid units -> 10-way softmax. Parameters: W1 (64 x 196), c1 (64),
/// W2 (32 x 64), c2 (32), W3 (10 x 32), b3 (10): the RBMs' W and hidden biases c slot straight into the first two layers.
/// </summary>
public static partial class FineTuneNet
{
    /// <summary>Inputs.</summary>
    public const int Inputs = 196;

    /// <summary>First hidden layer (RBM 1's hidden units).</summary>
    public const int Hidden1 = 64;

    /// <summary>Second hidden layer (RBM 2's hidden units).</summary>
    public const int Hidden2 = 32;

    /// <summary>Classes.</summary>
    public const int Outputs = 10;

    /// <summary>Offset of W2.</summary>
    public const int Layer2 = Hidden1 * Inputs + Hidden1;

    /// <summary>Offset of W3.</summary>
    public const int Layer3 = Layer2 + Hidden2 * Hidden1 + Hidden2;

    /// <summary>Total parameters.</summary>
    public const int Parameters = Layer3 + Outputs * Hidden2 + Outputs;

    /// <summary>Softmax cross-entropy of one sample (196 pixels then the digit).</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="sample">Pixels then label.</param>
    /// <returns>-log p(label).</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double Loss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> sample)
    {
        Span<double> h1 = stackalloc double[Hidden1];
        Span<double> h2 = stackalloc double[Hidden2];
        Span<double> logits = stackalloc double[Outputs];
        for (int j = 0; j < Hidden1; j++)
        {
            double a = w[Hidden1 * Inputs + j];
            for (int i = 0; i < Inputs; i++)
            {
                a += w[j * Inputs + i] * sample[i];
            }

            h1[j] = 1 / (1 + Math.Exp(-a));
        }

        for (int j = 0; j < Hidden2; j++)
        {
            double a = w[Layer2 + Hidden2 * Hidden1 + j];
            for (int i = 0; i < Hidden1; i++)
            {
                a += w[Layer2 + j * Hidden1 + i] * h1[i];
            }

            h2[j] = 1 / (1 + Math.Exp(-a));
        }

        for (int k = 0; k < Outputs; k++)
        {
            double z = w[Layer3 + Outputs * Hidden2 + k];
            for (int i = 0; i < Hidden2; i++)
            {
                z += w[Layer3 + k * Hidden2 + i] * h2[i];
            }

            logits[k] = z;
        }

        return Losses.SoftmaxCrossEntropy(logits, (int)sample[Inputs]);
    }

    /// <summary>The predicted digit (plain forward pass).</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="pixels">196 pixels.</param>
    /// <returns>0-9.</returns>
    public static int Predict(ReadOnlySpan<double> w, ReadOnlySpan<double> pixels)
    {
        Span<double> h1 = stackalloc double[Hidden1];
        Span<double> h2 = stackalloc double[Hidden2];
        for (int j = 0; j < Hidden1; j++)
        {
            double a = w[Hidden1 * Inputs + j];
            for (int i = 0; i < Inputs; i++)
            {
                a += w[j * Inputs + i] * pixels[i];
            }

            h1[j] = Rbm.Sigmoid(a);
        }

        for (int j = 0; j < Hidden2; j++)
        {
            double a = w[Layer2 + Hidden2 * Hidden1 + j];
            for (int i = 0; i < Hidden1; i++)
            {
                a += w[Layer2 + j * Hidden1 + i] * h1[i];
            }

            h2[j] = Rbm.Sigmoid(a);
        }

        int best = 0;
        double bestLogit = double.NegativeInfinity;
        for (int k = 0; k < Outputs; k++)
        {
            double z = w[Layer3 + Outputs * Hidden2 + k];
            for (int i = 0; i < Hidden2; i++)
            {
                z += w[Layer3 + k * Hidden2 + i] * h2[i];
            }

            if (z > bestLogit)
            {
                (best, bestLogit) = (k, z);
            }
        }

        return best;
    }
}
