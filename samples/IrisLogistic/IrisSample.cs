using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.Optimization;
using Samples.Common;
using ScottPlot;

namespace Samples.IrisLogistic;

/// <summary>How to run the Iris sample.</summary>
/// <param name="Epochs">SGD epochs (L-BFGS gets the same number of passes over the data). Default 60.</param>
/// <param name="OutputDirectory">Where the plot goes; null for plots/ under the working directory.</param>
public sealed record IrisOptions(int Epochs = 60, string? OutputDirectory = null);

/// <summary>What the Iris sample measured.</summary>
/// <param name="OptimalLoss">F* from L-BFGS run to convergence.</param>
/// <param name="FinalGaps">F - F* at the end, by method.</param>
/// <param name="Accuracies">Training accuracy, by method.</param>
public sealed record IrisResult(double OptimalLoss, IReadOnlyDictionary<string, double> FinalGaps, IReadOnlyDictionary<string, double> Accuracies);

/// <summary>
/// Softmax regression on Iris: SGD variants (mini-batch 10) against L-BFGS on the full data, measured per pass over the data.
/// L-BFGS wins on a problem this small and smooth; SGD's cost per step does not grow with N, which is what matters on big data.
/// </summary>
public static class IrisSample
{
    /// <summary>Runs the comparison, prints a table and writes iris-convergence.png.</summary>
    /// <param name="options">Budget and output directory.</param>
    /// <returns>The measurements.</returns>
    public static IrisResult Run(IrisOptions options)
    {
        Dataset data = LoadStandardised();
        var objective = new StochasticObjective(SoftmaxRegression.LossPullback, data, SoftmaxRegression.Loss, SoftmaxRegression.Features + 1);
        var start = new double[SoftmaxRegression.Parameters];

        // F* by L-BFGS run to a tight tolerance.
        OptimizationResult reference = new LbfgsSolver(new LbfgsOptions { Stopping = new StoppingCriteria { SquaredGradientTolerance = 1e-24 } })
            .Minimize(objective.ToObjective(), start);
        double optimum = reference.Value;
        Console.WriteLine($"Iris: {data.Count} samples, {SoftmaxRegression.Parameters} parameters; F* = {optimum:F6} (L-BFGS, {reference.Reason})");

        int stepsPerEpoch = (data.Count + 9) / 10;
        var methods = new (string Name, StochasticSolver Solver)[]
        {
            ("SGD h=0.1", new SgdSolver(new SgdOptions { StepSchedule = new ConstantStepSchedule(0.1), BatchSize = 10, Epochs = options.Epochs })),
            ("SGD 1/sqrt(t), weighted avg", new SgdSolver(new SgdOptions
            {
                StepSchedule = new InverseSqrtDecaySchedule(0.5), BatchSize = 10, Epochs = options.Epochs, Averaging = IterateAveraging.StepWeighted,
            })),
            ("Momentum 0.9", new MomentumSolver(new MomentumOptions { StepSchedule = new ConstantStepSchedule(0.02), BatchSize = 10, Epochs = options.Epochs })),
            ("Adam cosine", new AdamSolver(new AdamOptions
            {
                StepSchedule = new CosineAnnealingSchedule(0.05, options.Epochs * stepsPerEpoch), BatchSize = 10, Epochs = options.Epochs,
            })),
        };

        var plot = new Plot();
        var gaps = new Dictionary<string, double>();
        var accuracies = new Dictionary<string, double>();
        Console.WriteLine($"{"method",-30} {"F - F*",12} {"accuracy",9} {"passes",7}");
        foreach (var (name, solver) in methods)
        {
            var curve = new List<double>();
            StochasticResult result = RunWithCurve(solver, objective, start, curve);
            double gap = result.Value - optimum;
            gaps[name] = gap;
            accuracies[name] = Accuracy(result.Minimizer, data);
            Console.WriteLine($"{name,-30} {gap,12:E2} {accuracies[name],9:P1} {result.Epochs,7}");
            AddCurve(plot, name, curve, optimum);
        }

        // L-BFGS on the full data: one gradient is one pass over the data.
        OptimizationResult lbfgs = new LbfgsSolver(new LbfgsOptions
        {
            RecordTrace = true,
            Stopping = new StoppingCriteria { SquaredGradientTolerance = 1e-24, MaxEvaluations = Math.Max(1, options.Epochs) },
        }).Minimize(objective.ToObjective(), start);
        gaps["L-BFGS"] = lbfgs.Value - optimum;
        accuracies["L-BFGS"] = Accuracy(lbfgs.Minimizer, data);
        Console.WriteLine($"{"L-BFGS (full batch)",-30} {gaps["L-BFGS"],12:E2} {accuracies["L-BFGS"],9:P1} {lbfgs.Evaluations.Total,7}");
        AddCurve(plot, "L-BFGS (full batch)", lbfgs.Trace.Skip(1).Select(t => t.Value).ToList(), optimum);

        plot.Title("Softmax regression on Iris: SGD vs L-BFGS");
        plot.XLabel("passes over the data (epochs; L-BFGS: iterations)");
        plot.YLabel("log10(F - F*)");
        SampleOutput.WholeNumberAxisX(plot, 1, plot.GetPlottables<ScottPlot.Plottables.Scatter>().Max(s => s.Data.GetScatterPoints().Count));
        SampleOutput.LegendOutside(plot);
        SampleOutput.Save(plot, options.OutputDirectory ?? SampleOutput.DefaultDirectory(), "iris-convergence.png");
        return new IrisResult(optimum, gaps, accuracies);
    }

    private static StochasticResult RunWithCurve(StochasticSolver solver, StochasticObjective objective, double[] start, List<double> curve)
    {
        // The callback needs F at the returned point after each epoch: rebuild the solver with a callback that records it.
        EpochCallback record = state =>
        {
            curve.Add(objective.MeanLoss(state.Average));
            return CallbackAction.Continue;
        };
        StochasticSolver withCallback = solver switch
        {
            SgdSolver s => new SgdSolver((SgdOptions)s.Options with { Callback = record }),
            MomentumSolver s => new MomentumSolver((MomentumOptions)s.Options with { Callback = record }),
            AdamSolver s => new AdamSolver((AdamOptions)s.Options with { Callback = record }),
            _ => solver,
        };
        return withCallback.Minimize(objective, start);
    }

    private static void AddCurve(Plot plot, string name, IReadOnlyList<double> values, double optimum)
    {
        double[] xs = Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray();
        double[] ys = values.Select(v => Math.Log10(Math.Max(v - optimum, 1e-16))).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = name;
        line.MarkerSize = 0;
    }

    private static double Accuracy(ReadOnlySpan<double> w, Dataset data)
    {
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (SoftmaxRegression.Predict(w, data[i]) == (int)data[i][SoftmaxRegression.Features])
            {
                correct++;
            }
        }

        return (double)correct / data.Count;
    }

    /// <summary>Reads iris.csv and standardises each feature to mean 0, variance 1 (so one step size suits every weight).</summary>
    private static Dataset LoadStandardised()
    {
        string[] species = ["setosa", "versicolor", "virginica"];
        var rows = File.ReadAllLines(SampleFiles.Find("iris.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(f => f.Take(4).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Append(Array.IndexOf(species, f[4])).ToArray())
            .ToArray();
        for (int j = 0; j < 4; j++)
        {
            double mean = rows.Average(r => r[j]);
            double deviation = Math.Sqrt(rows.Average(r => (r[j] - mean) * (r[j] - mean)));
            foreach (double[] row in rows)
            {
                row[j] = (row[j] - mean) / deviation;
            }
        }

        return Dataset.FromSamples(rows);
    }
}
