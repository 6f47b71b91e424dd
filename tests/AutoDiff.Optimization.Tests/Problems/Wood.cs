using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>
/// MGH 14: r1 = 10 (x2 - x1^2), r2 = 1 - x1, r3 = sqrt90 (x4 - x3^2), r4 = 1 - x3, r5 = sqrt10 (x2 + x4 - 2),
/// r6 = (x2 - x4) / sqrt10.
/// </summary>
public sealed class Wood : TestProblem
{
    public override string Name => "Wood";

    public override double[] Start => [-3, -1, -3, -1];

    public override double MinimumValue => 0;

    public override double[]? Minimizer => [1, 1, 1, 1];

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        double sqrt90 = Math.Sqrt(90), sqrt10 = Math.Sqrt(10);
        sink.Add(10 * (x[1] - x[0] * x[0]), [0, 1], [-20 * x[0], 10], [-20, 0, 0, 0]);
        sink.Add(1 - x[0], [0], [-1], []);
        sink.Add(sqrt90 * (x[3] - x[2] * x[2]), [2, 3], [-2 * sqrt90 * x[2], sqrt90], [-2 * sqrt90, 0, 0, 0]);
        sink.Add(1 - x[2], [2], [-1], []);
        sink.Add(sqrt10 * (x[1] + x[3] - 2), [1, 3], [sqrt10, sqrt10], []);
        sink.Add((x[1] - x[3]) / sqrt10, [1, 3], [1 / sqrt10, -1 / sqrt10], []);
    }
}
