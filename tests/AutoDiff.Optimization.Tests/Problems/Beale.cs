using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>MGH 5: r_i = y_i - x1 (1 - x2^i), i = 1..3.</summary>
public sealed class Beale : TestProblem
{
    private static readonly double[] Targets = [1.5, 2.25, 2.625];

    public override string Name => "Beale";

    public override double[] Start => [1, 1];

    public override double MinimumValue => 0;

    public override double[]? Minimizer => [3, 0.5];

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        for (int i = 1; i <= 3; i++)
        {
            double power = Math.Pow(x[1], i);          // x2^i
            double powerBelow = Math.Pow(x[1], i - 1); // x2^(i-1)
            double powerTwoBelow = i >= 2 ? Math.Pow(x[1], i - 2) : 0;
            double r = Targets[i - 1] - x[0] * (1 - power);
            double dx1 = -(1 - power);
            double dx2 = x[0] * i * powerBelow;
            double dx1dx2 = i * powerBelow;
            double dx2dx2 = x[0] * i * (i - 1) * powerTwoBelow;
            sink.Add(r, [0, 1], [dx1, dx2], [0, dx1dx2, dx1dx2, dx2dx2]);
        }
    }
}
