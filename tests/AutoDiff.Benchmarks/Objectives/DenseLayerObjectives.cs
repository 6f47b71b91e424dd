using System;

namespace AutoDiff.Benchmarks.Objectives;

/// <summary>The squared error of one dense (affine) layer over a batch: sum_s ||W x_s + b - y_s||^2.</summary>
public static partial class DenseLayerObjectives
{
    /// <summary>
    /// <paramref name="weights"/> is outputs x inputs, row-major; <paramref name="inputs"/> is samples x inputs and
    /// <paramref name="targets"/> samples x outputs, both row-major.
    /// </summary>
    [Differentiable]
    public static double DenseLayerLoss(
        ReadOnlySpan<double> weights,
        ReadOnlySpan<double> bias,
        [Constant] ReadOnlySpan<double> inputs,
        [Constant] ReadOnlySpan<double> targets,
        int inputCount,
        int outputCount,
        int sampleCount)
    {
        double loss = 0;
        for (int s = 0; s < sampleCount; s++)
        {
            for (int o = 0; o < outputCount; o++)
            {
                double z = bias[o];
                for (int j = 0; j < inputCount; j++)
                {
                    z += weights[o * inputCount + j] * inputs[s * inputCount + j];
                }

                double r = z - targets[s * outputCount + o];
                loss += r * r;
            }
        }

        return loss;
    }
}
