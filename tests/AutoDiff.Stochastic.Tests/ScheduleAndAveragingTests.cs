using System;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>The new schedules give their formulas' values; the averages are the formulas they claim.</summary>
public class ScheduleAndAveragingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(99)]
    public void InverseSqrtDecayIsAlpha0OverSqrtOfOnePlusT(int t) =>
        Assert.Equal(0.5 / Math.Sqrt(1 + t), new InverseSqrtDecaySchedule(0.5).StepAt(t), 15);

    [Fact]
    public void CosineAnnealingFollowsHalfACosineThenStaysAtTheMinimum()
    {
        var schedule = new CosineAnnealingSchedule(0.1, 100, 0.001);
        Assert.Equal(0.1, schedule.StepAt(0), 15);
        Assert.Equal(0.001 + 0.099 * 0.5, schedule.StepAt(50), 15);
        Assert.Equal(0.001 + 0.099 * 0.5 * (1 + Math.Cos(Math.PI * 0.25)), schedule.StepAt(25), 15);
        Assert.Equal(0.001, schedule.StepAt(100), 15);
        Assert.Equal(0.001, schedule.StepAt(1000), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(0.1, 0));
    }

    private static readonly double[][] Points = [[1, -2], [3, 0.5], [-4, 2], [0.25, 8]];
    private static readonly double[] Weights = [0.5, 0.25, 2, 1];

    [Fact]
    public void UniformAverageIsTheMean()
    {
        var average = new IterateAverager(IterateAveraging.Uniform, 2);
        foreach (double[] p in Points)
        {
            average.Add(p, 123); // weights are ignored
        }

        Assert.Equal((1 + 3 - 4 + 0.25) / 4, average.Average[0], 14);
        Assert.Equal((-2 + 0.5 + 2 + 8) / 4, average.Average[1], 14);
        Assert.Equal(4, average.Count);
    }

    [Fact]
    public void StepWeightedAverageIsSumOfAxOverSumOfA()
    {
        var average = new IterateAverager(IterateAveraging.StepWeighted, 2);
        for (int i = 0; i < Points.Length; i++)
        {
            average.Add(Points[i], Weights[i]);
        }

        for (int j = 0; j < 2; j++)
        {
            double numerator = 0, denominator = 0;
            for (int i = 0; i < Points.Length; i++)
            {
                numerator += Weights[i] * Points[i][j];
                denominator += Weights[i];
            }

            Assert.Equal(numerator / denominator, average.Average[j], 14);
        }

        Assert.Equal(3.75, average.TotalWeight);
    }

    [Fact]
    public void ExponentialAverageStartsAtTheFirstPointThenDecays()
    {
        const double d = 0.9;
        var average = new IterateAverager(IterateAveraging.Exponential, 2, d);
        foreach (double[] p in Points)
        {
            average.Add(p);
        }

        for (int j = 0; j < 2; j++)
        {
            double expected = Points[0][j];
            for (int i = 1; i < Points.Length; i++)
            {
                expected = d * expected + (1 - d) * Points[i][j];
            }

            Assert.Equal(expected, average.Average[j], 14);
        }
    }

    [Fact]
    public void SolverAveragesAreTheAveragerOfTheSameIterates()
    {
        // One sample, batch 1, constant step: the iterates are deterministic; replay them with the averager.
        var objective = LeastSquares.Objective(1);
        double[] x = new double[4], g = new double[4];
        var uniform = new IterateAverager(IterateAveraging.Uniform, 4);
        var weighted = new IterateAverager(IterateAveraging.StepWeighted, 4);
        var schedule = new InverseSqrtDecaySchedule(0.3);
        for (int t = 0; t < 5; t++)
        {
            LeastSquares.LossGradient(x, objective.Data[0], g);
            weighted.Add(x, schedule.StepAt(t));
            for (int j = 0; j < 4; j++)
            {
                x[j] -= schedule.StepAt(t) * g[j];
            }

            uniform.Add(x);
        }

        var options = new SgdOptions { StepSchedule = schedule, Epochs = 5, BatchSize = 1 };
        Assert.Equal(uniform.Average.ToArray(), new SgdSolver(options with { Averaging = IterateAveraging.Uniform }).Minimize(objective, new double[4]).Minimizer);
        Assert.Equal(weighted.Average.ToArray(), new SgdSolver(options with { Averaging = IterateAveraging.StepWeighted }).Minimize(objective, new double[4]).Minimizer);
    }
}
