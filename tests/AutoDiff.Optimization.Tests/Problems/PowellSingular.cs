using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>MGH 13: r1 = x1 + 10 x2, r2 = sqrt5 (x3 - x4), r3 = (x2 - 2 x3)^2, r4 = sqrt10 (x1 - x4)^2. Singular Hessian at x*.</summary>
public sealed class PowellSingular : TestProblem
{
    public override string Name => "Powell singular";

    public override double[] Start => [3, -1, 0, 1];

    public override double MinimumValue => 0;

    public override double[]? Minimizer => [0, 0, 0, 0];

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink) => AddBlock(x, 0, ref sink);

    /// <summary>The four residuals on variables offset..offset+3 (shared with the extended version).</summary>
    internal static void AddBlock(ReadOnlySpan<double> x, int offset, ref ResidualSink sink)
    {
        int i1 = offset, i2 = offset + 1, i3 = offset + 2, i4 = offset + 3;
        double x1 = x[i1], x2 = x[i2], x3 = x[i3], x4 = x[i4];
        double sqrt5 = Math.Sqrt(5), sqrt10 = Math.Sqrt(10);
        sink.Add(x1 + 10 * x2, [i1, i2], [1, 10], []);
        sink.Add(sqrt5 * (x3 - x4), [i3, i4], [sqrt5, -sqrt5], []);
        double d23 = x2 - 2 * x3;
        sink.Add(d23 * d23, [i2, i3], [2 * d23, -4 * d23], [2, -4, -4, 8]);
        double d14 = x1 - x4;
        sink.Add(sqrt10 * d14 * d14, [i1, i4], [2 * sqrt10 * d14, -2 * sqrt10 * d14], [2 * sqrt10, -2 * sqrt10, -2 * sqrt10, 2 * sqrt10]);
    }
}
