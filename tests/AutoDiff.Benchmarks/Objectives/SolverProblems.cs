using System;
using AutoDiff.Optimization.Tests.Problems.Generated;

namespace AutoDiff.Benchmarks.Objectives;

/// <summary>Problems for the solver comparison with MathNet (More, Garbow and Hillstrom 1981).</summary>
public static partial class SolverProblems
{
    /// <summary>Wood's function (problem 14), from (-3, -1, -3, -1).</summary>
    [Differentiable]
    public static double Wood(ReadOnlySpan<double> x)
    {
        double r1 = 10 * (x[1] - x[0] * x[0]), r2 = 1 - x[0];
        double r3 = Math.Sqrt(90) * (x[3] - x[2] * x[2]), r4 = 1 - x[2];
        double r5 = Math.Sqrt(10) * (x[1] + x[3] - 2), r6 = (x[1] - x[3]) / Math.Sqrt(10);
        return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6;
    }

    /// <summary>The problems by name, with their standard starting points.</summary>
    public static (AutoDiff.Optimization.Objective Objective, double[] Start) Get(string name) => name switch
    {
        "Rosenbrock2" => (RosenbrockObjectives.RosenbrockObjective, [-1.2, 1.0]),
        "Wood4" => (WoodObjective, [-3.0, -1.0, -3.0, -1.0]),
        "Rosenbrock100" => (RosenbrockObjectives.RosenbrockObjective, ExtendedStart(100)),
        "JennrichSampson2" => (HarderMghObjectives.JennrichSampsonObjective, [0.3, 0.4]),
        "Osborne1" => (HarderMghObjectives.Osborne1Objective, [0.5, 1.5, -1, 0.01, 0.02]),
        "BiggsExp6" => (HarderMghObjectives.BiggsExp6Objective, [1.0, 2, 1, 1, 1, 1]),
        _ => throw new ArgumentException("Unknown problem " + name, nameof(name)),
    };

    private static double[] ExtendedStart(int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 2 == 0 ? -1.2 : 1.0;
        }

        return x;
    }
}
