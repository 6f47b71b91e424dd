using System;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// The shape the source generator emits compiles against the runtime: method groups of
/// <c>F</c>, <c>FGradient</c> and <c>FHessianVectorProduct</c> convert to the delegates in one target-typed <c>new</c>.
/// </summary>
public static partial class GeneratedShapeObjectives
{
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    // Hand-written stand-ins for what the generator emits.
    public static double RosenbrockGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
            gradient[i] += -2 * a - 400 * x[i] * b;
            gradient[i + 1] += 200 * b;
        }

        return Rosenbrock(x);
    }

    public static double RosenbrockHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        hv.Clear();
        for (int i = 0; i < x.Length - 1; i++)
        {
            double hii = 2 - 400 * (x[i + 1] - x[i] * x[i]) + 800 * x[i] * x[i], hij = -400 * x[i];
            hv[i] += hii * v[i] + hij * v[i + 1];
            hv[i + 1] += hij * v[i] + 200 * v[i + 1];
        }

        return Rosenbrock(x);
    }

    public static Objective RosenbrockObjective { get; } = new(Rosenbrock, RosenbrockGradient, RosenbrockHessianVectorProduct);

    public static Objective RosenbrockGradientOnlyObjective { get; } = new(Rosenbrock, RosenbrockGradient);
}

public class ObjectiveContractTests
{
    [Fact]
    public void Generated_shape_objective_runs_with_every_solver()
    {
        // n = 2: the chained form has a second local minimum (f about 3.97) for n >= 4, which Newton may rightly find.
        double[] x0 = [-1.2, 1];
        foreach (string name in Solvers.All)
        {
            OptimizationResult result = Solvers.Create(name).Minimize(GeneratedShapeObjectives.RosenbrockObjective, x0);
            Assert.True(result.Value < 1e-8, $"{name}: {result}");
        }

        Assert.True(new LbfgsSolver().Minimize(GeneratedShapeObjectives.RosenbrockGradientOnlyObjective, x0).Converged);
    }
}
