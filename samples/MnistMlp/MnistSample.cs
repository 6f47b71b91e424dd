using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AutoDiff.Initialization;
using AutoDiff.Optimization;
using Samples.Common;
using ScottPlot;

namespace Samples.MnistMlp;

/// <summary>How to run the MNIST sample.</summary>
/// <param name="Epochs">Epochs per optimiser. Default 6.</param>
/// <param name="TrainCount">Training digits (the first ones of the file). Default 8000.</param>
/// <param name="TestCount">Test digits (the last ones). Default 2000.</param>
/// <param name="OutputDirectory">Where plots go; null for plots/ under the working directory.</param>
public sealed record MnistOptions(int Epochs = 6, int TrainCount = 8000, int TestCount = 2000, string? OutputDirectory = null);

/// <summary>One optimiser's outcome.</summary>
/// <param name="Name">The optimiser.</param>
/// <param name="TestAccuracy">Accuracy on the test digits after the last epoch.</param>
/// <param name="FinalTrainLoss">The mean mini-batch loss of the last epoch.</param>
/// <param name="Seconds">Training time.</param>
public sealed record MnistRun(string Name, double TestAccuracy, double FinalTrainLoss, double Seconds);

/// <summary>Trains <see cref="Mlp"/> on MNIST with SGD + momentum and with Adam, mini-batches of 32, gradients summed in parallel.</summary>
public static class MnistSample
{
    /// <summary>Trains, prints a line per epoch, writes mnist-loss.png and mnist-accuracy.png.</summary>
    /// <param name="options">Budget and output directory.</param>
    /// <returns>One entry per optimiser.</returns>
    public static IReadOnlyList<MnistRun> Run(MnistOptions options)
    {
        (double[] pixels, int[] labels) = SampleFiles.LoadMnist();
        int total = labels.Length;
        if (options.TrainCount + options.TestCount > total)
        {
            throw new ArgumentException($"Only {total} digits available.", nameof(options));
        }

        Dataset train = Pack(pixels, labels, 0, options.TrainCount);
        Dataset test = Pack(pixels, labels, total - options.TestCount, options.TestCount);
        // The batch loss: each call gets up to 64 of a mini-batch's samples, and its layers run as matrix kernels.
        var objective = StochasticObjective.FromBatchLoss(Mlp.BatchLossPullback, train, Mlp.BatchLoss, Mlp.SampleLength);
        Console.WriteLine($"MNIST MLP {Mlp.Inputs}-{Mlp.Hidden}-{Mlp.Outputs} ({Mlp.Parameters} parameters), " +
            $"{train.Count} training and {test.Count} test digits, batch 32, {Environment.ProcessorCount} cores");

        double[] start = Initialise(seed: 1);
        int steps = options.Epochs * ((train.Count + 31) / 32);
        var runs = new List<MnistRun>();
        var losses = new Dictionary<string, List<double>>();
        var accuracies = new Dictionary<string, List<double>>();
        foreach (string name in new[] { "SGD + momentum", "Adam" })
        {
            var loss = losses[name] = new List<double>();
            var accuracy = accuracies[name] = new List<double>();
            EpochCallback progress = state =>
            {
                double testAccuracy = Accuracy(state.X, test);
                loss.Add(state.MeanBatchLoss);
                accuracy.Add(testAccuracy);
                Console.WriteLine($"  {name,-15} epoch {state.Epoch,2}: train loss {state.MeanBatchLoss:F4}, test accuracy {testAccuracy:P2}, {state.Elapsed.TotalSeconds,5:F1} s");
                return CallbackAction.Continue;
            };
            StochasticSolver solver = name == "Adam"
                ? new AdamSolver(new AdamOptions
                {
                    Epochs = options.Epochs,
                    BatchSize = 32,
                    Seed = 2,
                    Callback = progress,
                    FinalFullDataPass = false,
                    StepSchedule = new CosineAnnealingSchedule(0.002, steps),
                })
                : new MomentumSolver(new MomentumOptions
                {
                    Epochs = options.Epochs,
                    BatchSize = 32,
                    Seed = 2,
                    Momentum = 0.9,
                    Callback = progress,
                    FinalFullDataPass = false,
                    StepSchedule = new CosineAnnealingSchedule(0.03, steps),
                });
            StochasticResult result = solver.Minimize(objective, start);
            runs.Add(new MnistRun(name, accuracy.LastOrDefault(), loss.LastOrDefault(), result.Elapsed.TotalSeconds));
            Console.WriteLine($"  {name}: {result.Reason}, test accuracy {accuracy.LastOrDefault():P2} in {result.Elapsed.TotalSeconds:F1} s");
        }

        string directory = options.OutputDirectory ?? SampleOutput.DefaultDirectory();
        SampleOutput.Save(CurvePlot(losses, "MNIST MLP: mean training mini-batch loss", "cross-entropy"), directory, "mnist-loss.png");
        SampleOutput.Save(CurvePlot(accuracies, "MNIST MLP: test accuracy", "accuracy (fraction of test digits)", fraction: true), directory, "mnist-accuracy.png");
        return runs;
    }

    /// <summary>He normal for the ReLU layer, Xavier normal for the softmax layer, zero biases.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The parameters.</returns>
    public static double[] Initialise(int seed)
    {
        var w = new double[Mlp.Parameters];
        var random = new Random(seed);
        WeightInitialization.HeNormal(w.AsSpan(0, Mlp.B1), Mlp.Inputs, random);
        WeightInitialization.XavierNormal(w.AsSpan(Mlp.W2, Mlp.Outputs * Mlp.Hidden), Mlp.Hidden, Mlp.Outputs, random);
        return w;
    }

    /// <summary>The fraction of <paramref name="data"/> classified correctly (in parallel; the count does not depend on the order).</summary>
    /// <param name="w">The parameters.</param>
    /// <param name="data">Samples (pixels then label).</param>
    /// <returns>The accuracy.</returns>
    public static double Accuracy(ReadOnlySpan<double> w, Dataset data)
    {
        double[] weights = w.ToArray();
        int correct = 0;
        Parallel.For(0, data.Count, () => 0, (i, _, local) =>
            local + (Mlp.Predict(weights, data[i]) == (int)data[i][Mlp.Inputs] ? 1 : 0),
            local => System.Threading.Interlocked.Add(ref correct, local));
        return (double)correct / data.Count;
    }

    private static Dataset Pack(double[] pixels, int[] labels, int first, int count)
    {
        var values = new double[count * Mlp.SampleLength];
        for (int i = 0; i < count; i++)
        {
            Array.Copy(pixels, (first + i) * Mlp.Inputs, values, i * Mlp.SampleLength, Mlp.Inputs);
            values[i * Mlp.SampleLength + Mlp.Inputs] = labels[first + i];
        }

        return new Dataset(values, Mlp.SampleLength);
    }

    private static Plot CurvePlot(Dictionary<string, List<double>> curves, string title, string yLabel, bool fraction = false)
    {
        var plot = new Plot();
        foreach (var (name, values) in curves)
        {
            var line = plot.Add.Scatter(Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray(), values.ToArray());
            line.LegendText = name;
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        SampleOutput.WholeNumberAxisX(plot, 1, curves.Values.Max(v => v.Count));
        if (fraction)
        {
            SampleOutput.FractionAxisY(plot);
        }

        SampleOutput.LegendOutside(plot);
        return plot;
    }
}
