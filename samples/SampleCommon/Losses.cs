using System;
using AutoDiff;

namespace Samples.Common;

/// <summary>Loss functions the network samples share; [Differentiable], so their losses call them like any helper.</summary>
public static partial class Losses
{
    /// <summary>
    /// -log softmax(logits)[label]: the cross-entropy of a classifier's scores against the true class, computed as
    /// max + log sum exp(z - max) - z[label] so that exp cannot overflow.
    /// </summary>
    /// <param name="logits">The scores, one per class.</param>
    /// <param name="label">The true class.</param>
    /// <returns>The loss.</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label)
    {
        double largest = double.NegativeInfinity;
        for (int k = 0; k < logits.Length; k++)
        {
            largest = Math.Max(largest, logits[k]);
        }

        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            sum += Math.Exp(logits[k] - largest);
        }

        return largest + Math.Log(sum) - logits[label];
    }
}
