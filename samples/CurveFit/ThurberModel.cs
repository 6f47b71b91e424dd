using System;
using AutoDiff;

namespace Samples.CurveFit;

/// <summary>NIST's Thurber model: electron mobility as a cubic-over-cubic rational function of log density.</summary>
public static partial class ThurberModel
{
    /// <summary>y = (b1 + b2 x + b3 x^2 + b4 x^3) / (1 + b5 x + b6 x^2 + b7 x^3). The generator adds <c>MobilityGradient</c>.</summary>
    /// <param name="b">The seven parameters.</param>
    /// <param name="x">The log density (data, not differentiated).</param>
    /// <returns>The mobility.</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double Mobility(ReadOnlySpan<double> b, [Constant] double x)
    {
        double numerator = b[0] + x * (b[1] + x * (b[2] + x * b[3]));
        double denominator = 1 + x * (b[4] + x * (b[5] + x * b[6]));
        return numerator / denominator;
    }
}
