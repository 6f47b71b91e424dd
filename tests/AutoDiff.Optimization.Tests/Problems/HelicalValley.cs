using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>
/// MGH 7: r1 = 10 (x3 - 10 theta), r2 = 10 (sqrt(x1^2 + x2^2) - 1), r3 = x3, with
/// theta = atan(x2 / x1) / (2 pi) (+ 1/2 when x1 &lt; 0). theta's derivatives are those of atan2 / (2 pi).
/// </summary>
public sealed class HelicalValley : TestProblem
{
    public override string Name => "Helical valley";

    public override double[] Start => [-1, 0, 0];

    public override double MinimumValue => 0;

    public override double[]? Minimizer => [1, 0, 0];

    protected override void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink)
    {
        double x1 = x[0], x2 = x[1], x3 = x[2];
        double theta = x1 > 0 ? Math.Atan(x2 / x1) / (2 * Math.PI)
            : x1 < 0 ? Math.Atan(x2 / x1) / (2 * Math.PI) + 0.5
            : 0.25 * Math.Sign(x2);
        double rho2 = x1 * x1 + x2 * x2;
        double rho = Math.Sqrt(rho2);
        double c = 1 / (2 * Math.PI * rho2);
        double theta1 = -x2 * c, theta2 = x1 * c;
        double c2 = 1 / (2 * Math.PI * rho2 * rho2);
        double theta11 = 2 * x1 * x2 * c2, theta22 = -2 * x1 * x2 * c2, theta12 = (x2 * x2 - x1 * x1) * c2;
        sink.Add(
            10 * (x3 - 10 * theta), [0, 1, 2], [-100 * theta1, -100 * theta2, 10],
            [-100 * theta11, -100 * theta12, 0, -100 * theta12, -100 * theta22, 0, 0, 0, 0]);

        double rho3 = rho2 * rho;
        sink.Add(
            10 * (rho - 1), [0, 1], [10 * x1 / rho, 10 * x2 / rho],
            [10 * x2 * x2 / rho3, -10 * x1 * x2 / rho3, -10 * x1 * x2 / rho3, 10 * x1 * x1 / rho3]);
        sink.Add(x3, [2], [1], []);
    }
}
