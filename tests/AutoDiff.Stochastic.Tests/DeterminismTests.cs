using System;
using System.Threading;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>Same seed, same bits, whatever the threads do; the result's counters are honest.</summary>
public class DeterminismTests
{
    private static readonly double[] Start = [0.1, 0.2, 0.3, 0.4];

    [Fact]
    public void SameSeedGivesTheSameBitsAndAnotherSeedDoesNot()
    {
        var options = new MomentumOptions { Epochs = 3, BatchSize = 16, Seed = 7 };
        var objective = LeastSquares.Objective();
        double[] first = new MomentumSolver(options).Minimize(objective, Start).Minimizer;
        double[] second = new MomentumSolver(options).Minimize(objective, Start).Minimizer;
        double[] other = new MomentumSolver(options with { Seed = 8 }).Minimize(objective, Start).Minimizer;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(32)] // 2 chunks: one pass of the reduction
    [InlineData(48)] // 3 chunks: the last pass adds one buffer
    [InlineData(100)] // 6 chunks
    [InlineData(1000)] // 8 chunks
    public void ParallelAndSequentialMiniBatchesGiveTheSameBits(int batchSize)
    {
        var objective = LeastSquares.Objective(1000);
        var parallel = new AdamOptions { Epochs = 2, BatchSize = batchSize, ParallelThreshold = 0 };
        double[] threaded = new AdamSolver(parallel).Minimize(objective, Start).Minimizer;
        double[] sequential = new AdamSolver(parallel with { MaxDegreeOfParallelism = 1 }).Minimize(objective, Start).Minimizer;

        Assert.Equal(sequential, threaded);
    }

    [Fact]
    public void FullDataGradientIsTheMeanOfTheSampleGradients()
    {
        var objective = LeastSquares.Objective(37);
        double[] gradient = new double[4], sampleGradient = new double[4], expected = new double[4];
        double expectedLoss = 0;
        for (int i = 0; i < 37; i++)
        {
            expectedLoss += LeastSquares.LossGradient(Start, objective.Data[i], sampleGradient) / 37;
            for (int j = 0; j < 4; j++)
            {
                expected[j] += sampleGradient[j] / 37;
            }
        }

        double loss = objective.MeanLossAndGradient(Start, gradient);

        Assert.Equal(expectedLoss, loss, 12);
        Assert.Equal(expectedLoss, objective.MeanLoss(Start), 12);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(expected[j], gradient[j], 12);
        }
    }

    [Fact]
    public void ResultCountsEpochsStepsSamplesAndEvaluations()
    {
        // 100 samples in batches of 32: 4 steps per epoch (the last of 4 samples).
        int epochsSeen = 0;
        var options = new SgdOptions
        {
            Epochs = 3,
            BatchSize = 32,
            RecordTrace = true,
            Callback = state =>
            {
                epochsSeen++;
                Assert.Equal(epochsSeen * 4, state.Steps);
                Assert.Equal(epochsSeen * 100L, state.SamplesSeen);
                return CallbackAction.Continue;
            },
        };
        StochasticResult result = new SgdSolver(options).Minimize(LeastSquares.Objective(100), Start);

        Assert.Equal(3, epochsSeen);
        Assert.Equal(3, result.Epochs);
        Assert.Equal(12, result.Iterations);
        Assert.Equal(300, result.SamplesSeen);
        Assert.Equal(400, result.Evaluations.Gradients); // 300 for the steps, 100 for the final full-data F and grad F
        Assert.Equal(3, result.Trace.Count);
        Assert.False(result.Converged);
        Assert.Equal(TerminationReason.MaxEpochs, result.Reason);
        Assert.Equal(LeastSquares.Objective(100).MeanLoss(result.Minimizer), result.Value, 12);
    }

    [Fact]
    public void CallbackStopCancellationTimeLimitAndNonFiniteLossEndTheRunWithTheirReason()
    {
        var objective = LeastSquares.Objective();
        var stop = new SgdOptions { Epochs = 5, Callback = _ => CallbackAction.Stop };
        StochasticResult stopped = new SgdSolver(stop).Minimize(objective, Start);
        Assert.Equal(TerminationReason.StoppedByCallback, stopped.Reason);
        Assert.Equal(1, stopped.Epochs);

        using var source = new CancellationTokenSource();
        source.Cancel();
        StochasticResult cancelled = new SgdSolver().Minimize(objective, Start, source.Token);
        Assert.Equal(TerminationReason.Cancelled, cancelled.Reason);
        Assert.Equal(0, cancelled.Iterations);

        StochasticResult timed = new SgdSolver(new SgdOptions { Epochs = 1000, TimeLimit = TimeSpan.FromMilliseconds(1) }).Minimize(objective, Start);
        Assert.Equal(TerminationReason.TimeLimit, timed.Reason);

        // A huge constant step diverges; the run stops at the last finite iterate instead of returning NaN.
        StochasticResult diverged = new SgdSolver(new SgdOptions { StepSchedule = new ConstantStepSchedule(100), Epochs = 50 }).Minimize(objective, Start);
        Assert.Equal(TerminationReason.NonFiniteObjective, diverged.Reason);
        Assert.All(diverged.Minimizer, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void TraceRecordsTheNormOfTheEpochsLastBatchGradient()
    {
        // One batch of all the data in dataset order: the last batch gradient is the full-data gradient at the start.
        var objective = LeastSquares.Objective(100);
        var options = new SgdOptions { Epochs = 1, BatchSize = 100, Shuffle = false, RecordTrace = true };
        StochasticResult result = new SgdSolver(options).Minimize(objective, Start);
        double[] gradient = new double[4];
        objective.MeanLossAndGradient(Start, gradient);

        Assert.Equal(Math.Sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1] + gradient[2] * gradient[2] + gradient[3] * gradient[3]), result.Trace[0].GradientNorm);
    }

    [Fact]
    public void GradientClippingBoundsTheFirstStep()
    {
        // From far away the gradient is huge; clipped to norm 1, one step of length h moves x by at most h.
        double[] far = [100, 100, 100, 100];
        var options = new SgdOptions { StepSchedule = new ConstantStepSchedule(0.5), Epochs = 1, BatchSize = 256, MaxGradientNorm = 1 };
        double[] x = new SgdSolver(options).Minimize(LeastSquares.Objective(), far).Minimizer;
        double moved = 0;
        for (int j = 0; j < 4; j++)
        {
            moved += (x[j] - 100) * (x[j] - 100);
        }

        Assert.Equal(0.5, Math.Sqrt(moved), 12);
    }
}
