using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>Log-gamma in likelihoods: Math.NET's <c>SpecialFunctions.GammaLn</c> and the runtime's polygamma.</summary>
public static partial class GammaObjectives
{
    /// <summary>
    /// Negative log-likelihood of a gamma distribution (shape a = exp(p[0]), rate b = exp(p[1])) of constant
    /// observations: the shape's derivative needs digamma, its second derivative trigamma.
    /// </summary>
    [Differentiable]
    public static double GammaNegativeLogLikelihood(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> observations)
    {
        double a = Math.Exp(p[0]);
        double b = Math.Exp(p[1]);
        double s = 0;
        for (int i = 0; i < observations.Length; i++)
        {
            double x = observations[i];
            s += MathNet.Numerics.SpecialFunctions.GammaLn(a) - (a * Math.Log(b)) - ((a - 1) * Math.Log(x)) + (b * x);
        }

        return s;
    }

    /// <summary>Math.NET's GammaLn of a differentiable value, at negative arguments too.</summary>
    [Differentiable]
    public static double LogGammaOfScaled(double x) => 2 * MathNet.Numerics.SpecialFunctions.GammaLn(x);

    /// <summary>Digamma and trigamma called directly, composed with other functions.</summary>
    [Differentiable]
    public static double PolygammaMix(double x, double y) =>
        (GammaFunctions.Polygamma(0, x * y) * Math.Sin(y)) + GammaFunctions.Polygamma(1, x + 2);
}
