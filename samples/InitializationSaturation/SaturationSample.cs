using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Initialization;
using AutoDiff.Optimization;
using Samples.Common;
using ScottPlot;

namespace Samples.InitializationSaturation;

/// <summary>The weight initialisations compared.</summary>
public enum Initialisation
{
    /// <summary>The pre-2010 U[-1/sqrt(n_in), 1/sqrt(n_in)].</summary>
    Classic,

    /// <summary>Xavier/Glorot uniform.</summary>
    Xavier,

    /// <summary>He/Kaiming normal.</summary>
    He,
}

/// <summary>How to run the saturation sample.</summary>
/// <param name="Epochs">SGD epochs per configuration. Default 15.</param>
/// <param name="TrainCount">Training digits. Default 2000.</param>
/// <param name="ProbeCount">Digits used to measure activations and gradients (and accuracy). Default 500.</param>
/// <param name="OutputDirectory">Where plots go; null for plots/ under the working directory.</param>
public sealed record SaturationOptions(int Epochs = 15, int TrainCount = 2000, int ProbeCount = 500, string? OutputDirectory = null);

/// <summary>Per-layer statistics of one configuration.</summary>
/// <param name="Name">Activation and initialisation.</param>
/// <param name="ActivationStdStart">Standard deviation of each hidden layer's activations at initialisation.</param>
/// <param name="ActivationStdEnd">The same after training.</param>
/// <param name="GradientVarianceStart">Variance of each hidden layer's weight-gradient entries at initialisation.</param>
/// <param name="GradientVarianceEnd">The same after training.</param>
/// <param name="TopLayerMeanByEpoch">Mean activation of the top hidden layer at the start and after each epoch.</param>
/// <param name="ProbeAccuracy">Accuracy on the probe digits after training.</param>
public sealed record LayerStatistics(
    string Name, double[] ActivationStdStart, double[] ActivationStdEnd, double[] GradientVarianceStart, double[] GradientVarianceEnd,
    double[] TopLayerMeanByEpoch, double ProbeAccuracy);

/// <summary>
/// Glorot and Bengio (2010) in miniature: a 5-hidden-layer net with sigmoid, tanh or ReLU units and the classic, Xavier or
/// He initialisation. The classic initialisation shrinks activations and gradients layer by layer; sigmoid's top layer
/// saturates (its mean activation is driven toward 0, where the output layer ignores it); Xavier (tanh) and He (ReLU) keep
/// the variances about equal across layers.
/// </summary>
public static class SaturationSample
{
    /// <summary>Trains every configuration with plain SGD, prints per-layer statistics and writes three plots.</summary>
    /// <param name="options">Budget and output directory.</param>
    /// <returns>The statistics per configuration.</returns>
    public static IReadOnlyList<LayerStatistics> Run(SaturationOptions options)
    {
        (Dataset train, Dataset probe) = LoadSmallMnist(options.TrainCount, options.ProbeCount);
        Console.WriteLine($"Deep net {DeepNet.Inputs}-{string.Join("-", Enumerable.Repeat(DeepNet.Width, DeepNet.Depth))}-{DeepNet.Outputs}, " +
            $"{DeepNet.Parameters} parameters, {train.Count} training digits (14x14), SGD h = 0.1, batch 10, {options.Epochs} epochs");
        var configurations = new (Activation Activation, Initialisation Init)[]
        {
            (Activation.Sigmoid, Initialisation.Classic), (Activation.Sigmoid, Initialisation.Xavier),
            (Activation.Tanh, Initialisation.Classic), (Activation.Tanh, Initialisation.Xavier),
            (Activation.Relu, Initialisation.Classic), (Activation.Relu, Initialisation.He),
        };
        var results = new List<LayerStatistics>();
        foreach (var (activation, init) in configurations)
        {
            string name = $"{activation} + {init}";
            int kind = (int)activation;
            SamplePullbackFunction pullback = (w, s, seed, adjoint) => DeepNet.LossPullback(w, s, kind, seed, adjoint);
            var objective = new StochasticObjective(pullback, train, expectedSampleLength: DeepNet.SampleLength);
            var probeObjective = new StochasticObjective(pullback, probe, expectedSampleLength: DeepNet.SampleLength);
            double[] w = Initialise(init, seed: 5);
            var (stdStart, topStart) = ActivationStatistics(w, probe, activation);
            double[] gradientStart = GradientVariance(w, probeObjective);
            var topMeans = new List<double> { topStart };
            var solver = new SgdSolver(new SgdOptions
            {
                StepSchedule = new ConstantStepSchedule(0.1),
                BatchSize = 10,
                Epochs = options.Epochs,
                Seed = 3,
                FinalFullDataPass = false,
                Callback = state =>
                {
                    topMeans.Add(ActivationStatistics(state.X, probe, activation).TopMean);
                    return CallbackAction.Continue;
                },
            });
            double[] trained = solver.Minimize(objective, w).Minimizer;
            var (stdEnd, _) = ActivationStatistics(trained, probe, activation);
            double[] gradientEnd = GradientVariance(trained, probeObjective);
            double accuracy = Accuracy(trained, probe, activation);
            results.Add(new LayerStatistics(name, stdStart, stdEnd, gradientStart, gradientEnd, topMeans.ToArray(), accuracy));
            Console.WriteLine($"{name,-18} activation std by layer {Format(stdStart)} -> {Format(stdEnd)}; " +
                $"top-layer mean {topStart:F3} -> {topMeans[^1]:F3}; accuracy {accuracy:P1}");
            Console.WriteLine($"{"",-18} weight-gradient variance {Format(gradientStart, "E1")} -> {Format(gradientEnd, "E1")}");
        }

        string directory = options.OutputDirectory ?? SampleOutput.DefaultDirectory();
        SampleOutput.Save(LayerPlot(results, r => r.ActivationStdStart, r => r.ActivationStdEnd, "Activation standard deviation per hidden layer", "std", log: false),
            directory, "init-activation-std.png");
        SampleOutput.Save(LayerPlot(results, r => r.GradientVarianceStart, r => r.GradientVarianceEnd, "Weight-gradient variance per hidden layer", "log10 variance", log: true),
            directory, "init-gradient-variance.png");
        SampleOutput.Save(SaturationPlot(results), directory, "sigmoid-saturation.png");
        return results;
    }

