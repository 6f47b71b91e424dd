using System;
using AutoDiff.LeastSquares.Tests.Mgh;
using AutoDiff.LeastSquares.Tests.Nist;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>Box bounds: solutions on a bound satisfy the bound-constrained optimality conditions; inactive bounds change nothing; starts outside are clipped.</summary>
public sealed class BoundsTests
{
    [Fact]
    public void RosenbrockWithAnUpperBoundOnX1EndsOnTheBound()
    {
        // With x1 <= 0.5, f = 100 (x2 - x1^2)^2 + (1 - x1)^2 >= 0.25, reached only at (0.5, 0.25).
        ResidualProblem rosenbrock = ResidualProblem.All()[0];
        var bounds = new ParameterBounds([double.NegativeInfinity, double.NegativeInfinity], [0.5, double.PositiveInfinity]);
        LeastSquaresResult result = new LevenbergMarquardtSolver().Minimize(rosenbrock.Residuals, rosenbrock.Jacobian, 2, rosenbrock.Start, bounds);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(0.5, result.Parameters[0]);
        Assert.Equal(0.25, result.Parameters[1], 1e-8);
        Assert.Equal(0.25, result.ResidualSumOfSquares, 1e-12);
    }

    [Theory]
    [InlineData("Misra1a", 1, 5e-4, false)]   // certified b2 = 5.50e-4: an upper bound below it is active
    [InlineData("BoxBOD", 0, 250, true)]      // certified b1 = 213.8: a lower bound above it is active
    [InlineData("Thurber", 4, 1.0, true)]     // certified b5 = 0.966
    public void NistFitWithAnActiveBoundMeetsTheOptimalityConditions(string name, int bounded, double bound, bool isLower)
    {
        NistDataset data = NistDataset.Load(name);
        int n = data.Certified.Length;
        var lower = new double[n];
        var upper = new double[n];
        Array.Fill(lower, double.NegativeInfinity);
        Array.Fill(upper, double.PositiveInfinity);
        (isLower ? lower : upper)[bounded] = bound;
        double[] start = (double[])data.Starts[1].Clone();
        CurveFitResult fit = CurveFit.Fit(NistModels.For(name), data.X, data.Y, start, bounds: new ParameterBounds(lower, upper), options: NistTests.Options);

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(bound, fit.Parameters[bounded]);

        // The gradient of 1/2 RSS: zero in the free parameters, pointing out of the box in the bounded one.
        double[] gradient = CostGradient(NistModels.For(name), data, fit.Parameters);
        double scale = 0;
        for (int j = 0; j < n; j++)
        {
            scale = Math.Max(scale, Math.Abs(gradient[j] * Math.Max(Math.Abs(fit.Parameters[j]), 1e-3)));
        }

        for (int j = 0; j < n; j++)
        {
            if (j == bounded)
            {
                Assert.True(isLower ? gradient[j] > 0 : gradient[j] < 0, $"gradient {gradient[j]} does not push outward");
            }
            else
            {
                Assert.True(Math.Abs(gradient[j] * Math.Max(Math.Abs(fit.Parameters[j]), 1e-3)) <= 1e-6 * scale, $"free gradient {j}: {gradient[j]}");
            }
        }
    }

    [Fact]
    public void InactiveBoundsGiveTheUnboundedAnswer()
    {
        NistDataset data = NistDataset.Load("Misra1a");
        CurveFitResult free = CurveFit.Fit(NistModels.For("Misra1a"), data.X, data.Y, data.Starts[0], options: NistTests.Options);
        CurveFitResult boxed = CurveFit.Fit(NistModels.For("Misra1a"), data.X, data.Y, data.Starts[0],
            bounds: new ParameterBounds([0, 0], [1000, 1]), options: NistTests.Options);

        Assert.True(boxed.Converged);
        for (int j = 0; j < 2; j++)
        {
            Assert.True(NistDataset.Lre(boxed.Parameters[j], data.Certified[j]) >= 6);
            Assert.Equal(free.Parameters[j], boxed.Parameters[j], 1e-9 * Math.Abs(free.Parameters[j]));
        }
    }

    [Fact]
    public void AStartOutsideTheBoundsIsClippedOntoThem()
    {
        // Start 1 has b1 = 500; the box allows at most 300, so the run starts from (300, 1e-4) and still reaches the
        // certified values, which lie inside.
        NistDataset data = NistDataset.Load("Misra1a");
        var bounds = new ParameterBounds([0, 0], [300, 1]);
        CurveFitResult fit = CurveFit.Fit(NistModels.For("Misra1a"), data.X, data.Y, data.Starts[0], bounds: bounds, options: NistTests.Options);

        Assert.True(fit.Converged);
        Assert.True(NistDataset.Lre(fit.Parameters[0], data.Certified[0]) >= 6);
        Assert.True(NistDataset.Lre(fit.Parameters[1], data.Certified[1]) >= 6);
    }

    [Fact]
    public void EveryTrialPointStaysInsideTheBox()
    {
        ResidualProblem wood = Array.Find(ResidualProblem.All(), p => p.Name == "Wood")!;
        var bounds = new ParameterBounds([-4, -4, -4, -4], [0.9, 4, 4, 4]);
        bool outside = false;
        void Residuals(ReadOnlySpan<double> x, Span<double> r)
        {
            outside |= x[0] < -4 || x[0] > 0.9;
            wood.Residuals(x, r);
        }

        LeastSquaresResult result = new LevenbergMarquardtSolver().Minimize(Residuals, wood.Jacobian, wood.M, [5, -1, -3, -1], bounds);

        Assert.False(outside);
        Assert.True(result.Converged, result.ToString());
        Assert.Equal(0.9, result.Parameters[0]);
    }

    private static double[] CostGradient(ModelGradientFunction model, NistDataset data, double[] p)
    {
        var gradient = new double[p.Length];
        var row = new double[p.Length];
        for (int i = 0; i < data.X.Length; i++)
        {
            double r = model(p, data.X[i], row) - data.Y[i];
            for (int j = 0; j < p.Length; j++)
            {
                gradient[j] += r * row[j];
            }
        }

        return gradient;
    }
}
