using System;
using AutoDiff.Optimization;

namespace AutoDiff.LeastSquares.Tests.Mgh;

/// <summary>The generated gradient of one residual r_i(x): row i of the Jacobian; returns r_i.</summary>
public delegate double ResidualRowGradient(ReadOnlySpan<double> x, int i, Span<double> gradient);

/// <summary>A least-squares test problem in residual form, r and J assembled row by row from a residual's generated gradient.</summary>
public sealed class ResidualProblem(string name, int n, int m, double[] start, double minimum, ResidualRowGradient row)
{
    public string Name => name;

    public int N => n;

    public int M => m;

    public double[] Start => start;

    /// <summary>f* = sum r_i^2 at the known minimiser.</summary>
    public double Minimum => minimum;

    public void Residuals(ReadOnlySpan<double> x, Span<double> r)
    {
        Span<double> scratch = stackalloc double[n];
        for (int i = 0; i < m; i++)
        {
            r[i] = row(x, i, scratch);
        }
    }

    public void Jacobian(ReadOnlySpan<double> x, Span<double> jacobian)
    {
        for (int i = 0; i < m; i++)
        {
            row(x, i, jacobian.Slice(i * n, n));
        }
    }

    /// <summary>The same problem as a scalar objective f = sum r_i^2, g = 2 J'r, for the scalar solvers.</summary>
    public Objective ToObjective()
    {
        var r = new double[m];
        var jacobian = new double[m * n];
        double Value(ReadOnlySpan<double> x)
        {
            Residuals(x, r);
            double sum = 0;
            foreach (double v in r)
            {
                sum += v * v;
            }

            return sum;
        }

        double Gradient(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = Value(x);
            Jacobian(x, jacobian);
            g.Clear();
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    g[j] += 2 * jacobian[i * n + j] * r[i];
                }
            }

            return f;
        }

        return new Objective(Value, Gradient);
    }

    public override string ToString() => Name;

    /// <summary>The problems of mgh-public.md, at the sizes the scalar solver tests use.</summary>
    public static ResidualProblem[] All() =>
    [
        new("Rosenbrock", 2, 2, [-1.2, 1], 0, MghResiduals.ExtendedRosenbrockGradient),
        new("Beale", 2, 3, [1, 1], 0, MghResiduals.BealeGradient),
        new("Helical valley", 3, 3, [-1, 0, 0], 0, MghResiduals.HelicalValleyGradient),
        new("Powell singular", 4, 4, [3, -1, 0, 1], 0, MghResiduals.ExtendedPowellSingularGradient),
        new("Wood", 4, 6, [-3, -1, -3, -1], 0, MghResiduals.WoodGradient),
        new("Extended Rosenbrock n=10", 10, 10, Repeat([-1.2, 1], 5), 0, MghResiduals.ExtendedRosenbrockGradient),
        new("Extended Rosenbrock n=100", 100, 100, Repeat([-1.2, 1], 50), 0, MghResiduals.ExtendedRosenbrockGradient),
        new("Extended Powell n=12", 12, 12, Repeat([3, -1, 0, 1], 3), 0, MghResiduals.ExtendedPowellSingularGradient),
        new("Variably dimensioned n=10", 10, 12, VariablyDimensionedStart(10), 0, MghResiduals.VariablyDimensionedGradient),
        new("Broyden tridiagonal n=10", 10, 10, Repeat([-1], 10), 0, MghResiduals.BroydenTridiagonalGradient),
        new("Chebyquad n=8", 8, 8, ChebyquadStart(8), 3.51687e-3, MghResiduals.ChebyquadGradient),
    ];

    private static double[] Repeat(double[] block, int times)
    {
        var x = new double[block.Length * times];
        for (int k = 0; k < times; k++)
        {
            block.CopyTo(x, k * block.Length);
        }

        return x;
    }

    private static double[] VariablyDimensionedStart(int n)
    {
        var x = new double[n];
        for (int j = 0; j < n; j++)
        {
            x[j] = 1 - (j + 1.0) / n;
        }

        return x;
    }

    private static double[] ChebyquadStart(int n)
    {
        var x = new double[n];
        for (int j = 0; j < n; j++)
        {
            x[j] = (j + 1.0) / (n + 1);
        }

        return x;
    }
}
