using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>Methods with data, whose generated <c>{Name}Objective(...)</c> and <c>{Name}StochasticObjective(...)</c> bind it.</summary>
public static partial class FactoryObjectives
{
    /// <summary>Sum of squared residuals of y ~ p0 exp(p1 t): a span parameter, span and array data.</summary>
    [Differentiable]
    public static double ExpDecayLoss(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> t, [Constant] double[] y)
    {
        double s = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double d = (p[0] * Math.Exp(p[1] * t[i])) - y[i];
            s += d * d;
        }

        return s;
    }

    /// <summary>Rosenbrock in two doubles with a constant between them: packed as x = (a, b).</summary>
    [Differentiable]
    public static double Banana(double a, [Constant] double shift, double b) =>
        ((a - shift) * (a - shift)) + (100 * (b - (a * a)) * (b - (a * a)));

    /// <summary>A double[] parameter and an int constant.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Distance(double[] w, [Constant] int target)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += (w[i] - target) * (w[i] - target);
        }

        return s;
    }

    /// <summary>A per-sample squared error of a line with a ridge term: sample = (x, y).</summary>
    [Differentiable]
    public static double SampleLoss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> sample, [Constant] double lambda)
    {
        double z = (w[0] * sample[0]) + w[1] - sample[1];
        return (z * z) + (lambda * w[0] * w[0]);
    }
}
