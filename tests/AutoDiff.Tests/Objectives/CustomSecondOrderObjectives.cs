using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>A custom derivative that also supplies its second-order rules, so callers get forward mode and H v.</summary>
public static partial class CustomSecondOrderObjectives
{
    public static readonly double[] Features = [0.5, -1.5, 2.0];

    /// <summary>log(1 + e^z), written so the generator does not look inside.</summary>
    public static double Softplus(double z) => z > 30 ? z : Math.Log(1 + Math.Exp(z));

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [CustomDerivative(nameof(Softplus), Tangent = nameof(SoftplusTangent), PullbackTangent = nameof(SoftplusPullbackTangent))]
    public static double SoftplusPullback(double z, double seed, ref double zAdjoint)
    {
        zAdjoint += seed * Sigmoid(z);
        return Softplus(z);
    }

    /// <summary>Forward mode: softplus'(z) = sigmoid(z).</summary>
    public static double SoftplusTangent(double z, double zTangent, out double derivative)
    {
        derivative = Sigmoid(z) * zTangent;
        return Softplus(z);
    }

    /// <summary>The tangent of the pullback: d(seed sigmoid(z)) = seedTangent sigmoid(z) + seed sigmoid'(z) zTangent.</summary>
    public static double SoftplusPullbackTangent(
        double z, double zTangent, double seed, double seedTangent, ref double zAdjoint, ref double zAdjointTangent)
    {
        double s = Sigmoid(z);
        zAdjoint += seed * s;
        zAdjointTangent += (seedTangent * s) + (seed * s * (1 - s) * zTangent);
        return Softplus(z);
    }

    /// <summary>softplus(1 - w'a) + 0.1 ||w||^2: a smooth hinge loss with a ridge term.</summary>
    [Differentiable]
    public static double SmoothHinge(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> features)
    {
        double margin = 0;
        double ridge = 0;
        for (int i = 0; i < w.Length; i++)
        {
            margin += w[i] * features[i];
            ridge += w[i] * w[i];
        }

        return Softplus(1 - margin) + 0.1 * ridge;
    }
}
