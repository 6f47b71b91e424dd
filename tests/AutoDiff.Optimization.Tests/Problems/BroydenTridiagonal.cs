using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>MGH 30: r_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1 with x_0 = x_{n+1} = 0.</summary>
public sealed class BroydenTridiagonal(int n) : TestProblem
{
    public override string Name => "Broyden tridiagonal";

    public override double[] Start => Filled(n, _ => -1);

    public override double MinimumValue => 0;

    /// <summary>The root is not in closed form; the literature gives f* only.</summary>
    public override double[]? Minimizer => null;

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        for (int i = 0; i < n; i++)
        {
            double previous = i > 0 ? x[i - 1] : 0;
            double next = i < n - 1 ? x[i + 1] : 0;
            double r = (3 - 2 * x[i]) * x[i] - previous - 2 * next + 1;
            double diagonal = 3 - 4 * x[i];
            if (i == 0)
            {
                sink.Add(r, [i, i + 1], [diagonal, -2], [-4, 0, 0, 0]);
            }
            else if (i == n - 1)
            {
                sink.Add(r, [i - 1, i], [-1, diagonal], [0, 0, 0, -4]);
            }
            else
            {
                sink.Add(r, [i - 1, i, i + 1], [-1, diagonal, -2], [0, 0, 0, 0, -4, 0, 0, 0, 0]);
            }
        }
    }
}
