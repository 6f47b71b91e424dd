using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>MGH 22: Powell singular on each block of four variables.</summary>
public sealed class ExtendedPowellSingular(int n) : TestProblem
{
    public override string Name => "Extended Powell singular";

    public override double[] Start => Filled(n, i => (i % 4) switch { 0 => 3, 1 => -1, 2 => 0, _ => 1 });

    public override double MinimumValue => 0;

    public override double[]? Minimizer => new double[n];

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        for (int offset = 0; offset < n; offset += 4)
        {
            PowellSingular.AddBlock(x, offset, ref sink);
        }
    }
}
