using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;

namespace AutoDiff.Optimization.Tests;

/// <summary>The solvers under test, each with the budget the problems need.</summary>
public static class Solvers
{
    public static OptimizationSolver Create(string name, int maxIterations = 20000) => name switch
    {
        "GD" => new GradientDescentSolver(new GradientDescentOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations } }),
        "Newton" => new NewtonSolver(new NewtonOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations } }),
        "NewtonCG" => new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations } }),
        "CG" => new ConjugateGradientSolver(new ConjugateGradientOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations } }),
        "LBFGS" => new LbfgsSolver(new LbfgsOptions { Stopping = new StoppingCriteria { MaxIterations = maxIterations } }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static readonly string[] All = ["GD", "Newton", "NewtonCG", "CG", "LBFGS"];
}
