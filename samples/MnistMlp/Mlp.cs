using System;
using AutoDiff;
using Samples.Common;

namespace Samples.MnistMlp;

/// <summary>
/// A 784-128-10 multilayer perceptron: ReLU hidden layer, softmax output, cross-entropy loss, written as plain loops.
/// Parameters, in order: W1 (128 x 784, row-major), b1 (128), W2 (10 x 128), b2 (10).
/// A sample is 784 pixels in [0, 1] followed by the digit.
/// </summary>
public static partial class Mlp
{
    /// <summary>Pixels per image.</summary>
    public const int Inputs = 784;

    /// <summary>Hidden units.</summary>
    public const int Hidden = 128;

    /// <summary>Digits.</summary>
    public const int Outputs = 10;

    /// <summary>Offset of b1 in the parameter vector.</summary>
    public const int B1 = Hidden * Inputs;

    /// <summary>Offset of W2.</summary>
    public const int W2 = B1 + Hidden;

    /// <summary>Offset of b2.</summary>
    public const int B2 = W2 + Outputs * Hidden;

    /// <summary>Number of parameters (101,770).</summary>
    public const int Parameters = B2 + Outputs;

    /// <summary>Sample length: pixels, then the label.</summary>
    public const int SampleLength = Inputs + 1;

    /// <summary>Softmax cross-entropy -log p(label | image) of one sample.</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="sample">784 pixels, then the digit.</param>
    /// <returns>The loss.</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double Loss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> sample)
    {
        Span<double> hidden = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Outputs];
        for (int h = 0; h < Hidden; h++)
        {
            double a = w[B1 + h];
            for (int i = 0; i < Inputs; i++)
            {
                a += w[h * Inputs + i] * sample[i];
            }

            hidden[h] = Math.Max(0.0, a);
        }

        for (int k = 0; k < Outputs; k++)
        {
            double z = w[B2 + k];
            for (int h = 0; h < Hidden; h++)
            {
                z += w[W2 + k * Hidden + h] * hidden[h];
            }

            logits[k] = z;
        }

        return Losses.SoftmaxCrossEntropy(logits, (int)sample[Inputs]);
    }

    /// <summary>
    /// The summed loss of several samples packed one after another (784 pixels and the digit each), layer by layer: each
    /// layer is a loop nest over the samples and the units, which the generated code runs as blocked matrix kernels
    /// (one pass over the weights for the whole batch instead of one per sample). The training route: the stochastic
    /// solvers give it a mini-batch's samples at a time (<c>StochasticObjective.FromBatchLoss</c>).
    /// </summary>
    /// <param name="w">The parameters.</param>
    /// <param name="batch">Whole samples, one after another; at most a few hundred (the hidden layer is on the stack).</param>
    /// <returns>The sum of the samples' losses.</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double BatchLoss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> batch)
    {
        int n = batch.Length / SampleLength;
        Span<double> hidden = stackalloc double[n * Hidden];
        for (int b = 0; b < n; b++)
        {
            for (int h = 0; h < Hidden; h++)
            {
                double a = w[B1 + h];
                for (int i = 0; i < Inputs; i++)
                {
                    a += w[h * Inputs + i] * batch[b * SampleLength + i];
                }

                hidden[b * Hidden + h] = Math.Max(0.0, a);
            }
        }

        Span<double> logits = stackalloc double[Outputs];
        double loss = 0;
        for (int b = 0; b < n; b++)
        {
            for (int k = 0; k < Outputs; k++)
            {
                double z = w[B2 + k];
                for (int h = 0; h < Hidden; h++)
                {
                    z += w[W2 + k * Hidden + h] * hidden[b * Hidden + h];
                }

                logits[k] = z;
            }

            loss += Losses.SoftmaxCrossEntropy(logits, (int)batch[b * SampleLength + Inputs]);
        }

        return loss;
    }

    /// <summary>The most probable digit (a plain forward pass).</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="pixels">784 pixels (a trailing label is ignored).</param>
    /// <returns>0-9.</returns>
    public static int Predict(ReadOnlySpan<double> w, ReadOnlySpan<double> pixels)
    {
        Span<double> hidden = stackalloc double[Hidden];
        for (int h = 0; h < Hidden; h++)
        {
            double a = w[B1 + h];
            ReadOnlySpan<double> row = w.Slice(h * Inputs, Inputs);
            for (int i = 0; i < Inputs; i++)
            {
                a += row[i] * pixels[i];
            }

            hidden[h] = Math.Max(0.0, a);
        }

        int best = 0;
        double bestLogit = double.NegativeInfinity;
        for (int k = 0; k < Outputs; k++)
        {
            double z = w[B2 + k];
            for (int h = 0; h < Hidden; h++)
            {
                z += w[W2 + k * Hidden + h] * hidden[h];
            }

            if (z > bestLogit)
            {
                (best, bestLogit) = (k, z);
            }
        }

        return best;
    }
}
