using System;
using System.Linq;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// f = x^2/2 + rho y^2/2 from (1, 1): gradient descent zig-zags more as the condition number rho grows,
/// Newton rescales by the Hessian and needs one step, L-BFGS learns the curvature in a few.
/// </summary>
public class QuadraticConditioningTests
{
    private static readonly double[] Rhos = [1, 10, 100, 1000];
    private static readonly double[] Start = [1, 1];

    internal static Objective Quadratic(double rho) => new(
        x => 0.5 * x[0] * x[0] + 0.5 * rho * x[1] * x[1],
        (x, g) =>
        {
            g[0] = x[0];
            g[1] = rho * x[1];
            return 0.5 * x[0] * x[0] + 0.5 * rho * x[1] * x[1];
        },
        (x, v, hv) =>
        {
            hv[0] = v[0];
            hv[1] = rho * v[1];
            return 0.5 * x[0] * x[0] + 0.5 * rho * x[1] * x[1];
        });

    private static readonly StoppingCriteria Tight = new() { SquaredGradientTolerance = 1e-20, MaxIterations = 100_000 };

    [Fact]
    public void Gradient_descent_with_line_search_needs_more_iterations_as_rho_grows()
    {
        // Start at (1, 1/rho), where the gradient is (1, 1): the classic worst case for steepest descent with (near-)exact
        // line searches, which then contracts by (rho - 1)/(rho + 1) per step. From (1, 1) a lucky first step can
        // almost remove the y error, which hides the effect.
        var solver = new GradientDescentSolver(new GradientDescentOptions { Stopping = Tight });
        int[] iterations = Rhos.Select(rho => solver.Minimize(Quadratic(rho), [1, 1 / rho])).Select(r =>
        {
            Assert.True(r.Converged, r.ToString());
            return r.Iterations;
        }).ToArray();

        for (int i = 1; i < iterations.Length; i++)
        {
            Assert.True(iterations[i] > iterations[i - 1], string.Join(", ", iterations));
        }

        Assert.True(iterations[^1] > 10 * iterations[0], string.Join(", ", iterations));
    }

    [Fact]
    public void Gradient_descent_with_the_step_one_over_rho_needs_about_rho_log_one_over_eps_iterations()
    {
        int[] iterations = Rhos.Select(rho =>
        {
            var options = new GradientDescentOptions { Stopping = Tight, StepSchedule = new ConstantStepSchedule(1 / rho) };
            OptimizationResult result = new GradientDescentSolver(options).Minimize(Quadratic(rho), Start);
            Assert.True(result.Converged, result.ToString());
            return result.Iterations;
        }).ToArray();

        // x shrinks by (1 - 1/rho) per step, so reaching |x| <= 1e-10 takes about rho * ln(1e10) steps.
        for (int i = 1; i < iterations.Length; i++)
        {
            Assert.True(iterations[i] > iterations[i - 1], string.Join(", ", iterations));
            Assert.InRange(iterations[i], 0.8 * Rhos[i] * Math.Log(1e10), 1.2 * Rhos[i] * Math.Log(1e10));
        }
    }

    [Fact]
    public void Newton_takes_one_step_for_every_rho()
    {
        foreach (double rho in Rhos)
        {
            OptimizationResult result = new NewtonSolver(new NewtonOptions { Stopping = Tight }).Minimize(Quadratic(rho), Start);
            Assert.True(result.Converged, result.ToString());
            Assert.Equal(1, result.Iterations);
            Assert.Equal(0, result.Minimizer[0], 1e-14);
            Assert.Equal(0, result.Minimizer[1], 1e-14);
            Assert.Equal(2, result.Evaluations.HessianVectorProducts); // the Hessian of a 2-D problem from 2 products
        }
    }

    [Fact]
    public void Newton_CG_needs_a_few_steps_for_every_rho()
    {
        // Not one: the forcing sequence deliberately stops the inner CG early while ||g|| is large.
        foreach (double rho in Rhos)
        {
            OptimizationResult result = new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { Stopping = Tight })
                .Minimize(Quadratic(rho), Start);
            Assert.True(result.Converged, result.ToString());
            Assert.InRange(result.Iterations, 1, 4);
        }
    }

    [Fact]
    public void Lbfgs_needs_a_few_iterations_for_every_rho()
    {
        foreach (double rho in Rhos)
        {
            OptimizationResult result = new LbfgsSolver(new LbfgsOptions { Stopping = Tight }).Minimize(Quadratic(rho), Start);
            Assert.True(result.Converged, result.ToString());
            Assert.InRange(result.Iterations, 1, 8);
        }
    }
}
