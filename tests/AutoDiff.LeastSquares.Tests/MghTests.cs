using System;
using AutoDiff.LeastSquares.Tests.Mgh;
using AutoDiff.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>
/// The MGH problems in residual form: Levenberg-Marquardt (MINPACK defaults) and the Powell hybrid method (on the
/// square ones with a root) reach the known minimum; the evaluation counts, and L-BFGS's on the same sum of squares, are printed
/// (README, "Least squares").
/// </summary>
public sealed class MghTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (ResidualProblem problem in ResidualProblem.All())
        {
            names.Add(problem.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LevenbergMarquardtReachesTheKnownMinimum(string name)
    {
        ResidualProblem problem = Array.Find(ResidualProblem.All(), p => p.Name == name)!;
        LeastSquaresResult result = new LevenbergMarquardtSolver()
            .Minimize(problem.Residuals, problem.Jacobian, problem.M, problem.Start);
        OptimizationResult lbfgs = new LbfgsSolver().Minimize(problem.ToObjective(), problem.Start);
        output.WriteLine(result.ToString());
        output.WriteLine($"L-BFGS on sum r^2: f {lbfgs.Value:G6}, evaluations f {lbfgs.Evaluations.Values} g {lbfgs.Evaluations.Gradients}, {lbfgs.Reason}");

        Assert.True(result.Converged, result.Message);
        double f = result.ResidualSumOfSquares;
        Assert.True(
            problem.Minimum == 0 ? f <= 1e-10 : Math.Abs(f - problem.Minimum) <= 1e-6 * Math.Max(1, problem.Minimum),
            $"sum r^2 = {f:G6}, expected {problem.Minimum}");
        Assert.Equal(2 * result.Cost, f, 1e-12 * Math.Max(1, f));
    }

    /// <summary>The square problems with a root (F(x) = 0 systems); Chebyquad n = 8 has none (f* &gt; 0).</summary>
    public static TheoryData<string> SquareSystems()
    {
        var names = new TheoryData<string>();
        foreach (ResidualProblem problem in ResidualProblem.All())
        {
            if (problem.M == problem.N && problem.Minimum == 0)
            {
                names.Add(problem.Name);
            }
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(SquareSystems))]
    public void PowellHybridSolvesTheSquareSystems(string name)
    {
        ResidualProblem problem = Array.Find(ResidualProblem.All(), p => p.Name == name)!;

        LeastSquaresResult result = new PowellHybridSolver().Solve(problem.Residuals, problem.Jacobian, problem.Start);
        output.WriteLine(result.ToString());

        Assert.True(result.Converged, result.Message);
        Assert.True(result.ResidualSumOfSquares <= 1e-10, $"||F||^2 = {result.ResidualSumOfSquares:G6}");
        Assert.Null(result.Uncertainty);
    }
}
