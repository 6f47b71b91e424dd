using System;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>Runs that stop early say so, return the best point found, and never claim convergence.</summary>
public class HonestResultTests
{
    public static TheoryData<string> SolverNames() => new(Solvers.All);

    [Theory]
    [MemberData(nameof(SolverNames))]
    public void Tiny_iteration_budget_returns_best_point_and_is_not_converged(string solverName)
    {
        var problem = new Rosenbrock();
        OptimizationResult result = Solvers.Create(solverName, maxIterations: 3).Minimize(problem.Objective, problem.Start);

        Assert.False(result.Converged);
        Assert.Equal(TerminationReason.MaxIterations, result.Reason);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(problem.Value(result.Minimizer), result.Value, 1e-12);
        Assert.True(result.Value < problem.Value(problem.Start)); // progress was made and kept
        Assert.True(result.Value > 1e-3);                          // and it is honestly far from f* = 0
        var gradient = new double[2];
        problem.Gradient(result.Minimizer, gradient);
        Assert.Equal(Math.Sqrt(gradient.Sum(g => g * g)), result.GradientNorm, 1e-9);
    }

    [Theory]
    [MemberData(nameof(SolverNames))]
    public void Zero_iterations_returns_the_start(string solverName)
    {
        var problem = new Beale();
        OptimizationResult result = Solvers.Create(solverName, maxIterations: 0).Minimize(problem.Objective, problem.Start);

        Assert.Equal(TerminationReason.MaxIterations, result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(problem.Start, result.Minimizer);
        Assert.Equal(new EvaluationCounts(0, 1, 0, 0), result.Evaluations);
    }

    [Theory]
    [MemberData(nameof(SolverNames))]
    public void Converged_runs_meet_the_gradient_test_they_report(string solverName)
    {
        var problem = new Beale();
        OptimizationResult result = Solvers.Create(solverName).Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged);
        Assert.Equal(TerminationReason.SquaredGradientTolerance, result.Reason);
        Assert.True(result.GradientNorm * result.GradientNorm <= 1e-16);
    }

    [Fact]
    public void Objective_that_is_NaN_at_the_start_reports_it_and_returns_the_start()
    {
        var objective = new Objective(_ => double.NaN, (_, g) =>
        {
            g.Fill(double.NaN);
            return double.NaN;
        });
        OptimizationResult result = new LbfgsSolver().Minimize(objective, [1.0, 2.0]);

        Assert.Equal(TerminationReason.NonFiniteObjective, result.Reason);
        Assert.False(result.Converged);
        Assert.Equal([1.0, 2.0], result.Minimizer);
        Assert.Equal(0, result.Iterations);
    }

    public static TheoryData<string> LineSearchSolverNames() => new(["GD", "Newton", "NewtonCG", "CG", "LBFGS"]);

    [Theory]
    [MemberData(nameof(LineSearchSolverNames))]
    public void NaN_outside_a_domain_never_reaches_the_iterate(string solverName)
    {
        // sum (x_i - 3)^2 but NaN once any x_i > 2.5: the minimiser lies outside the domain, so no solver can converge.
        static bool Outside(ReadOnlySpan<double> x) => x[0] > 2.5 || x[1] > 2.5;
        var objective = new Objective(
            x => Outside(x) ? double.NaN : (x[0] - 3) * (x[0] - 3) + (x[1] - 3) * (x[1] - 3),
            (x, g) =>
            {
                if (Outside(x))
                {
                    g.Fill(double.NaN);
                    return double.NaN;
                }

                g[0] = 2 * (x[0] - 3);
                g[1] = 2 * (x[1] - 3);
                return (x[0] - 3) * (x[0] - 3) + (x[1] - 3) * (x[1] - 3);
            },
            (x, v, hv) =>
            {
                hv[0] = 2 * v[0];
                hv[1] = 2 * v[1];
                return Outside(x) ? double.NaN : (x[0] - 3) * (x[0] - 3) + (x[1] - 3) * (x[1] - 3);
            });

        OptimizationResult result = Solvers.Create(solverName, maxIterations: 200).Minimize(objective, [0.0, -1.0]);

        Assert.False(result.Converged);
        Assert.All(result.Minimizer, v => Assert.True(double.IsFinite(v) && v <= 2.5));
        Assert.True(double.IsFinite(result.Value));
        Assert.True(result.Value < 9 + 16);
    }

