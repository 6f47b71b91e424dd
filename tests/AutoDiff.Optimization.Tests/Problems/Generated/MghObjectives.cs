using System;

namespace AutoDiff.Optimization.Tests.Problems.Generated;

/// <summary>
/// The More-Garbow-Hillstrom problems of mgh-public.md as plain C# sums of squared residuals, differentiated by the
/// source generator: each method gets <c>{Name}Gradient</c> and <c>{Name}Objective</c>. The hand-written versions in
/// <see cref="Problems"/> are the reference the generated gradients are checked against. Indices are 0-based here
/// (x[0] is the paper's x1).
/// </summary>
public static partial class MghObjectives
{
    private static readonly double[] BealeTargets = [1.5, 2.25, 2.625];

    /// <summary>MGH 1: r1 = 10 (x2 - x1^2), r2 = 1 - x1.</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double valley = 10 * (x[1] - x[0] * x[0]);
        double offset = 1 - x[0];
        return valley * valley + offset * offset;
    }

    /// <summary>MGH 5: r_i = y_i - x1 (1 - x2^i), i = 1..3; x2^i is carried from one residual to the next.</summary>
    [Differentiable]
    public static double Beale(ReadOnlySpan<double> x)
    {
        double sum = 0;
        double power = 1;
        for (int i = 0; i < 3; i++)
        {
            power *= x[1];
            double r = BealeTargets[i] - x[0] * (1 - power);
            sum += r * r;
        }

        return sum;
    }

    /// <summary>
    /// MGH 7: r1 = 10 (x3 - 10 theta), r2 = 10 (sqrt(x1^2 + x2^2) - 1), r3 = x3, with theta = atan(x2/x1) / (2 pi),
    /// plus 1/2 when x1 &lt; 0 (and, as in the hand-written version, sign(x2) / 4 on the axis x1 = 0).
    /// </summary>
    [Differentiable]
    public static double HelicalValley(ReadOnlySpan<double> x)
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

        double r1 = 10 * (x[2] - 10 * theta);
        double r2 = 10 * (Math.Sqrt(x[0] * x[0] + x[1] * x[1]) - 1);
        double r3 = x[2];
        return r1 * r1 + r2 * r2 + r3 * r3;
    }

    /// <summary>MGH 13, the Powell singular function on x[0..3].</summary>
    [Differentiable]
    public static double PowellSingular(ReadOnlySpan<double> x) => PowellBlock(x, 0);

    /// <summary>
    /// The four Powell residuals on the block x[offset..offset+3]: r1 = x1 + 10 x2, r2 = sqrt5 (x3 - x4),
    /// r3 = (x2 - 2 x3)^2, r4 = sqrt10 (x1 - x4)^2. A helper the two Powell objectives call through its pullback.
    /// </summary>
    [Differentiable]
    public static double PowellBlock(ReadOnlySpan<double> x, int offset)
    {
        double r1 = x[offset] + 10 * x[offset + 1];
        double r2 = Math.Sqrt(5) * (x[offset + 2] - x[offset + 3]);
        double d23 = x[offset + 1] - 2 * x[offset + 2];
        double r3 = d23 * d23;
        double d14 = x[offset] - x[offset + 3];
        double r4 = Math.Sqrt(10) * d14 * d14;
        return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4;
    }

    /// <summary>
    /// MGH 14: r1 = 10 (x2 - x1^2), r2 = 1 - x1, r3 = sqrt90 (x4 - x3^2), r4 = 1 - x3, r5 = sqrt10 (x2 + x4 - 2),
    /// r6 = (x2 - x4) / sqrt10. Six different residuals: nothing to loop over.
    /// </summary>
    [Differentiable]
    public static double Wood(ReadOnlySpan<double> x)
    {
        double r1 = 10 * (x[1] - x[0] * x[0]);
        double r2 = 1 - x[0];
        double r3 = Math.Sqrt(90) * (x[3] - x[2] * x[2]);
        double r4 = 1 - x[2];
        double r5 = Math.Sqrt(10) * (x[1] + x[3] - 2);
        double r6 = (x[1] - x[3]) / Math.Sqrt(10);
        return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6;
    }

    /// <summary>MGH 21 for any even n: r_{2i-1} = 10 (x_{2i} - x_{2i-1}^2), r_{2i} = 1 - x_{2i-1}.</summary>
    [Differentiable]
    public static double ExtendedRosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i += 2)
        {
            double valley = 10 * (x[i + 1] - x[i] * x[i]);
            double offset = 1 - x[i];
            sum += valley * valley + offset * offset;
        }

        return sum;
    }

    /// <summary>MGH 22 for n a multiple of 4: the Powell residuals on each block of four.</summary>
    [Differentiable]
    public static double ExtendedPowellSingular(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int block = 0; block < x.Length; block += 4)
        {
            sum += PowellBlock(x, block);
        }

        return sum;
    }

    /// <summary>MGH 25: r_i = x_i - 1 (i = 1..n), r_{n+1} = s, r_{n+2} = s^2 with s = sum_j j (x_j - 1).</summary>
    [Differentiable]
    public static double VariablyDimensioned(ReadOnlySpan<double> x)
    {
        double sum = 0;
        double s = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double r = x[j] - 1;
            sum += r * r;
            s += (j + 1) * r;
        }

        return sum + s * s + s * s * s * s;
    }

    /// <summary>
    /// MGH 30: r_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1 with x_0 = x_{n+1} = 0. The missing neighbours are
    /// ternaries guarding the index, which the reverse sweep must respect (x[-1] and x[n] are never touched).
    /// </summary>
    [Differentiable]
    public static double BroydenTridiagonal(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double previous = i > 0 ? x[i - 1] : 0;
            double next = i < n - 1 ? x[i + 1] : 0;
            double r = (3 - 2 * x[i]) * x[i] - previous - 2 * next + 1;
            sum += r * r;
        }

        return sum;
    }

    /// <summary>
    /// MGH 35: r_i = (1/n) sum_j T_i(2 x_j - 1) + [i even] 1/(i^2 - 1), i = 1..n. For each x_j the Chebyshev
    /// recurrence T_{k+1} = 2y T_k - T_{k-1} runs up to T_n, adding T_i / n into a stackalloc residual buffer.
    /// </summary>
    [Differentiable]
    public static double Chebyquad(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> residuals = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            int degree = i + 1;
            residuals[i] = degree % 2 == 0 ? 1.0 / (degree * degree - 1) : 0;
        }

        for (int j = 0; j < n; j++)
        {
            double y = 2 * x[j] - 1;
            double below = 1;
            double current = y;
            residuals[0] += current / n;
            for (int i = 1; i < n; i++)
            {
                double above = 2 * y * current - below;
                below = current;
                current = above;
                residuals[i] += current / n;
            }
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += residuals[i] * residuals[i];
        }

        return sum;
    }
}
