using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>
/// MGH 35: r_i = (1/n) sum_j T_i(2 x_j - 1) + [i even] 1/(i^2 - 1), i = 1..n. With y = 2x - 1,
/// dr_i/dx_j = (2/n) T_i'(y_j) and d2r_i/dx_j2 = (4/n) T_i''(y_j) (no cross terms), from the recurrences
/// T_{k+1} = 2y T_k - T_{k-1}, T'_{k+1} = 2 T_k + 2y T'_k - T'_{k-1}, T''_{k+1} = 4 T'_k + 2y T''_k - T''_{k-1}.
/// </summary>
public sealed class Chebyquad(int n) : TestProblem
{
    public override string Name => "Chebyquad";

    public override double[] Start => Filled(n, j => (j + 1.0) / (n + 1));

    /// <summary>3.51687e-3 for n = 8 (MGH); more digits from the literature: 3.516873725677e-3.</summary>
    public override double MinimumValue => n == 8 ? 3.516873725677e-3 : throw new NotSupportedException("f* is listed for n = 8 only.");

    /// <summary>The literature gives f* only.</summary>
    public override double[]? Minimizer => null;

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        // t[i * n + j] = T_i(y_j) etc., for i = 0..n.
        Span<double> t = stackalloc double[(n + 1) * n];
        Span<double> dt = stackalloc double[(n + 1) * n];
        Span<double> d2t = stackalloc double[(n + 1) * n];
        for (int j = 0; j < n; j++)
        {
            double y = 2 * x[j] - 1;
            t[j] = 1;
            dt[j] = 0;
            d2t[j] = 0;
            t[n + j] = y;
            dt[n + j] = 1;
            d2t[n + j] = 0;
            for (int k = 1; k < n; k++)
            {
                int here = k * n + j, below = (k - 1) * n + j, above = (k + 1) * n + j;
                t[above] = 2 * y * t[here] - t[below];
                dt[above] = 2 * t[here] + 2 * y * dt[here] - dt[below];
                d2t[above] = 4 * dt[here] + 2 * y * d2t[here] - d2t[below];
            }
        }

        Span<int> all = stackalloc int[n];
        Span<double> gradient = stackalloc double[n];
        Span<double> hessian = stackalloc double[n * n];
        hessian.Clear();
        for (int j = 0; j < n; j++)
        {
            all[j] = j;
        }

        for (int i = 1; i <= n; i++)
        {
            double r = i % 2 == 0 ? 1.0 / (i * i - 1) : 0;
            for (int j = 0; j < n; j++)
            {
                r += t[i * n + j] / n;
                gradient[j] = 2 * dt[i * n + j] / n;
                hessian[j * n + j] = 4 * d2t[i * n + j] / n;
            }

            sink.Add(r, all, gradient, hessian);
        }
    }
}
