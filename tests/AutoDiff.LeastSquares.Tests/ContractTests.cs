using System;
using System.Threading;
using AutoDiff.LeastSquares.Tests.Mgh;
using AutoDiff.LeastSquares.Tests.Nist;
using AutoDiff.Optimization;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>The result contract: bad arguments throw naming the argument; budgets, NaN, cancellation end a run honestly; counts are exact.</summary>
public sealed class ContractTests
{
    private static readonly ResidualProblem Rosenbrock = ResidualProblem.All()[0];

    [Fact]
    public void BadArgumentsThrowNamingTheArgument()
    {
        var lm = new LevenbergMarquardtSolver();
        Assert.Equal("residuals", Assert.Throws<ArgumentNullException>(() => lm.Minimize(null!, Rosenbrock.Jacobian, 2, [1.0, 1.0])).ParamName);
        Assert.Equal("jacobian", Assert.Throws<ArgumentNullException>(() => lm.Minimize(Rosenbrock.Residuals, null!, 2, [1.0, 1.0])).ParamName);
        Assert.Equal("residualCount", Assert.Throws<ArgumentOutOfRangeException>(() => lm.Minimize(Rosenbrock.Residuals, Rosenbrock.Jacobian, 0, [1.0, 1.0])).ParamName);
        Assert.Equal("initialGuess", Assert.Throws<ArgumentException>(() => lm.Minimize(Rosenbrock.Residuals, Rosenbrock.Jacobian, 2, ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("initialGuess", Assert.Throws<ArgumentException>(() => lm.Minimize(Rosenbrock.Residuals, Rosenbrock.Jacobian, 2, [double.NaN, 1.0])).ParamName);
        Assert.Equal("bounds", Assert.Throws<ArgumentException>(() => lm.Minimize(Rosenbrock.Residuals, Rosenbrock.Jacobian, 2, [1.0, 1.0], new ParameterBounds([0.0], [1.0]))).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => new ParameterBounds([0.0, 2.0], [1.0, 1.0])).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => new ParameterBounds([0.0], [1.0, 1.0])).ParamName);
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => new ParameterBounds([double.NaN], [1.0])).ParamName);
        Assert.Equal("FunctionTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new LevenbergMarquardtSolver(new LevenbergMarquardtOptions { FunctionTolerance = -1 })).ParamName);
        Assert.Equal("LossScale", Assert.Throws<ArgumentOutOfRangeException>(() => new LevenbergMarquardtSolver(new LevenbergMarquardtOptions { LossScale = 0 })).ParamName);
        Assert.Equal("MaxResidualEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new LevenbergMarquardtSolver(new LevenbergMarquardtOptions { MaxResidualEvaluations = -1 })).ParamName);
        Assert.Equal("Loss", Assert.Throws<ArgumentOutOfRangeException>(() => new LevenbergMarquardtSolver(new LevenbergMarquardtOptions { Loss = (RobustLoss)42 })).ParamName);
        Assert.Equal("StepTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new PowellHybridSolver(new PowellHybridOptions { StepTolerance = double.NaN })).ParamName);
        Assert.Equal("initialGuess", Assert.Throws<ArgumentException>(() => new PowellHybridSolver().Solve(Rosenbrock.Residuals, Rosenbrock.Jacobian, ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("equations", Assert.Throws<ArgumentNullException>(() => new PowellHybridSolver().Solve(null!, Rosenbrock.Jacobian, [1.0, 1.0])).ParamName);

        double[] x = [1, 2, 3];
        Assert.Equal("modelGradient", Assert.Throws<ArgumentNullException>(() => CurveFit.Fit(null!, x, x, [1.0, 1.0])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => CurveFit.Fit(TestModels.LineGradient, [], [], [1.0, 1.0])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => CurveFit.Fit(TestModels.LineGradient, x, [1.0, 2.0], [1.0, 1.0])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => CurveFit.Fit(TestModels.LineGradient, x, [1.0, 2.0, double.PositiveInfinity], [1.0, 1.0])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => CurveFit.Fit(TestModels.LineGradient, x, x, [1.0, 1.0], [1.0, 0.0, 1.0])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => CurveFit.Fit(TestModels.LineGradient, x, x, [1.0, 1.0], [1.0, 1.0])).ParamName);
    }

    [Fact]
    public void CountsAreTheCallsMade()
    {
        int residualCalls = 0, jacobianCalls = 0;
        LeastSquaresResult result = new LevenbergMarquardtSolver().Minimize(
            (p, r) => { residualCalls++; Rosenbrock.Residuals(p, r); },
            (p, j) => { jacobianCalls++; Rosenbrock.Jacobian(p, j); },
            2, Rosenbrock.Start);

        Assert.Equal(residualCalls, result.ResidualEvaluations);
        Assert.Equal(jacobianCalls, result.JacobianEvaluations);
        Assert.True(result.Iterations >= 1 && result.Iterations < result.ResidualEvaluations);
    }

    [Fact]
    public void TheEvaluationBudgetEndsTheRunWithoutThrowing()
    {
        NistDataset data = NistDataset.Load("MGH17");
        CurveFitResult fit = CurveFit.Fit(NistModels.For("MGH17"), data.X, data.Y, data.Starts[0],
            options: new LevenbergMarquardtOptions { MaxResidualEvaluations = 10 });

        Assert.False(fit.Converged);
        Assert.Equal(TerminationReason.MaxEvaluations, fit.Result.Reason);
        Assert.Equal(10, fit.Result.ResidualEvaluations);
        Assert.Contains("did not converge", fit.ToString());
    }

    [Fact]
    public void NonFiniteResidualsAtTheStartEndTheRunAndAtTrialPointsShrinkTheStep()
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = 3 * Math.Sqrt(6 - x[i]);
        }

        // p1 = 1 < x: sqrt of a negative number at the start.
        CurveFitResult bad = CurveFit.Fit(TestModels.SquareRootGradient, x, y, [1, 1]);
        Assert.Equal(TerminationReason.NonFiniteObjective, bad.Result.Reason);
        Assert.False(bad.Converged);

        // From (1, 4.5) a full step overshoots into NaN territory; the region shrinks and the fit still arrives.
        CurveFitResult good = CurveFit.Fit(TestModels.SquareRootGradient, x, y, [1, 4.5]);
        Assert.True(good.Converged, good.ToString());
        Assert.Equal(3, good.Parameters[0], 1e-8);
        Assert.Equal(6, good.Parameters[1], 1e-8);
    }

    [Fact]
    public void ACancelledTokenStopsAfterTheFirstStep()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        NistDataset data = NistDataset.Load("Thurber");
        CurveFitResult fit = CurveFit.Fit(NistModels.For("Thurber"), data.X, data.Y, data.Starts[0], cancellationToken: cancelled.Token);
        Assert.Equal(TerminationReason.Cancelled, fit.Result.Reason);
        Assert.Equal(2, fit.Result.ResidualEvaluations);
    }

    [Fact]
    public void MathNetVectorsInAndOut()
    {
        NistDataset data = NistDataset.Load("Misra1a");
        CurveFitResult spans = CurveFit.Fit(NistModels.For("Misra1a"), data.X, data.Y, data.Starts[1]);
        CurveFitResult vectors = CurveFit.Fit(NistModels.For("Misra1a"), Vector<double>.Build.DenseOfArray(data.X),
            Vector<double>.Build.DenseOfArray(data.Y), Vector<double>.Build.DenseOfArray(data.Starts[1]));
        Assert.Equal(spans.Parameters, vectors.Parameters);
        Assert.Equal(spans.Result.ParameterVector, vectors.Result.ParameterVector);

        LeastSquaresResult lm = new LevenbergMarquardtSolver().Minimize(Rosenbrock.Residuals, Rosenbrock.Jacobian, 2, Vector<double>.Build.DenseOfArray(Rosenbrock.Start));
        LeastSquaresResult hybrid = new PowellHybridSolver().Solve(Rosenbrock.Residuals, Rosenbrock.Jacobian, Vector<double>.Build.DenseOfArray(Rosenbrock.Start));
        Assert.Equal(1, lm.ParameterVector[0], 1e-10);
        Assert.Equal(1, hybrid.ParameterVector[1], 1e-10);
    }

    [Fact]
    public void FewerResidualsThanParametersIsSolvedAndHasNoCovariance()
    {
        // One residual r = x0 + 2 x1 - 3 in two unknowns: any point on the line is a solution (J is padded to 2 x 2).
        LeastSquaresResult result = new LevenbergMarquardtSolver().Minimize(
            (x, r) => r[0] = x[0] + 2 * x[1] - 3,
            (x, j) => { j[0] = 1; j[1] = 2; },
            1, [10.0, -4.0]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(3, result.Parameters[0] + 2 * result.Parameters[1], 1e-12);
        Assert.False(result.Uncertainty!.IsAvailable);
        Assert.Equal(1, result.Uncertainty.Rank);
    }

    [Fact]
    public void ASystemWithoutARootStopsWithoutConverging()
    {
        // F(x) = (x0^2 + 1, x1): ||F|| has its minimum 1 at the origin, and no root.
        LeastSquaresResult result = new PowellHybridSolver().Solve(
            (x, f) => { f[0] = x[0] * x[0] + 1; f[1] = x[1]; },
            (x, j) => { j[0] = 2 * x[0]; j[1] = 0; j[2] = 0; j[3] = 1; },
            [1.0, 1.0]);

        Assert.False(result.Converged);
        Assert.True(result.Reason is TerminationReason.Stalled or TerminationReason.MaxEvaluations, result.ToString());
        Assert.Equal(1, result.ResidualSumOfSquares, 1e-6);
    }
}
