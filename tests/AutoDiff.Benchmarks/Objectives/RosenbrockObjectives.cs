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
}
