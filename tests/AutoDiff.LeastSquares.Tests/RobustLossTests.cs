using System;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>
/// Robust losses: the reported cost is 1/2 sum C^2 rho((r/C)^2) with scipy's rho; the solution is the minimiser of
/// that cost (checked against L-BFGS on the same cost, written out here independently); outliers stop pulling the fit.
/// </summary>
public sealed class RobustLossTests
{
    private static readonly (double[] X, double[] Y) Data = LineWithOutliers();

    [Theory]
    [InlineData(RobustLoss.Huber)]
    [InlineData(RobustLoss.SoftL1)]
    [InlineData(RobustLoss.Cauchy)]
    [InlineData(RobustLoss.Arctan)]
    public void RobustFitIgnoresOutliersAndMinimisesTheRobustCost(RobustLoss loss)
    {
        var options = new LevenbergMarquardtOptions { Loss = loss, LossScale = 0.5, FunctionTolerance = 1e-14, StepTolerance = 1e-14 };
        CurveFitResult plain = CurveFit.Fit(TestModels.LineGradient, Data.X, Data.Y, [0, 0]);
        CurveFitResult robust = CurveFit.Fit(TestModels.LineGradient, Data.X, Data.Y, [0, 0], options: options);

        Assert.True(robust.Converged, robust.ToString());
        // The outliers drag the least-squares intercept far from 1; the robust fits stay near the true line.
        Assert.True(Math.Abs(plain.Parameters[0] - 1) > 1, $"least squares intercept {plain.Parameters[0]}");
        Assert.Equal(1, robust.Parameters[0], 0.1);
        Assert.Equal(2, robust.Parameters[1], 0.02);

        Assert.Equal(Cost(loss, 0.5, robust.Parameters), robust.Result.Cost, 1e-10);

        // The same cost minimised by L-BFGS from its own gradient: the same point.
        var objective = new Objective(p => Cost(loss, 0.5, p), (p, g) => CostWithGradient(loss, 0.5, p, g));
        OptimizationResult lbfgs = new LbfgsSolver(new LbfgsOptions { Stopping = new StoppingCriteria { SquaredGradientTolerance = 1e-20 } })
            .Minimize(objective, [1, 2]);
        Assert.Equal(lbfgs.Minimizer[0], robust.Parameters[0], 1e-6);
        Assert.Equal(lbfgs.Minimizer[1], robust.Parameters[1], 1e-6);
    }

    [Fact]
    public void LinearLossCostIsHalfTheResidualSumOfSquares()
    {
        CurveFitResult fit = CurveFit.Fit(TestModels.LineGradient, Data.X, Data.Y, [0, 0]);
        Assert.Equal(0.5 * fit.Result.ResidualSumOfSquares, fit.Result.Cost, 1e-12);
        Assert.Equal(Cost(RobustLoss.Linear, 1, fit.Parameters), fit.Result.Cost, 1e-9);
    }

    /// <summary>scipy's rho(z), written out independently of the runtime.</summary>
    private static double Rho(RobustLoss loss, double z) => loss switch
    {
        RobustLoss.Huber => z <= 1 ? z : 2 * Math.Sqrt(z) - 1,
        RobustLoss.SoftL1 => 2 * (Math.Sqrt(1 + z) - 1),
        RobustLoss.Cauchy => Math.Log(1 + z),
        RobustLoss.Arctan => Math.Atan(z),
        _ => z,
    };

    private static double RhoPrime(RobustLoss loss, double z) => loss switch
    {
        RobustLoss.Huber => z <= 1 ? 1 : 1 / Math.Sqrt(z),
        RobustLoss.SoftL1 => 1 / Math.Sqrt(1 + z),
        RobustLoss.Cauchy => 1 / (1 + z),
        RobustLoss.Arctan => 1 / (1 + z * z),
        _ => 1,
    };

    private static double Cost(RobustLoss loss, double c, ReadOnlySpan<double> p)
    {
        double sum = 0;
        for (int i = 0; i < Data.X.Length; i++)
        {
            double r = (p[0] + p[1] * Data.X[i] - Data.Y[i]) / c;
            sum += Rho(loss, r * r);
        }

        return 0.5 * c * c * sum;
    }

    private static double CostWithGradient(RobustLoss loss, double c, ReadOnlySpan<double> p, Span<double> g)
    {
        g.Clear();
        for (int i = 0; i < Data.X.Length; i++)
        {
            double r = p[0] + p[1] * Data.X[i] - Data.Y[i];
            double weight = RhoPrime(loss, r / c * (r / c));
            g[0] += weight * r;
            g[1] += weight * r * Data.X[i];
        }

        return Cost(loss, c, p);
    }

    private static (double[] X, double[] Y) LineWithOutliers()
    {
        var random = new Random(7);
        var x = new double[40];
        var y = new double[40];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i * 0.25;
            y[i] = 1 + 2 * x[i] + 0.1 * (random.NextDouble() - 0.5);
            if (i % 8 == 3)
            {
                y[i] += 30; // outliers, all on one side
            }
        }

        return (x, y);
    }
}
