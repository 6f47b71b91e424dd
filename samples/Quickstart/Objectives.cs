using System;
using AutoDiff;

namespace Quickstart;

/// <summary>
/// The objectives the quickstart differentiates and minimises. Marking a method [Differentiable] in a partial type
/// is all it takes: the generator adds {Name}Gradient, {Name}HessianVectorProduct, ... and {Name}Objective.
/// </summary>
public static partial class Objectives
{
    /// <summary>The extended Rosenbrock function: curved valleys, minimum 0 at (1, ..., 1).</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    /// <summary>Wood's function (More, Garbow and Hillstrom 1981, problem 14): minimum 0 at (1, 1, 1, 1).</summary>
    [Differentiable]
    public static double Wood(ReadOnlySpan<double> x)
    {
        double r1 = 10 * (x[1] - x[0] * x[0]), r2 = 1 - x[0];
        double r3 = Math.Sqrt(90) * (x[3] - x[2] * x[2]), r4 = 1 - x[2];
        double r5 = Math.Sqrt(10) * (x[1] + x[3] - 2), r6 = (x[1] - x[3]) / Math.Sqrt(10);
        return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6;
    }

    /// <summary>A landscape built from several Math functions, with a branch.</summary>
    [Differentiable]
    public static double Landscape(double x, double y)
    {
        double ripple = Math.Sin(3 * x) * Math.Cos(2 * y);
        double bowl = x > 0 ? Math.Log(1 + x * x + y * y) : x * x + Math.Log(1 + y * y);
        return ripple + bowl - Math.Exp(-Math.Sqrt(1 + (x - 1) * (x - 1))) * Math.Tanh(y);
    }

    /// <summary>
    /// The squared error of the line y = slope x + intercept on data points: two differentiable parameters, the data
    /// marked [Constant] so it gets no gradient output.
    /// </summary>
    [Differentiable]
    public static double LineFitError(
        double slope, double intercept, [Constant] ReadOnlySpan<double> xs, [Constant] ReadOnlySpan<double> ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = slope * xs[i] + intercept - ys[i];
            sum += r * r;
        }

        return sum;
    }
}
