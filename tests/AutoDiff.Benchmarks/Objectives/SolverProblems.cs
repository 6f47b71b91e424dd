using System;

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

    private static readonly double[] Osborne1Y =
    [
        0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.580,
        0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406,
    ];

    /// <summary>Jennrich-Sampson (problem 6, m = 10), from (0.3, 0.4): f* = 124.362, large enough that ||g|| &lt;= 1e-8 is below round-off.</summary>
    [Differentiable]
    public static double JennrichSampson(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 10; i++)
        {
            double r = 2 + 2 * i - (Math.Exp(i * x[0]) + Math.Exp(i * x[1]));
            sum += r * r;
        }

        return sum;
    }

    /// <summary>Osborne 1 (problem 17), from (0.5, 1.5, -1, 0.01, 0.02): f* = 5.46489e-5.</summary>
    [Differentiable]
    public static double Osborne1(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 33; i++)
        {
            double t = 10 * i;
            double r = Osborne1Y[i] - (x[0] + x[1] * Math.Exp(-t * x[3]) + x[2] * Math.Exp(-t * x[4]));
            sum += r * r;
        }

        return sum;
    }

    /// <summary>The problems by name, with their standard starting points.</summary>
    public static (AutoDiff.Optimization.Objective Objective, double[] Start) Get(string name) => name switch
    {
        "Rosenbrock2" => (RosenbrockObjectives.RosenbrockObjective, [-1.2, 1.0]),
        "Wood4" => (WoodObjective, [-3.0, -1.0, -3.0, -1.0]),
        "Rosenbrock100" => (RosenbrockObjectives.RosenbrockObjective, ExtendedStart(100)),
        "JennrichSampson2" => (JennrichSampsonObjective, [0.3, 0.4]),
        "Osborne1" => (Osborne1Objective, [0.5, 1.5, -1, 0.01, 0.02]),
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
