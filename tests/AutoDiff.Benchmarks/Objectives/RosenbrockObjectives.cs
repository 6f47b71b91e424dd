using System;

namespace AutoDiff.Benchmarks.Objectives;

/// <summary>The extended Rosenbrock function, written exactly as in DESIGN.md, and a gradient derived by hand.</summary>
public static partial class RosenbrockObjectives
{
    /// <summary>sum_i (1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2.</summary>
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

    /// <summary>
    /// The gradient a careful person writes by hand: one pass, each term adding its two partial derivatives.
    /// The yardstick for the generated <c>RosenbrockGradient</c>.
    /// </summary>
    public static double HandWrittenGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double xi = x[i];
            double a = 1 - xi, b = x[i + 1] - xi * xi;
            sum += a * a + 100 * b * b;
            gradient[i] += -2 * a - 400 * b * xi;
            gradient[i + 1] += 200 * b;
        }

        return sum;
    }

    /// <summary>
    /// Extended Rosenbrock again, its terms going through a two-element local array that every iteration overwrites
    /// (issue 16's "sum of terms over an overwritten local array"): the reverse sweep needs each iteration's elements
    /// back, so the gradient tapes them, 16 bytes or more an element.
    /// </summary>
    [Differentiable]
    public static double RosenbrockLocalArray(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[2];
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            t[0] = 1 - x[i];
            t[1] = x[i + 1] - x[i] * x[i];
            double t2 = 100 * t[1];
            sum += t[0] * t[0] + t2 * t[1];
        }

        return sum;
    }
}
