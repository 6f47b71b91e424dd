using System;

namespace AutoDiff.LeastSquares.Tests.Mgh;

/// <summary>
/// The More-Garbow-Hillstrom problems of mgh-public.md in residual form: each residual r_i(x) is a
/// <c>[Differentiable]</c> scalar method with a <c>[Constant] int i</c> (0-based), so its generated gradient is row i
/// of the Jacobian. <see cref="ResidualProblem"/> assembles r and J from them.
/// </summary>
public static partial class MghResiduals
{
    private static readonly double[] BealeTargets = [1.5, 2.25, 2.625];

    /// <summary>MGH 1 and 21 (extended Rosenbrock, any even n): r_{2k} = 10 (x_{2k+1} - x_{2k}^2), r_{2k+1} = 1 - x_{2k}.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double ExtendedRosenbrock(ReadOnlySpan<double> x, [Constant] int i)
    {
        int k = i - i % 2;
        return i % 2 == 0 ? 10 * (x[k + 1] - x[k] * x[k]) : 1 - x[k];
    }

    /// <summary>MGH 5: r_i = y_i - x1 (1 - x2^(i+1)).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Beale(ReadOnlySpan<double> x, [Constant] int i) => BealeTargets[i] - x[0] * (1 - Math.Pow(x[1], i + 1));

    /// <summary>MGH 7: r1 = 10 (x3 - 10 theta), r2 = 10 (sqrt(x1^2 + x2^2) - 1), r3 = x3.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double HelicalValley(ReadOnlySpan<double> x, [Constant] int i)
    {
        if (i == 0)
        {
            double theta;
            if (x[0] > 0)
            {
                theta = Math.Atan(x[1] / x[0]) / (2 * Math.PI);
            }
            else if (x[0] < 0)
            {
                theta = Math.Atan(x[1] / x[0]) / (2 * Math.PI) + 0.5;
            }
            else
            {
                theta = 0.25 * Math.Sign(x[1]);
            }

            return 10 * (x[2] - 10 * theta);
        }

        return i == 1 ? 10 * (Math.Sqrt(x[0] * x[0] + x[1] * x[1]) - 1) : x[2];
    }

    /// <summary>MGH 13 and 22 (n a multiple of 4): the four Powell residuals on each block of four.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double ExtendedPowellSingular(ReadOnlySpan<double> x, [Constant] int i)
    {
        int b = i - i % 4;
        int k = i % 4;
        if (k == 0)
        {
            return x[b] + 10 * x[b + 1];
        }

        if (k == 1)
        {
            return Math.Sqrt(5) * (x[b + 2] - x[b + 3]);
        }

        if (k == 2)
        {
            double d = x[b + 1] - 2 * x[b + 2];
            return d * d;
        }

        double e = x[b] - x[b + 3];
        return Math.Sqrt(10) * e * e;
    }

    /// <summary>MGH 14 (Wood), six residuals.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Wood(ReadOnlySpan<double> x, [Constant] int i)
    {
        if (i == 0)
        {
            return 10 * (x[1] - x[0] * x[0]);
        }

        if (i == 1)
        {
            return 1 - x[0];
        }

        if (i == 2)
        {
            return Math.Sqrt(90) * (x[3] - x[2] * x[2]);
        }

        if (i == 3)
        {
            return 1 - x[2];
        }

        return i == 4 ? Math.Sqrt(10) * (x[1] + x[3] - 2) : (x[1] - x[3]) / Math.Sqrt(10);
    }

    /// <summary>MGH 25: r_i = x_i - 1 (i &lt; n), r_n = s, r_{n+1} = s^2 with s = sum_j (j + 1) (x_j - 1).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double VariablyDimensioned(ReadOnlySpan<double> x, [Constant] int i)
    {
        int n = x.Length;
        if (i < n)
        {
            return x[i] - 1;
        }

        double s = 0;
        for (int j = 0; j < n; j++)
        {
            s += (j + 1) * (x[j] - 1);
        }

        return i == n ? s : s * s;
    }

    /// <summary>MGH 30: r_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1 with x_{-1} = x_n = 0.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double BroydenTridiagonal(ReadOnlySpan<double> x, [Constant] int i)
    {
        double previous = i > 0 ? x[i - 1] : 0;
        double next = i < x.Length - 1 ? x[i + 1] : 0;
        return (3 - 2 * x[i]) * x[i] - previous - 2 * next + 1;
    }

    /// <summary>MGH 35: r_i = (1/n) sum_j T_{i+1}(2 x_j - 1) + [i+1 even] 1/((i+1)^2 - 1), by the Chebyshev recurrence.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Chebyquad(ReadOnlySpan<double> x, [Constant] int i)
    {
        int n = x.Length;
        int degree = i + 1;
        double r = degree % 2 == 0 ? 1.0 / (degree * degree - 1) : 0;
        for (int j = 0; j < n; j++)
        {
            double y = 2 * x[j] - 1;
            double below = 1;
            double current = y;
            for (int k = 1; k < degree; k++)
            {
                double above = 2 * y * current - below;
                below = current;
                current = above;
            }

            r += current / n;
        }

        return r;
    }
}
