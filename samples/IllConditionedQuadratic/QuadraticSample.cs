using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization;
using Samples.Common;
using ScottPlot;

namespace Samples.IllConditionedQuadratic;

/// <summary>How to run the valley sample.</summary>
/// <param name="MaxIterations">Iteration budget per method. Default 200.</param>
/// <param name="OutputDirectory">Where the plot goes; null for plots/ under the working directory.</param>
public sealed record QuadraticOptions(int MaxIterations = 200, string? OutputDirectory = null);

/// <summary>
/// Gradient descent (Armijo line search) zig-zags across the valley x^2/2 + rho y^2/2; Newton's method rescales by the
/// Hessian and lands in one step; L-BFGS learns the curvature from two gradient differences. One plot of the paths.
/// </summary>
public static class QuadraticSample
{
    /// <summary>Runs the three solvers from (10, 1), prints their iteration counts and writes valley-trajectories.png.</summary>
    /// <param name="options">Budget and output directory.</param>
    /// <returns>Iterations used by each method.</returns>
    public static IReadOnlyDictionary<string, int> Run(QuadraticOptions options)
    {
        double[] start = [10, 1];
        var stopping = new StoppingCriteria { SquaredGradientTolerance = 1e-12, MaxIterations = options.MaxIterations };
        var plot = new Plot();
        AddLevelSets(plot);
        var iterations = new Dictionary<string, int>();
        Console.WriteLine($"f = x^2/2 + {Valley.Rho} y^2/2 from (10, 1)");
        foreach (var (name, make) in new (string, Func<IterationCallback, OptimizationSolver>)[]
        {
            ("gradient descent (Armijo)", cb => new GradientDescentSolver(new GradientDescentOptions { Stopping = stopping, Callback = cb })),
            ("Newton", cb => new NewtonSolver(new NewtonOptions { Stopping = stopping, Callback = cb })),
            ("L-BFGS", cb => new LbfgsSolver(new LbfgsOptions { Stopping = stopping, Callback = cb })),
        })
        {
            var xs = new List<double>();
            var ys = new List<double>();
            OptimizationResult result = make(state =>
            {
                xs.Add(state.X[0]);
                ys.Add(state.X[1]);
                return CallbackAction.Continue;
            }).Minimize(Valley.FObjective, start);
            iterations[name] = result.Iterations;
            Console.WriteLine($"  {name,-26} {result.Iterations,4} iterations, f = {result.Value:E2} ({result.Reason})");
            var path = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            path.LegendText = $"{name}: {result.Iterations} iterations";
            path.MarkerSize = 5;
            path.LineWidth = name == "Newton" ? 3 : 1;
            path.LinePattern = name == "Newton" ? LinePattern.Dashed : LinePattern.Solid;
        }

        plot.Title($"x^2/2 + {Valley.Rho} y^2/2: gradient descent zig-zags, Newton and L-BFGS do not");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(Alignment.LowerRight);
        SampleOutput.Save(plot, options.OutputDirectory ?? SampleOutput.DefaultDirectory(), "valley-trajectories.png", 1000, 500);
        return iterations;
    }

    private static void AddLevelSets(Plot plot)
    {
        // Level sets f = c are ellipses x = sqrt(2c) cos t, y = sqrt(2c / rho) sin t.
        foreach (double level in new[] { 0.5, 2, 8, 20, 50.5 })
        {
            double[] t = Enumerable.Range(0, 201).Select(i => 2 * Math.PI * i / 200).ToArray();
            var ellipse = plot.Add.Scatter(
                t.Select(a => Math.Sqrt(2 * level) * Math.Cos(a)).ToArray(),
                t.Select(a => Math.Sqrt(2 * level / Valley.Rho) * Math.Sin(a)).ToArray(),
                Colors.LightGray);
            ellipse.MarkerSize = 0;
        }
    }
}
