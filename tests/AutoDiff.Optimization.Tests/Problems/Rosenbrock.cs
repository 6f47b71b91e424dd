using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>MGH 1: r1 = 10 (x2 - x1^2), r2 = 1 - x1.</summary>
public sealed class Rosenbrock : TestProblem
{
    public override string Name => "Rosenbrock";

    public override double[] Start => [-1.2, 1];

    public override double MinimumValue => 0;

    public override double[]? Minimizer => [1, 1];

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        sink.Add(10 * (x[1] - x[0] * x[0]), [0, 1], [-20 * x[0], 10], [-20, 0, 0, 0]);
        sink.Add(1 - x[0], [0], [-1], []);
    }
}