    /// <summary>Fills every layer's weights by the scheme (biases 0). Xavier and He use fan-in and fan-out of the layer.</summary>
    /// <param name="init">The scheme.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The parameters.</returns>
    public static double[] Initialise(Initialisation init, int seed)
    {
        var w = new double[DeepNet.Parameters];
        var random = new Random(seed);
        for (int l = 0; l <= DeepNet.Depth; l++)
        {
            int fanIn = DeepNet.FanIn(l), fanOut = l == DeepNet.Depth ? DeepNet.Outputs : DeepNet.Width;
            Span<double> weights = w.AsSpan(DeepNet.Offset(l), fanIn * fanOut);
            switch (init)
            {
                case Initialisation.Classic: WeightInitialization.ClassicUniform(weights, fanIn, random); break;
                case Initialisation.Xavier: WeightInitialization.XavierUniform(weights, fanIn, fanOut, random); break;
                default: WeightInitialization.HeNormal(weights, fanIn, random); break;
            }
        }

        return w;
    }

    private static (double[] Std, double TopMean) ActivationStatistics(ReadOnlySpan<double> w, Dataset probe, Activation activation)
    {
        var units = new double[DeepNet.Depth * DeepNet.Width];
        var sum = new double[DeepNet.Depth];
        var square = new double[DeepNet.Depth];
        for (int s = 0; s < probe.Count; s++)
        {
            DeepNet.Forward(w, probe[s], activation, units);
            for (int l = 0; l < DeepNet.Depth; l++)
            {
                for (int j = 0; j < DeepNet.Width; j++)
                {
                    double u = units[l * DeepNet.Width + j];
                    sum[l] += u;
                    square[l] += u * u;
                }
            }
        }

        double count = probe.Count * DeepNet.Width;
        var std = new double[DeepNet.Depth];
        for (int l = 0; l < DeepNet.Depth; l++)
        {
            double mean = sum[l] / count;
            std[l] = Math.Sqrt(Math.Max(0, square[l] / count - mean * mean));
        }

        return (std, sum[DeepNet.Depth - 1] / count);
    }