    [Fact]
    public void Diverging_fixed_step_stops_on_infinity_and_returns_the_best_point()
    {
        // Step 1.5 on x^2 maps x to -2x: the iterates blow up until f overflows to infinity.
        var objective = new Objective(x => x[0] * x[0], (x, g) =>
        {
            g[0] = 2 * x[0];
            return x[0] * x[0];
        });
        var options = new GradientDescentOptions { StepSchedule = new ConstantStepSchedule(1.5), Stopping = new StoppingCriteria { MaxIterations = 10_000 } };
        OptimizationResult result = new GradientDescentSolver(options).Minimize(objective, [1.0]);

        Assert.Equal(TerminationReason.NonFiniteObjective, result.Reason);
        Assert.False(result.Converged);
        Assert.Equal([1.0], result.Minimizer); // the start was the best point seen
        Assert.Equal(1.0, result.Value);
        Assert.True(result.Iterations > 100);
    }

    public static TheoryData<string, double> UnboundedCases()
    {
        var data = new TheoryData<string, double>();
        foreach (string solver in Solvers.All)
        {
            // Gradient descent's step guess alpha_{k-1} ||g_{k-1}||^2 / ||g_k||^2 shrinks as fast as x grows on
            // -(x^2 + y^2), and the trust regions (the trust-region solver's, and dense Newton's where H is indefinite,
            // as here everywhere) move at most 1000 per step, so these need the steep version to get anywhere near
            // overflow in a test's budget.
            if (solver is not "GD" and not "TrustRegion" and not "Newton")
            {
                data.Add(solver, 1);
            }

            data.Add(solver, 1e150);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnboundedCases))]
    public void Objective_unbounded_below_ends_with_NonFiniteObjective_instead_of_throwing(string solverName, double scale)
    {
        // f = -scale (x^2 + y^2) from (1, 1): every solver runs downhill until ||g||^2 (or g'p) overflows although g
        // is finite: a numerical event in the objective, reported in the result with the best finite point, never
        // an ArgumentException from the line search.
        var objective = new Objective(
            x => -scale * (x[0] * x[0] + x[1] * x[1]),
            (x, g) =>
            {
                g[0] = -2 * scale * x[0];
                g[1] = -2 * scale * x[1];
                return -scale * (x[0] * x[0] + x[1] * x[1]);
            },
            (x, v, hv) =>
            {
                hv[0] = -2 * scale * v[0];
                hv[1] = -2 * scale * v[1];
                return -scale * (x[0] * x[0] + x[1] * x[1]);
            });

        OptimizationResult result = Solvers.Create(solverName, maxIterations: 100_000).Minimize(objective, [1.0, 1.0]);

        Assert.Equal(TerminationReason.NonFiniteObjective, result.Reason);
        Assert.False(result.Converged);
        Assert.All(result.Minimizer, v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(result.Value));
        Assert.Equal(objective.Value(result.Minimizer), result.Value);
        Assert.True(result.Value <= -2 * scale, $"f = {result.Value}"); // no worse than the start
        if (scale == 1)
        {
            Assert.True(result.Value < -1e10, $"f = {result.Value}"); // and far downhill where the run could move
        }
    }

    [Fact]
    public void ToString_summarises_status_point_measures_and_counters()
    {
        var problem = new Rosenbrock();
        string converged = new LbfgsSolver().Minimize(problem.Objective, problem.Start).ToString();
        string stopped = Solvers.Create("LBFGS", maxIterations: 2).Minimize(problem.Objective, problem.Start).ToString();

        Assert.StartsWith("L-BFGS: converged (SquaredGradientTolerance", converged);
        Assert.Contains("minimizer:      [1, 1]", converged);
        Assert.Contains("iterations:", converged);
        Assert.Contains("evaluations:    f 0, g ", converged);
        Assert.StartsWith("L-BFGS: did not converge (MaxIterations: reached the limit of 2 iterations)", stopped);
    }
}
