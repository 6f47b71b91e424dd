using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>MGH 25: r_i = x_i - 1 (i = 1..n), r_{n+1} = s, r_{n+2} = s^2 with s = sum_j j (x_j - 1).</summary>
public sealed class VariablyDimensioned(int n) : TestProblem
{
    public override string Name => "Variably dimensioned";

    public override double[] Start => Filled(n, i => 1 - (i + 1.0) / n);

    public override double MinimumValue => 0;

    public override double[]? Minimizer => Filled(n, _ => 1);

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        for (int i = 0; i < n; i++)
        {
            sink.Add(x[i] - 1, [i], [1], []);
        }

        Span<int> all = stackalloc int[n];
        Span<double> weights = stackalloc double[n];
        Span<double> gradient = stackalloc double[n];
        Span<double> hessian = stackalloc double[n * n];
        double s = 0;
        for (int j = 0; j < n; j++)
        {
            all[j] = j;
            weights[j] = j + 1;
            s += (j + 1) * (x[j] - 1);
        }

        sink.Add(s, all, weights, []);
        for (int j = 0; j < n; j++)
        {
            gradient[j] = 2 * s * weights[j];
            for (int k = 0; k < n; k++)
            {
                hessian[j * n + k] = 2 * weights[j] * weights[k];
            }
        }

        sink.Add(s * s, all, gradient, hessian);
    }
}
