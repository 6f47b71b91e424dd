using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>MGH 21: for i = 1..n/2, r_{2i-1} = 10 (x_{2i} - x_{2i-1}^2), r_{2i} = 1 - x_{2i-1}.</summary>
public sealed class ExtendedRosenbrock(int n) : TestProblem
{
    public override string Name => "Extended Rosenbrock";

    public override double[] Start => Filled(n, i => i % 2 == 0 ? -1.2 : 1);

    public override double MinimumValue => 0;

    public override double[]? Minimizer => Filled(n, _ => 1);

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        for (int i = 0; i < n; i += 2)
        {
            sink.Add(10 * (x[i + 1] - x[i] * x[i]), [i, i + 1], [-20 * x[i], 10], [-20, 0, 0, 0]);
            sink.Add(1 - x[i], [i], [-1], []);
        }
    }
}
