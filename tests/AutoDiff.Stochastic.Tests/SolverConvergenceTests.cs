using System;
using System.Collections.Generic;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>Every stochastic optimiser reaches the known optimum of a noiseless least-squares problem (seeded).</summary>
public class SolverConvergenceTests
{
    private static readonly double[] Start = new double[4];

    public static IEnumerable<object[]> Solvers()
    {
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new ConstantStepSchedule(0.1), Epochs = 60, BatchSize = 8 }), 1e-4];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new InverseSqrtDecaySchedule(0.5), Epochs = 60, BatchSize = 8 }), 1e-3];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new CosineAnnealingSchedule(0.2, 60 * 32), Epochs = 60, BatchSize = 8 }), 1e-4];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new LinearDecaySchedule(0.2, 60 * 32, 0.002), Epochs = 60, BatchSize = 8 }), 1e-4];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new ExponentialDecaySchedule(0.2, 1000), Epochs = 60, BatchSize = 8 }), 1e-4];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new StepDecaySchedule(0.2, 500, 0.7), Epochs = 60, BatchSize = 8 }), 1e-4];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new InverseTimeDecaySchedule(0.2, 0.001), Epochs = 60, BatchSize = 8 }), 1e-4];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new ConstantStepSchedule(0.1), Epochs = 60, BatchSize = 8, Averaging = IterateAveraging.Exponential, AveragingDecay = 0.99 }), 1e-3];
        yield return [new SgdSolver(new SgdOptions { StepSchedule = new ConstantStepSchedule(0.1), Epochs = 60, BatchSize = 8, MaxGradientNorm = 1 }), 1e-4];
        yield return [new MomentumSolver(new MomentumOptions { StepSchedule = new ConstantStepSchedule(0.02), Epochs = 40, BatchSize = 8 }), 1e-4];
        yield return [new NesterovSolver(new MomentumOptions { StepSchedule = new ConstantStepSchedule(0.02), Epochs = 40, BatchSize = 8 }), 1e-4];
        yield return [new AdamSolver(new AdamOptions { StepSchedule = new CosineAnnealingSchedule(0.05, 60 * 32), Epochs = 60, BatchSize = 8 }), 1e-3];
        yield return [new AdamSolver(AdamOptions.AdamW with { StepSchedule = new CosineAnnealingSchedule(0.05, 60 * 32), Epochs = 60, BatchSize = 8, WeightDecay = 1e-4 }), 1e-2];
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void ReachesTheKnownOptimum(StochasticSolver solver, double tolerance)
    {
        StochasticResult result = solver.Minimize(LeastSquares.Objective(), Start);

        Assert.Equal(TerminationReason.MaxEpochs, result.Reason);
        for (int j = 0; j < 4; j++)
        {
            Assert.True(
                Math.Abs(result.Minimizer[j] - LeastSquares.TrueWeights[j]) < tolerance,
                $"{solver.Name}: w[{j}] = {result.Minimizer[j]}, expected {LeastSquares.TrueWeights[j]}\n{result}");
        }
    }

    [Fact]
    public void AveragedIterateOfConstantStepSgdIsCloserThanTheLastIterateOnNoisyData()
    {
        // Noisy labels: constant-step SGD keeps bouncing in a region of size ~ h; the average settles in the middle.
        var random = new Random(3);
        var values = new double[512 * 4];
        for (int i = 0; i < 512; i++)
        {
            double a = 2 * random.NextDouble() - 1;
            values[i * 4] = a;
            values[i * 4 + 3] = 2 * a + (random.NextDouble() - 0.5);
        }

        var objective = new StochasticObjective(LeastSquares.LossPullback, new Dataset(values, 4), LeastSquares.Loss);
        var options = new SgdOptions { StepSchedule = new ConstantStepSchedule(0.3), Epochs = 30, BatchSize = 1 };
        double last = new SgdSolver(options).Minimize(objective, Start).Value;
        double uniform = new SgdSolver(options with { Averaging = IterateAveraging.Uniform }).Minimize(objective, Start).Value;
        double weighted = new SgdSolver(options with { Averaging = IterateAveraging.StepWeighted }).Minimize(objective, Start).Value;

        double optimum = new LbfgsSolver().Minimize(objective.ToObjective(), Start).Value;
        Assert.True(uniform - optimum < 0.5 * (last - optimum), $"last {last - optimum}, uniform {uniform - optimum}");
        Assert.True(weighted - optimum < 0.5 * (last - optimum), $"last {last - optimum}, weighted {weighted - optimum}");
    }
}
