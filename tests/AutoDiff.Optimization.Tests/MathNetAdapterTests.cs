using System;
using AutoDiff.Optimization.Tests.Problems;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>MathNet's own minimisers run on our objectives through <see cref="MathNetObjectiveFunction"/>.</summary>
public class MathNetAdapterTests
{
    [Fact]
    public void Bfgs_minimizer_finds_the_Rosenbrock_minimum()
    {
        var problem = new Rosenbrock();
        MinimizationResult result = new BfgsMinimizer(1e-10, 1e-10, 1e-10, 1000)
            .FindMinimum(new MathNetObjectiveFunction(problem.Objective), Vector<double>.Build.Dense(problem.Start));

        Assert.Equal(1, result.MinimizingPoint[0], 1e-6);
        Assert.Equal(1, result.MinimizingPoint[1], 1e-6);
        Assert.True(result.FunctionInfoAtMinimum.Value < 1e-10);
    }

    [Fact]
    public void Newton_minimizer_uses_the_exact_Hessian()
    {
        var problem = new Beale();
        MinimizationResult result = new NewtonMinimizer(1e-10, 100, useLineSearch: true)
            .FindMinimum(new MathNetObjectiveFunction(problem.Objective), Vector<double>.Build.Dense([2.5, 0.3]));

        Assert.Equal(3, result.MinimizingPoint[0], 1e-6);
        Assert.Equal(0.5, result.MinimizingPoint[1], 1e-6);
    }

    [Fact]
    public void Adapter_exposes_value_gradient_and_Hessian_from_products_or_dense()
    {
        var problem = new Wood();
        double[] x = [0.3, -0.2, 1.1, 0.7];
        foreach (Objective objective in new[] { problem.Objective, problem.ObjectiveWithDenseHessian })
        {
            var function = new MathNetObjectiveFunction(objective);
            function.EvaluateAt(Vector<double>.Build.Dense(x));
            var gradient = new double[4];
            var hessian = new double[16];
            problem.Gradient(x, gradient);
            problem.Hessian(x, hessian);

            Assert.True(function.IsGradientSupported && function.IsHessianSupported);
            Assert.Equal(problem.Value(x), function.Value);
            Assert.Equal(gradient, function.Gradient.ToArray());
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    Assert.Equal(hessian[i * 4 + j], function.Hessian[i, j], 1e-9);
                }
            }

            IObjectiveFunction fork = function.Fork();
            Assert.Equal(function.Value, fork.Value);
            Assert.Equal(function.Point, fork.Point);
            Assert.Throws<InvalidOperationException>(() => function.CreateNew().Value);
        }
    }

    [Fact]
    public void Gradient_only_objective_reports_no_Hessian()
    {
        var problem = new Rosenbrock();
        var function = new MathNetObjectiveFunction(new Objective(problem.Value, problem.Gradient));
        function.EvaluateAt(Vector<double>.Build.Dense(problem.Start));

        Assert.False(function.IsHessianSupported);
        Assert.Throws<NotSupportedException>(() => function.Hessian);
    }
}
