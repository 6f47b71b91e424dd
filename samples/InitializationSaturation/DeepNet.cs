using System;
using AutoDiff;
using Samples.Common;

namespace Samples.InitializationSaturation;

/// <summary>The hidden-unit nonlinearities compared.</summary>
public enum Activation
{
    /// <summary>1 / (1 + e^-a): not symmetric around 0, saturates at 0 and 1.</summary>
    Sigmoid,

    /// <summary>tanh(a): symmetric, largest slope at 0.</summary>
    Tanh,

    /// <summary>max(0, a).</summary>
    Relu,
}

/// <summary>
/// A deep net for 14x14 MNIST: 5 hidden layers of 32 units and a softmax output. Parameters, layer by layer: weights
/// (out x in, row-major) then biases. A sample is 196 pixels then the digit.
/// </summary>
public static partial class DeepNet
{
    /// <summary>Inputs (14 x 14 pixels).</summary>
    public const int Inputs = 196;

    /// <summary>Units per hidden layer.</summary>
    public const int Width = 32;

    /// <summary>Hidden layers.</summary>
    public const int Depth = 5;

    /// <summary>Classes.</summary>
    public const int Outputs = 10;

    /// <summary>Sample length: pixels then the label.</summary>
    public const int SampleLength = Inputs + 1;

    /// <summary>Offset of the weights of hidden layer l (0-based) or, for l = Depth, of the output layer.</summary>
    /// <param name="layer">The layer.</param>
    /// <returns>The offset; biases follow the weights.</returns>
    public static int Offset(int layer) => layer == 0 ? 0 : Inputs * Width + Width + (layer - 1) * (Width * Width + Width);

    /// <summary>Inputs of layer l.</summary>
    /// <param name="layer">The layer.</param>
    /// <returns>Fan-in.</returns>
    public static int FanIn(int layer) => layer == 0 ? Inputs : Width;

    /// <summary>Total parameters.</summary>
    public static int Parameters => Offset(Depth) + Outputs * Width + Outputs;

    /// <summary>The nonlinearity (a [Differentiable] helper, so the loss can call it).</summary>
    /// <param name="a">The pre-activation.</param>
    /// <param name="kind">0 sigmoid, 1 tanh, 2 ReLU.</param>
    /// <returns>The activation.</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double Activate(double a, int kind) => kind == 0 ? 1 / (1 + Math.Exp(-a)) : kind == 1 ? Math.Tanh(a) : Math.Max(0.0, a);

    /// <summary>Softmax cross-entropy of one sample.</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="sample">196 pixels then the digit.</param>
    /// <param name="kind">The activation: 0 sigmoid, 1 tanh, 2 ReLU.</param>
    /// <returns>-log p(label).</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double Loss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> sample, int kind)
    {
        Span<double> units = stackalloc double[Depth * Width];
        Span<double> logits = stackalloc double[Outputs];
        for (int j = 0; j < Width; j++)
        {
            double a = w[Inputs * Width + j];
            for (int i = 0; i < Inputs; i++)
            {
                a += w[j * Inputs + i] * sample[i];
            }

            units[j] = Activate(a, kind);
        }

        for (int l = 1; l < Depth; l++)
        {
            int offset = Inputs * Width + Width + (l - 1) * (Width * Width + Width);
            for (int j = 0; j < Width; j++)
            {
                double a = w[offset + Width * Width + j];
                for (int i = 0; i < Width; i++)
                {
                    a += w[offset + j * Width + i] * units[(l - 1) * Width + i];
                }

                units[l * Width + j] = Activate(a, kind);
            }
        }

        int top = Inputs * Width + Width + (Depth - 1) * (Width * Width + Width);
        for (int k = 0; k < Outputs; k++)
        {
            double z = w[top + Outputs * Width + k];
            for (int i = 0; i < Width; i++)
            {
                z += w[top + k * Width + i] * units[(Depth - 1) * Width + i];
            }

            logits[k] = z;
        }

        return Losses.SoftmaxCrossEntropy(logits, (int)sample[Inputs]);
    }

    /// <summary>A plain forward pass that records every hidden activation (Depth x Width) and returns the predicted digit.</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="pixels">196 pixels.</param>
    /// <param name="kind">The activation.</param>
    /// <param name="units">Receives the hidden activations, layer after layer.</param>
    /// <returns>The predicted digit.</returns>
    public static int Forward(ReadOnlySpan<double> w, ReadOnlySpan<double> pixels, Activation kind, Span<double> units)
    {
        for (int l = 0; l < Depth; l++)
        {
            int offset = Offset(l), fanIn = FanIn(l);
            for (int j = 0; j < Width; j++)
            {
                double a = w[offset + Width * fanIn + j];
                for (int i = 0; i < fanIn; i++)
                {
                    a += w[offset + j * fanIn + i] * (l == 0 ? pixels[i] : units[(l - 1) * Width + i]);
                }

                units[l * Width + j] = Activate(a, (int)kind);
            }
        }

        int top = Offset(Depth), best = 0;
        double bestLogit = double.NegativeInfinity;
        for (int k = 0; k < Outputs; k++)
        {
            double z = w[top + Outputs * Width + k];
            for (int i = 0; i < Width; i++)
            {
                z += w[top + k * Width + i] * units[(Depth - 1) * Width + i];
            }

            if (z > bestLogit)
            {
                (best, bestLogit) = (k, z);
            }
        }

        return best;
    }
}
