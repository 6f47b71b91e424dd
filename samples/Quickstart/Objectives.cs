using System;
using AutoDiff;

namespace Quickstart;

/// <summary>
/// The objectives the quickstart differentiates. Marking a method [Differentiable] in a partial type is all it
/// takes: the generator adds {Name}Gradient to this type at compile time.
/// </summary>
public static partial class Objectives
{
    /// <summary>The 2-D Rosenbrock function: a curved valley with its minimum 0 at (1, 1).</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double a = 1 - x[0], b = x[1] - x[0] * x[0];
        return a * a + 100 * b * b;
    }

    /// <summary>The extended Rosenbrock function for n = 4, written out term by term (loops come later).</summary>
    [Differentiable]
    public static double ExtendedRosenbrock4(ReadOnlySpan<double> x)
    {
        double sum = 0;
        sum += (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]);
        sum += (1 - x[1]) * (1 - x[1]) + 100 * (x[2] - x[1] * x[1]) * (x[2] - x[1] * x[1]);
        sum += (1 - x[2]) * (1 - x[2]) + 100 * (x[3] - x[2] * x[2]) * (x[3] - x[2] * x[2]);
        return sum;
    }

    /// <summary>A landscape built from several Math functions.</summary>
    [Differentiable]
    public static double Landscape(double x, double y)
    {
        double ripple = Math.Sin(3 * x) * Math.Cos(2 * y);
        double bowl = Math.Log(1 + x * x + y * y);
        return ripple + bowl - Math.Exp(-Math.Sqrt(1 + (x - 1) * (x - 1))) * Math.Tanh(y);
    }

    /// <summary>
    /// The squared error of the line y = slope x + intercept on three data points: two differentiable parameters,
    /// the data marked [Constant] so it gets no gradient output.
    /// </summary>
    [Differentiable]
    public static double LineFitError(
        double slope, double intercept, [Constant] ReadOnlySpan<double> xs, [Constant] ReadOnlySpan<double> ys)
    {
        double r0 = slope * xs[0] + intercept - ys[0];
        double r1 = slope * xs[1] + intercept - ys[1];
        double r2 = slope * xs[2] + intercept - ys[2];
        return r0 * r0 + r1 * r1 + r2 * r2;
    }
}
