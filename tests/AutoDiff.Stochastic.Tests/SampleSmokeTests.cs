using System;
using System.IO;
using System.Linq;
using Samples.IllConditionedQuadratic;
using Samples.InitializationSaturation;
using Samples.IrisLogistic;
using Samples.MnistMlp;
using Samples.RbmPretraining;
using Samples.SgdTheory;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>Every sample runs to completion on a small budget and writes its plots (into a temporary directory).</summary>
public sealed class SampleSmokeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("autodiff-samples-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void IrisRuns()
    {
        IrisResult result = IrisSample.Run(new IrisOptions(Epochs: 3, OutputDirectory: _directory));
        // Three passes are far from F*, but every method is already better than chance (1/3) and F - F* is a true gap.
        Assert.All(result.FinalGaps.Values, gap => Assert.True(gap >= -1e-12 && double.IsFinite(gap)));
        Assert.All(result.Accuracies.Values, a => Assert.InRange(a, 0.5, 1.0));
        AssertPlots("iris-convergence.png");
    }

    [Fact]
    public void MnistRuns()
    {
        var runs = MnistSample.Run(new MnistOptions(Epochs: 1, TrainCount: 256, TestCount: 100, OutputDirectory: _directory));
        Assert.Equal(2, runs.Count);
        // Eight steps: better than chance (10%) is all a smoke run can promise.
        Assert.All(runs, r => Assert.True(r.TestAccuracy > 0.15 && double.IsFinite(r.FinalTrainLoss), $"{r.Name}: {r.TestAccuracy}"));
        AssertPlots("mnist-loss.png", "mnist-accuracy.png");
    }

    [Fact]
    public void SaturationRuns()
    {
        var statistics = SaturationSample.Run(new SaturationOptions(Epochs: 1, TrainCount: 100, ProbeCount: 50, OutputDirectory: _directory));
        Assert.Equal(6, statistics.Count);
        // At initialisation the classic scheme shrinks tanh activations layer by layer; Xavier keeps them far larger at the top.
        LayerStatistics tanhClassic = statistics.Single(s => s.Name == "Tanh + Classic");
        LayerStatistics tanhXavier = statistics.Single(s => s.Name == "Tanh + Xavier");
        Assert.True(tanhClassic.ActivationStdStart[^1] < 0.5 * tanhClassic.ActivationStdStart[0]);
        Assert.True(tanhXavier.ActivationStdStart[^1] > 5 * tanhClassic.ActivationStdStart[^1]);
        AssertPlots("init-activation-std.png", "init-gradient-variance.png", "sigmoid-saturation.png");
    }

    [Fact]
    public void PretrainingRuns()
    {
        PretrainingResult result = PretrainingSample.Run(new PretrainingOptions(TrainCount: 100, TestCount: 50, RbmEpochs: 2, FineTuneEpochs: 1, OutputDirectory: _directory));
        Assert.Equal(2, result.Rbm1Errors.Length);
        Assert.True(result.Rbm1Errors[1] < result.Rbm1Errors[0], "CD-1 lowers the reconstruction error");
        Assert.Equal(2, result.PretrainedAccuracy.Length);
        AssertPlots("rbm-reconstruction.png", "pretraining-finetune.png");
    }

    [Fact]
    public void SgdTheoryRuns()
    {
        SgdTheoryResult result = SgdTheorySample.Run(new SgdTheoryOptions(Samples: 200, Epochs: 3, Seeds: 1, OutputDirectory: _directory));
        // Three epochs are mostly transient; the full run shows the G^2 h / 2 region. Here: the measurements are real gaps.
        Assert.All(result.ConstantStepGaps, gap => Assert.True(gap >= 0 && double.IsFinite(gap)));
        Assert.True(result.DecayingGap >= 0 && result.WeightedAverageGap >= 0 && result.AveragedGap >= 0);
        AssertPlots("sgd-step-size.png");
    }

    [Fact]
    public void ValleyRuns()
    {
        var iterations = QuadraticSample.Run(new QuadraticOptions(MaxIterations: 200, OutputDirectory: _directory));
        Assert.Equal(1, iterations["Newton"]);
        Assert.True(iterations["gradient descent (Armijo)"] > 10 * iterations["L-BFGS"]);
        AssertPlots("valley-trajectories.png");
    }

    private void AssertPlots(params string[] names)
    {
        foreach (string name in names)
        {
            Assert.True(new FileInfo(Path.Combine(_directory, name)).Length > 1000, $"{name} missing");
        }
    }
}