    private static double[] GradientVariance(double[] w, StochasticObjective probe)
    {
        var gradient = new double[w.Length];
        probe.MeanLossAndGradient(w, gradient);
        var variance = new double[DeepNet.Depth];
        for (int l = 0; l < DeepNet.Depth; l++)
        {
            ReadOnlySpan<double> layer = gradient.AsSpan(DeepNet.Offset(l), DeepNet.FanIn(l) * DeepNet.Width);
            double mean = 0, square = 0;
            foreach (double g in layer)
            {
                mean += g / layer.Length;
                square += g * g / layer.Length;
            }

            variance[l] = square - mean * mean;
        }

        return variance;
    }

    private static double Accuracy(double[] w, Dataset probe, Activation activation)
    {
        var units = new double[DeepNet.Depth * DeepNet.Width];
        int correct = 0;
        for (int s = 0; s < probe.Count; s++)
        {
            correct += DeepNet.Forward(w, probe[s], activation, units) == (int)probe[s][DeepNet.Inputs] ? 1 : 0;
        }

        return (double)correct / probe.Count;
    }

    /// <summary>MNIST averaged over 2x2 blocks to 14x14, first digits for training, last ones as the probe set.</summary>
    private static (Dataset Train, Dataset Probe) LoadSmallMnist(int trainCount, int probeCount)
    {
        (double[] pixels, int[] labels) = SampleFiles.LoadMnist();
        Dataset Pack(int first, int count)
        {
            var values = new double[count * DeepNet.SampleLength];
            for (int s = 0; s < count; s++)
            {
                int image = (first + s) * 784, row = s * DeepNet.SampleLength;
                for (int y = 0; y < 14; y++)
                {
                    for (int x = 0; x < 14; x++)
                    {
                        int p = image + 2 * y * 28 + 2 * x;
                        values[row + y * 14 + x] = (pixels[p] + pixels[p + 1] + pixels[p + 28] + pixels[p + 29]) / 4;
                    }
                }

                values[row + DeepNet.Inputs] = labels[first + s];
            }

            return new Dataset(values, DeepNet.SampleLength);
        }

        return (Pack(0, trainCount), Pack(labels.Length - probeCount, probeCount));
    }

    private static Plot LayerPlot(
        List<LayerStatistics> results, Func<LayerStatistics, double[]> start, Func<LayerStatistics, double[]> end, string title, string yLabel, bool log)
    {
        var plot = new Plot();
        double[] layers = Enumerable.Range(1, DeepNet.Depth).Select(l => (double)l).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < results.Count; i++)
        {
            Color color = palette.GetColor(i);
            plot.Add.Scatter(layers, start(results[i]).Select(v => log ? Math.Log10(v) : v).ToArray(), color);
            var after = plot.Add.Scatter(layers, end(results[i]).Select(v => log ? Math.Log10(v) : v).ToArray(), color);
            after.LinePattern = LinePattern.Dashed;

            // One legend entry per network (its colour); the line style says start or trained, once, below.
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = results[i].Name, LineColor = color, LineWidth = 2, MarkerShape = MarkerShape.FilledCircle, MarkerColor = color, MarkerSize = 5 });
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "solid: at the start", LineColor = Colors.Black, LineWidth = 1.5f });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "dashed: trained", LineColor = Colors.Black, LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
        plot.Title(title);
        plot.XLabel("hidden layer");
        plot.YLabel(yLabel);
        SampleOutput.WholeNumberAxisX(plot, 1, DeepNet.Depth);
        SampleOutput.LegendOutside(plot);
        return plot;
    }

    private static Plot SaturationPlot(List<LayerStatistics> results)
    {
        var plot = new Plot();
        foreach (LayerStatistics r in results)
        {
            var line = plot.Add.Scatter(Enumerable.Range(0, r.TopLayerMeanByEpoch.Length).Select(e => (double)e).ToArray(), r.TopLayerMeanByEpoch);
            line.LegendText = r.Name;
        }

        plot.Title("Top hidden layer: mean activation by epoch (sigmoid saturates)");
        plot.XLabel("epoch");
        plot.YLabel("mean activation");
        SampleOutput.WholeNumberAxisX(plot, 0, results.Max(r => r.TopLayerMeanByEpoch.Length) - 1);
        SampleOutput.LegendOutside(plot);
        return plot;
    }

    private static string Format(double[] values, string format = "F3") =>
        "[" + string.Join(", ", values.Select(v => v.ToString(format, System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
