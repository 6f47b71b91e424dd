using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Initialization;
using AutoDiff.Optimization;
using Samples.Common;
using ScottPlot;

namespace Samples.RbmPretraining;

/// <summary>How to run the pretraining sample.</summary>
/// <param name="TrainCount">Training digits (14 x 14). Default 2000.</param>
/// <param name="TestCount">Test digits (the last ones). Default 1000.</param>
/// <param name="RbmEpochs">CD-1 epochs per RBM. Default 5.</param>
/// <param name="FineTuneEpochs">SGD epochs of fine-tuning (and of the randomly initialised baseline). Default 5.</param>
/// <param name="OutputDirectory">Where plots go; null for plots/ under the working directory.</param>
public sealed record PretrainingOptions(int TrainCount = 2000, int TestCount = 1000, int RbmEpochs = 5, int FineTuneEpochs = 5, string? OutputDirectory = null);

/// <summary>What the sample measured.</summary>
/// <param name="Rbm1Errors">Reconstruction error per epoch of the first RBM.</param>
/// <param name="Rbm2Errors">The same for the second.</param>
/// <param name="PretrainedAccuracy">Test accuracy per fine-tuning epoch, starting from the RBM stack.</param>
/// <param name="RandomAccuracy">Test accuracy per epoch from a random (classic) initialisation, same budget.</param>
public sealed record PretrainingResult(double[] Rbm1Errors, double[] Rbm2Errors, double[] PretrainedAccuracy, double[] RandomAccuracy);

/// <summary>
/// Greedy layer-wise pretraining (Hinton, Osindero and Teh 2006; Bengio et al. 2007): train an RBM on the pixels with CD-1,
/// a second on its hidden probabilities, put both into a sigmoid network with a softmax on top and fine-tune everything
/// with SGD; compare with the same network and budget from a random initialisation.
/// </summary>
public static class PretrainingSample
{
    /// <summary>Runs pretraining and both fine-tunings, prints progress and writes two plots.</summary>
    /// <param name="options">Budget and output directory.</param>
    /// <returns>The measurements.</returns>
    public static PretrainingResult Run(PretrainingOptions options)
    {
        (double[] pixels, int[] labels) = SampleFiles.LoadMnist14();
        const int V = FineTuneNet.Inputs;
        double[] trainPixels = pixels.AsSpan(0, options.TrainCount * V).ToArray();
        Dataset train = Pack(pixels, labels, 0, options.TrainCount);
        Dataset test = Pack(pixels, labels, labels.Length - options.TestCount, options.TestCount);

        var errors1 = new List<double>();
        double[] rbm1 = ContrastiveDivergence.Train(trainPixels, V, new RbmOptions(FineTuneNet.Hidden1, options.RbmEpochs, Seed: 1), errors1);
        Console.WriteLine($"RBM 1 ({V} -> {FineTuneNet.Hidden1}), CD-1: reconstruction error by epoch {Format(errors1)}");
        double[] features = ContrastiveDivergence.HiddenProbabilities(rbm1, trainPixels, V, FineTuneNet.Hidden1);
        var errors2 = new List<double>();
        double[] rbm2 = ContrastiveDivergence.Train(features, FineTuneNet.Hidden1, new RbmOptions(FineTuneNet.Hidden2, options.RbmEpochs, Seed: 2), errors2);
        Console.WriteLine($"RBM 2 ({FineTuneNet.Hidden1} -> {FineTuneNet.Hidden2}), CD-1: reconstruction error by epoch {Format(errors2)}");

        double[] pretrained = RandomStart(seed: 3);
        CopyLayer(rbm1, V, FineTuneNet.Hidden1, pretrained, 0);
        CopyLayer(rbm2, FineTuneNet.Hidden1, FineTuneNet.Hidden2, pretrained, FineTuneNet.Layer2);
        double[] random = RandomStart(seed: 3);

        var objective = new StochasticObjective(FineTuneNet.LossPullback, train, FineTuneNet.Loss, FineTuneNet.Inputs + 1);
        double[] pretrainedAccuracy = FineTune("pretrained", objective, pretrained, test, options.FineTuneEpochs);
        double[] randomAccuracy = FineTune("random init", objective, random, test, options.FineTuneEpochs);

        string directory = options.OutputDirectory ?? SampleOutput.DefaultDirectory();
        var reconstruction = new Plot();
        AddCurve(reconstruction, "RBM 1 (pixels)", errors1, 1);
        AddCurve(reconstruction, "RBM 2 (RBM 1's hidden units)", errors2, 1);
        reconstruction.Title("Contrastive divergence (CD-1): reconstruction error");
        reconstruction.XLabel("epoch");
        reconstruction.YLabel("mean ||v - v1||^2");
        SampleOutput.WholeNumberAxisX(reconstruction, 1, Math.Max(errors1.Count, errors2.Count));
        SampleOutput.LegendOutside(reconstruction);
        SampleOutput.Save(reconstruction, directory, "rbm-reconstruction.png");

        var fineTune = new Plot();
        AddCurve(fineTune, "RBM-pretrained stack", pretrainedAccuracy, 0);
        AddCurve(fineTune, "random initialisation", randomAccuracy, 0);
        fineTune.Title("Fine-tuning 196-64-32-10 sigmoid net with SGD: test accuracy");
        fineTune.XLabel("epoch");
        fineTune.YLabel("test accuracy (fraction)");
        SampleOutput.WholeNumberAxisX(fineTune, 0, pretrainedAccuracy.Length - 1);
        SampleOutput.FractionAxisY(fineTune);
        SampleOutput.LegendOutside(fineTune);
        SampleOutput.Save(fineTune, directory, "pretraining-finetune.png");
        return new PretrainingResult(errors1.ToArray(), errors2.ToArray(), pretrainedAccuracy, randomAccuracy);
    }

