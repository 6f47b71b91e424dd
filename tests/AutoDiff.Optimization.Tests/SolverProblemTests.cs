using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// Every solver reaches the known minimum of every MGH problem from the standard start (GD only on the easy ones), and
/// ends within twice the calls it needed to get there.
/// </summary>
public class SolverProblemTests(ITestOutputHelper output)
{
    /// <summary>Problems plain gradient descent can finish in a modest budget (the others are too ill-conditioned).</summary>
    private static readonly string[] EasyForGradientDescent = ["Rosenbrock (n = 2)", "Beale (n = 2)", "Broyden tridiagonal (n = 10)", "Powell singular (n = 4)"];

    public static IEnumerable<object[]> Cases()
    {
        var problems = ProblemCatalog.All().ToList();
        for (int i = 0; i < problems.Count; i++)
        {
            foreach (string solver in Solvers.All)
            {
                string name = problems[i].ToString();
                if (solver == "GD" && !EasyForGradientDescent.Contains(name))
                {
                    continue;
                }

                yield return [solver, i, name];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Solver_reaches_the_known_minimum(string solverName, int problemIndex, string problemName)
    {
        TestProblem problem = ProblemCatalog.All().ElementAt(problemIndex);
        var path = new List<(double Value, int Calls)>();
        OptimizationSolver solver = Solvers.Create(solverName, callback: state =>
        {
            path.Add((state.Value, state.Evaluations.Total));
            return CallbackAction.Continue;
        });
        OptimizationResult result = solver.Minimize(problem.Objective, problem.Start);
        output.WriteLine(result.ToString());

        double fStar = problem.MinimumValue;
        Assert.True(Math.Abs(result.Value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar)), $"{problemName}: f = {result.Value}, f* = {fStar}");
        if (fStar == 0 && solverName is "Newton" or "LBFGS")
        {
            Assert.True(result.Value <= 1e-10, $"{problemName}: f = {result.Value} > 1e-10");
        }

        // The reported value is the value at the reported point, and the counters are this run's.
        Assert.Equal(problem.Value(result.Minimizer), result.Value, 1e-12);
        Assert.True(result.Evaluations.Gradients >= result.Iterations);
        CallBudget.AssertAtMostTwiceTheCallsToReachTheFinalValue(path, result);
    }

    public static TheoryData<int, string> ProblemIndices()
    {
        var data = new TheoryData<int, string>();
        int i = 0;
        foreach (TestProblem problem in ProblemCatalog.All())
        {
            data.Add(i++, problem.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProblemIndices))]
    public void LbfgsB_in_a_wide_box_reaches_the_known_minimum(int problemIndex, string problemName)
    {
        TestProblem problem = ProblemCatalog.All().ElementAt(problemIndex);
        var path = new List<(double Value, int Calls)>();
        OptimizationResult result = Solvers.BoundedLbfgs(problem.Dimension, state =>
        {
            path.Add((state.Value, state.Evaluations.Total));
            return CallbackAction.Continue;
        }).Minimize(problem.Objective, problem.Start);
        output.WriteLine(result.ToString());

        double fStar = problem.MinimumValue;
        Assert.True(Math.Abs(result.Value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar)), $"{problemName}: f = {result.Value}, f* = {fStar}");
        Assert.True(fStar != 0 || result.Value <= 1e-10, $"{problemName}: f = {result.Value} > 1e-10");
        Assert.Equal(problem.Value(result.Minimizer), result.Value, 1e-12);
        CallBudget.AssertAtMostTwiceTheCallsToReachTheFinalValue(path, result);
    }
}
