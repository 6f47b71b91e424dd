using System;
using System.Linq;
using System.Threading.Tasks;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>Evaluation counters belong to one run; runs are deterministic; the iteration loop does not allocate.</summary>
public class EvaluationAndAllocationTests
{
    [Fact]
    public void Counters_match_the_delegate_calls_and_are_per_run()
    {
        var problem = new Rosenbrock();
        int values = 0, gradients = 0, products = 0;
        var objective = new Objective(
            x =>
            {
                values++;
                return problem.Value(x);
            },
            (x, g) =>
            {
                gradients++;
                return problem.Gradient(x, g);
            },
            (x, v, hv) =>
            {
                products++;
                return problem.HessianVectorProduct(x, v, hv);
            });

        var solver = new NewtonConjugateGradientSolver();
        OptimizationResult first = solver.Minimize(objective, problem.Start);
        Assert.Equal(new EvaluationCounts(values, gradients, products, 0), first.Evaluations);
        Assert.True(first.Evaluations.Values > 0 && first.Evaluations.HessianVectorProducts > 0);

        OptimizationResult second = solver.Minimize(objective, problem.Start);
        Assert.Equal(first.Evaluations, second.Evaluations); // not accumulated across runs on the same objective
        Assert.Equal(2 * first.Evaluations.Total, values + gradients + products);
    }

    [Fact]
    public void Concurrent_runs_on_one_objective_and_solver_keep_separate_counters_and_agree()
    {
        var problem = new ExtendedRosenbrock(10);
        var solver = new LbfgsSolver();
        OptimizationResult reference = solver.Minimize(problem.Objective, problem.Start);
        var results = new OptimizationResult[4];
        Parallel.For(0, results.Length, i => results[i] = solver.Minimize(problem.Objective, problem.Start));

        Assert.All(results, r =>
        {
            Assert.Equal(reference.Evaluations, r.Evaluations);
            Assert.Equal(reference.Minimizer, r.Minimizer); // bitwise: deterministic
            Assert.Equal(reference.Iterations, r.Iterations);
        });
    }

    [Fact]
    public void Newton_uses_the_dense_Hessian_when_given_and_products_otherwise()
    {
        var problem = new Wood();
        OptimizationResult dense = new NewtonSolver().Minimize(problem.ObjectiveWithDenseHessian, problem.Start);
        OptimizationResult fromProducts = new NewtonSolver().Minimize(problem.Objective, problem.Start);

        Assert.Equal(dense.Iterations, dense.Evaluations.Hessians); // one Hessian per iteration
        Assert.Equal(0, dense.Evaluations.HessianVectorProducts);
        Assert.Equal(0, fromProducts.Evaluations.Hessians);
        Assert.Equal(4 * fromProducts.Iterations, fromProducts.Evaluations.HessianVectorProducts); // n = 4 products each
        Assert.True(dense.Converged && fromProducts.Converged, $"{dense}\n{fromProducts}");
        Assert.Equal(dense.Iterations, fromProducts.Iterations);
    }

    public static TheoryData<string> AllocationFreeSolvers() => new(["GD", "NewtonCG", "TrustRegion", "CG", "LBFGS", "LBFGS-B"]);

    [Theory]
    [MemberData(nameof(AllocationFreeSolvers))]
    public void Iterations_after_warm_up_allocate_nothing(string solverName)
    {
        var problem = new ExtendedRosenbrock(100);
        long atFive = -1, atTwenty = -1;
        IterationCallback callback = state =>
        {
            if (state.Iteration == 5)
            {
                atFive = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (state.Iteration == 20)
            {
                atTwenty = GC.GetAllocatedBytesForCurrentThread();
            }

            return CallbackAction.Continue;
        };
        var stopping = new StoppingCriteria { MaxIterations = 25 };
        OptimizationSolver solver = solverName switch
        {
            "GD" => new GradientDescentSolver(new GradientDescentOptions { Stopping = stopping, Callback = callback }),
            "NewtonCG" => new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { Stopping = stopping, Callback = callback }),
            "TrustRegion" => new TrustRegionNewtonSolver(new TrustRegionNewtonOptions { Stopping = stopping, Callback = callback }),
            "CG" => new ConjugateGradientSolver(new ConjugateGradientOptions { Stopping = stopping, Callback = callback }),
            "LBFGS-B" => new LbfgsSolver(new LbfgsOptions
            {
                Stopping = stopping,
                Callback = callback,
                Bounds = new BoxBounds(Enumerable.Repeat(-1.0, 100).ToArray(), Enumerable.Repeat(0.8, 100).ToArray()), // active at the end
            }),
            _ => new LbfgsSolver(new LbfgsOptions { Stopping = stopping, Callback = callback }),
        };

        // The objective is the plain-loop, generator-shaped one, so only the solver's allocations are measured (the
        // test problems' collection expressions are stack-allocated in Release builds but not in Debug ones).
        // Run twice so the JIT's own allocations (tiering) are out of the way, then measure.
        solver.Minimize(GeneratedShapeObjectives.RosenbrockObjective, problem.Start);
        OptimizationResult result = solver.Minimize(GeneratedShapeObjectives.RosenbrockObjective, problem.Start);

        Assert.Equal(25, result.Iterations);
        Assert.True(atFive > 0 && atTwenty > 0);
        Assert.Equal(atFive, atTwenty);
    }
}
