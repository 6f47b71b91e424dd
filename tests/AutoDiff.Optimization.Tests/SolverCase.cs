using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;

namespace AutoDiff.Optimization.Tests;

/// <summary>The solvers under test, each with the budget the problems need.</summary>
public static class Solvers
{
    public static OptimizationSolver Create(string name, int maxIterations = 20000, IterationCallback? callback = null) => name switch
    {
        "GD" => new GradientDescentSolver(new GradientDescentOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations }, Callback = callback }),
        "Newton" => new NewtonSolver(new NewtonOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations }, Callback = callback }),
        "NewtonCG" => new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations }, Callback = callback }),
        "CG" => new ConjugateGradientSolver(new ConjugateGradientOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations }, Callback = callback }),
        "TrustRegion" => new TrustRegionNewtonSolver(new TrustRegionNewtonOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations }, Callback = callback }),
        "LBFGS" => new LbfgsSolver(new LbfgsOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations }, Callback = callback }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static readonly string[] All = ["GD", "Newton", "NewtonCG", "TrustRegion", "CG", "LBFGS"];

    /// <summary>
    /// L-BFGS-B (L-BFGS with bounds) in the box [-1e10, 1e10]^n, which no MGH run comes near: the unconstrained problem
    /// through the generalized Cauchy point and the subspace step instead of the two-loop recursion.
    /// </summary>
    public static OptimizationSolver BoundedLbfgs(int n, IterationCallback? callback = null) => new LbfgsSolver(new LbfgsOptions
    {
        Bounds = new BoxBounds(Enumerable.Repeat(-1e10, n).ToArray(), Enumerable.Repeat(1e10, n).ToArray()),
        Stopping = new StoppingCriteria { MaxIterations = 20000 },
        Callback = callback,
    });
}
