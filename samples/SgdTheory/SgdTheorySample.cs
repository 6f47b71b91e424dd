using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization;
using Samples.Common;
using ScottPlot;

namespace Samples.SgdTheory;

/// <summary>How to run the SGD-theory sample.</summary>
/// <param name="Samples">N, the dataset size. Default 2000.</param>
/// <param name="Epochs">Epochs per run. Default 20.</param>
/// <param name="Seeds">Runs averaged per step size (the expectation E F). Default 5.</param>
/// <param name="OutputDirectory">Where the plot goes; null for plots/ under the working directory.</param>
public sealed record SgdTheoryOptions(int Samples = 2000, int Epochs = 20, int Seeds = 5, string? OutputDirectory = null);

/// <summary>What the sample measured.</summary>
/// <param name="Steps">The constant steps h tried.</param>
/// <param name="ConstantStepGaps">E F(x_k) - F* at the end, per h.</param>
/// <param name="NoiseBound">G^2 h / 2 per h, G^2 = E ||grad f(x*, y)||^2.</param>
/// <param name="DecayingGap">E F - F* of the last iterate with h_t = h0 / (1 + t / 1000).</param>
/// <param name="WeightedAverageGap">E F - F* of the step-weighted average with h_t = h0 / sqrt(1 + t) (the lecture's bound's setting).</param>
/// <param name="AveragedGap">E F - F* of the Polyak-Ruppert average with the largest constant step.</param>
public sealed record SgdTheoryResult(
    double[] Steps, double[] ConstantStepGaps, double[] NoiseBound, double DecayingGap, double WeightedAverageGap, double AveragedGap);

/// <summary>
/// The lecture's bound E F(x^_k) - F* &lt;= R^2 / (2 h (k + 1)) + G^2 h / 2: with a constant step SGD stops improving in a
/// region whose size grows with h; decaying steps and averaged iterates go below it.
/// </summary>
public static class SgdTheorySample
{
    /// <summary>Runs SGD (batch 1) for several constant steps and seeds, prints and plots E F - F* against h.</summary>
    /// <param name="options">Budget and output directory.</param>
    /// <returns>The measurements.</returns>
    public static SgdTheoryResult Run(SgdTheoryOptions options)
    {
        var random = new Random(11);
        double[] truth = [1.0, -2.0];
        var values = new double[options.Samples * 3];
        for (int i = 0; i < options.Samples; i++)
        {
            double a0 = Gaussian(random), a1 = Gaussian(random);
            values[i * 3] = a0;
            values[i * 3 + 1] = a1;
            values[i * 3 + 2] = a0 * truth[0] + a1 * truth[1] + Gaussian(random);
        }

        var objective = new StochasticObjective(NoisyRegression.LossPullback, new Dataset(values, 3), NoisyRegression.Loss, 3);
        double[] start = [5.0, 5.0];
        OptimizationResult best = new LbfgsSolver().Minimize(objective.ToObjective(), start);
        double optimum = best.Value;

        // G^2 = E ||grad f(x*, y)||^2: the gradient noise that remains at the optimum, which a constant step never averages away.
        double noise = 0;
        var g = new double[NoisyRegression.Dimension];
        for (int i = 0; i < options.Samples; i++)
        {
            NoisyRegression.LossGradient(best.Minimizer, objective.Data[i], g);
            noise += (g[0] * g[0] + g[1] * g[1]) / options.Samples;
        }

        Console.WriteLine($"Noisy least squares, N = {options.Samples}: F* = {optimum:F5}, G^2 = E||grad f(x*)||^2 = {noise:F3}");
        double[] steps = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1];
        double[] gaps = steps.Select(h => MeanGap(objective, start, options, optimum, new ConstantStepSchedule(h), IterateAveraging.None)).ToArray();
        double[] bound = steps.Select(h => noise * h / 2).ToArray();
        Console.WriteLine($"{"h",8} {"E F - F*",12} {"G^2 h / 2",12}");
        for (int i = 0; i < steps.Length; i++)
        {
            Console.WriteLine($"{steps[i],8} {gaps[i],12:E3} {bound[i],12:E3}");
        }

        double largest = steps[^1];
        double decaying = MeanGap(objective, start, options, optimum, new InverseTimeDecaySchedule(largest, 0.001), IterateAveraging.None);
        double weighted = MeanGap(objective, start, options, optimum, new InverseSqrtDecaySchedule(largest), IterateAveraging.StepWeighted);
        double averaged = MeanGap(objective, start, options, optimum, new ConstantStepSchedule(largest), IterateAveraging.Uniform);
        Console.WriteLine($"h_t = {largest} / (1 + t/1000), last iterate:        E F - F* = {decaying:E3}");
        Console.WriteLine($"h_t = {largest} / sqrt(1 + t), step-weighted average: E F - F* = {weighted:E3} (O(1/sqrt k): the early iterates weigh in)");
        Console.WriteLine($"constant h = {largest}, Polyak-Ruppert average:       E F - F* = {averaged:E3}");

        var plot = new Plot();
        double[] logSteps = steps.Select(Math.Log10).ToArray();
        var measured = plot.Add.Scatter(logSteps, gaps.Select(Math.Log10).ToArray());
        measured.LegendText = "constant step: E F(x_k) - F*";
        var line = plot.Add.Scatter(logSteps, bound.Select(Math.Log10).ToArray());
        line.LegendText = "G^2 h / 2";
        line.LinePattern = LinePattern.Dashed;
        var decay = plot.Add.HorizontalLine(Math.Log10(decaying));
        decay.LegendText = $"h0/(1+t/1000), last iterate (h0 = {largest})";
        var weightedLine = plot.Add.HorizontalLine(Math.Log10(weighted));
        weightedLine.LegendText = $"h0/sqrt(1+t), step-weighted average (h0 = {largest})";
        weightedLine.LinePattern = LinePattern.DenselyDashed;
        var average = plot.Add.HorizontalLine(Math.Log10(averaged));
        average.LegendText = $"constant h = {largest}, uniform average";
        average.LinePattern = LinePattern.Dotted;
        plot.Title("SGD with a constant step stalls in a region of size ~ G^2 h / 2");
        plot.XLabel("log10 h");
        plot.YLabel("log10(E F - F*)");
        plot.ShowLegend(Alignment.LowerRight);
        SampleOutput.Save(plot, options.OutputDirectory ?? SampleOutput.DefaultDirectory(), "sgd-step-size.png");
        return new SgdTheoryResult(steps, gaps, bound, decaying, weighted, averaged);
    }

    private static double MeanGap(
        StochasticObjective objective, double[] start, SgdTheoryOptions options, double optimum, IStepSchedule schedule, IterateAveraging averaging)
    {
        double sum = 0;
        for (int seed = 0; seed < options.Seeds; seed++)
        {
            var solver = new SgdSolver(new SgdOptions
            {
                BatchSize = 1,
                Epochs = options.Epochs,
                Seed = seed,
                StepSchedule = schedule,
                Averaging = averaging,
            });
            sum += solver.Minimize(objective, start).Value - optimum;
        }

        return sum / options.Seeds;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
