using System;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>Specific behaviours of individual solvers: Hessian modification, negative curvature, line-search choices, memory.</summary>
public class SolverFeatureTests
{
    /// <summary>f = x^4/4 - x^2/2 + y^2: a saddle at the origin, minima at (+-1, 0) with f = -1/4.</summary>
    private static readonly Objective DoubleWell = new(
        x => Math.Pow(x[0], 4) / 4 - x[0] * x[0] / 2 + x[1] * x[1],
        (x, g) =>
        {
            g[0] = x[0] * x[0] * x[0] - x[0];
            g[1] = 2 * x[1];
            return Math.Pow(x[0], 4) / 4 - x[0] * x[0] / 2 + x[1] * x[1];
        },
        (x, v, hv) =>
        {
            hv[0] = (3 * x[0] * x[0] - 1) * v[0];
            hv[1] = 2 * v[1];
            return Math.Pow(x[0], 4) / 4 - x[0] * x[0] / 2 + x[1] * x[1];
        });

    [Fact]
    public void Newton_takes_a_trust_region_step_on_an_indefinite_Hessian_and_descends_to_a_minimum_not_the_saddle()
    {
        // At (0.1, 1) the Hessian diag(3 x^2 - 1, 2) is indefinite: the plain Newton step would head for the saddle;
        // the More-Sorensen step follows the negative curvature instead.
        OptimizationResult result = new NewtonSolver().Minimize(DoubleWell, [0.1, 1.0]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(1, result.Minimizer[0], 1e-8);
        Assert.Equal(0, result.Minimizer[1], 1e-8);
        Assert.Equal(-0.25, result.Value, 1e-12);
    }

    [Fact]
    public void Newton_takes_the_trust_region_step_when_Cholesky_fails_although_the_diagonal_is_positive()
    {
        // f = x^4 + y^4 + 4xy: at (0.5, -0.3) H = [[3, 4], [4, 1.08]] has a positive diagonal but is indefinite, so
        // only the failed Cholesky tells; the More-Sorensen step then needs lambda above -lambda_1 = 1.62 (its bracket
        // starts at max(0, -min diag) = 0). Minima at (1, -1) and (-1, 1) with f = -2.
        var objective = new Objective(
            x => Math.Pow(x[0], 4) + Math.Pow(x[1], 4) + 4 * x[0] * x[1],
            (x, g) =>
            {
                g[0] = 4 * Math.Pow(x[0], 3) + 4 * x[1];
                g[1] = 4 * Math.Pow(x[1], 3) + 4 * x[0];
                return Math.Pow(x[0], 4) + Math.Pow(x[1], 4) + 4 * x[0] * x[1];
            },
            hessian: (x, h) =>
            {
                h[0] = 12 * x[0] * x[0];
                h[1] = 4;
                h[2] = 4;
                h[3] = 12 * x[1] * x[1];
                return Math.Pow(x[0], 4) + Math.Pow(x[1], 4) + 4 * x[0] * x[1];
            });

        OptimizationResult result = new NewtonSolver().Minimize(objective, [0.5, -0.3]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(-2, result.Value, 1e-12);
        Assert.Equal(1, result.Minimizer[0], 1e-8);
        Assert.Equal(-1, result.Minimizer[1], 1e-8);
        Assert.Equal(result.Iterations, result.Evaluations.Hessians);
    }

    [Fact]
    public void Newton_CG_stops_on_negative_curvature_and_still_descends()
    {
        OptimizationResult result = new NewtonConjugateGradientSolver().Minimize(DoubleWell, [0.1, 1.0]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(1, Math.Abs(result.Minimizer[0]), 1e-8);
        Assert.Equal(-0.25, result.Value, 1e-12);
    }

    [Theory]
    [InlineData("weak", false)]
    [InlineData("armijo", false)]
    [InlineData("strong", false)]
    [InlineData("weak", true)]
    [InlineData("armijo", true)]
    [InlineData("strong", true)]
    public void Lbfgs_works_with_every_line_search(string lineSearch, bool bounded)
    {
        // Bounded: L-BFGS-B in [-2, 2]^10 (x* = 1 inside); only the strong Wolfe search is capped at the box's edge, the
        // others see the path projected onto the box.
        var problem = new ExtendedRosenbrock(10);
        ILineSearch search = lineSearch switch
        {
            "weak" => new WeakWolfeLineSearch(),
            "armijo" => new ArmijoLineSearch(), // no curvature guarantee: s'y <= 0 pairs are skipped
            _ => new StrongWolfeLineSearch(),
        };
        var options = new LbfgsOptions
        {
            LineSearch = search,
            Stopping = new StoppingCriteria { MaxIterations = 2000 },
            Bounds = bounded ? new BoxBounds(Enumerable.Repeat(-2.0, 10).ToArray(), Enumerable.Repeat(2.0, 10).ToArray()) : null,
        };
        OptimizationResult result = new LbfgsSolver(options).Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged, result.ToString());
        Assert.True(result.Value <= 1e-10);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(10, false)]
    [InlineData(30, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(10, true)]
    [InlineData(30, true)]
    public void Lbfgs_converges_for_any_memory(int memory, bool bounded)
    {
        // Bounded: L-BFGS-B in [-2, 2]^100, where W = [Y, theta S] has up to 2m = 60 columns.
        var problem = new ExtendedRosenbrock(100);
        BoxBounds? box = bounded ? new BoxBounds(Enumerable.Repeat(-2.0, 100).ToArray(), Enumerable.Repeat(2.0, 100).ToArray()) : null;
        OptimizationResult result = new LbfgsSolver(new LbfgsOptions { Memory = memory, Bounds = box, Stopping = new StoppingCriteria { MaxIterations = 5000 } })
            .Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged, result.ToString());
        Assert.True(result.Value <= 1e-10);
    }

    [Fact]
    public void Conjugate_gradient_with_frequent_restarts_still_converges()
    {
        var problem = new Wood();
        var options = new ConjugateGradientOptions { RestartInterval = 2, Stopping = new StoppingCriteria { MaxIterations = 20_000 } };
        OptimizationResult result = new ConjugateGradientSolver(options).Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged, result.ToString());
        Assert.True(result.Value <= 1e-10);
    }

    [Fact]
    public void Gradient_descent_with_strong_Wolfe_line_search()
    {
        var problem = new Beale();
        var options = new GradientDescentOptions { LineSearch = new StrongWolfeLineSearch { C2 = 0.1 }, Stopping = new StoppingCriteria { MaxIterations = 20_000 } };
        OptimizationResult result = new GradientDescentSolver(options).Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(3, result.Minimizer[0], 1e-6);
        Assert.Equal(0.5, result.Minimizer[1], 1e-6);
    }
}