    private static double[] FineTune(string name, StochasticObjective objective, double[] start, Dataset test, int epochs)
    {
        var accuracy = new List<double> { Accuracy(start, test) };
        var solver = new SgdSolver(new SgdOptions
        {
            StepSchedule = new ConstantStepSchedule(0.1),
            BatchSize = 10,
            Epochs = epochs,
            Seed = 4,
            FinalFullDataPass = false,
            Callback = state =>
            {
                accuracy.Add(Accuracy(state.X, test));
                Console.WriteLine($"  {name,-12} epoch {state.Epoch}: train loss {state.MeanBatchLoss:F4}, test accuracy {accuracy[^1]:P1}");
                return CallbackAction.Continue;
            },
        });
        solver.Minimize(objective, start);
        return accuracy.ToArray();
    }

    /// <summary>The pre-2010 default U[-1/sqrt(n_in), 1/sqrt(n_in)] in every layer, zero biases.</summary>
    private static double[] RandomStart(int seed)
    {
        var w = new double[FineTuneNet.Parameters];
        var random = new Random(seed);
        WeightInitialization.ClassicUniform(w.AsSpan(0, FineTuneNet.Hidden1 * FineTuneNet.Inputs), FineTuneNet.Inputs, random);
        WeightInitialization.ClassicUniform(w.AsSpan(FineTuneNet.Layer2, FineTuneNet.Hidden2 * FineTuneNet.Hidden1), FineTuneNet.Hidden1, random);
        WeightInitialization.ClassicUniform(w.AsSpan(FineTuneNet.Layer3, FineTuneNet.Outputs * FineTuneNet.Hidden2), FineTuneNet.Hidden2, random);
        return w;
    }

    /// <summary>An RBM's W (hidden x visible) and hidden biases c become a layer's weights and biases.</summary>
    private static void CopyLayer(double[] theta, int visible, int hidden, double[] w, int offset)
    {
        Array.Copy(theta, 0, w, offset, hidden * visible);
        Array.Copy(theta, hidden * visible + visible, w, offset + hidden * visible, hidden);
    }

    private static double Accuracy(ReadOnlySpan<double> w, Dataset test)
    {
        int correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            correct += FineTuneNet.Predict(w, test[i]) == (int)test[i][FineTuneNet.Inputs] ? 1 : 0;
        }

        return (double)correct / test.Count;
    }

    private static Dataset Pack(double[] pixels, int[] labels, int first, int count)
    {
        const int V = FineTuneNet.Inputs;
        var values = new double[count * (V + 1)];
        for (int s = 0; s < count; s++)
        {
            Array.Copy(pixels, (first + s) * V, values, s * (V + 1), V);
            values[s * (V + 1) + V] = labels[first + s];
        }

        return new Dataset(values, V + 1);
    }

    private static void AddCurve(Plot plot, string name, IReadOnlyList<double> values, int firstX)
    {
        var line = plot.Add.Scatter(Enumerable.Range(firstX, values.Count).Select(e => (double)e).ToArray(), values.ToArray());
        line.LegendText = name;
    }

    private static string Format(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
