using System;
using System.Threading;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>
/// How each stochastic solver ends a run it cannot continue: a non-finite loss returns the last iterate with finite F,
/// an already-cancelled token takes no step, and a loss that throws surfaces the same exception with or without threads.
/// </summary>
public class RunEndingTests
{
    private static readonly double[] Start = [0.1, 0.2, 0.3, 0.4];

    public static TheoryData<string> SolverNames() => new(["SGD", "Momentum", "Nesterov", "Adam"]);

    private static StochasticSolver Create(string name, Func<StochasticOptions, StochasticOptions> configure) => name switch
    {
        "SGD" => new SgdSolver((SgdOptions)configure(new SgdOptions())),
        "Momentum" => new MomentumSolver((MomentumOptions)configure(new MomentumOptions())),
        "Nesterov" => new NesterovSolver((MomentumOptions)configure(new MomentumOptions())),
        "Adam" => new AdamSolver((AdamOptions)configure(new AdamOptions())),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(SolverNames))]
    public void Non_finite_loss_returns_the_last_iterate_with_finite_F(string solverName)
    {
        // A step of 1e200 sends every solver's first iterate to |w| ~ 1e200, where the squared residual overflows:
        // the last iterate with a finite loss is the start.
        var objective = LeastSquares.Objective();
        StochasticSolver solver = Create(solverName, o => o with { StepSchedule = new ConstantStepSchedule(1e200), Epochs = 3 });
        StochasticResult result = solver.Minimize(objective, Start);

        Assert.Equal(TerminationReason.NonFiniteObjective, result.Reason);
        Assert.Equal(Start, result.Minimizer);
        Assert.True(double.IsFinite(result.Value), $"F = {result.Value}");
        Assert.Equal(objective.MeanLoss(Start), result.Value, 12);
    }

    [Fact]
    public void Non_finite_loss_after_some_steps_returns_the_iterate_before_the_breaking_step()
    {
        // NaN once w[3] (the bias) reaches 1: SGD walks the bias from 0.4 towards its optimum 3 and stops below 1.
        var data = LeastSquares.Create(64);
        var objective = new StochasticObjective(
            (w, sample, seed, adjoint) => w[3] >= 1 ? double.NaN : LeastSquares.LossPullback(w, sample, seed, adjoint), data, expectedSampleLength: 4);
        StochasticResult result = new SgdSolver(new SgdOptions { BatchSize = 8, Epochs = 20 }).Minimize(objective, Start);

        Assert.Equal(TerminationReason.NonFiniteObjective, result.Reason);
        Assert.True(result.Iterations > 1);
        Assert.True(result.Minimizer[3] < 1 && result.Minimizer[3] > Start[3], $"bias {result.Minimizer[3]}");
        Assert.True(double.IsFinite(result.Value));
    }

    [Theory]
    [MemberData(nameof(SolverNames))]
    public void Already_cancelled_token_takes_no_step(string solverName)
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        StochasticResult result = Create(solverName, o => o).Minimize(LeastSquares.Objective(), Start, source.Token);

        Assert.Equal(TerminationReason.Cancelled, result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(0, result.SamplesSeen);
        Assert.Equal(Start, result.Minimizer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue)]
    public void Loss_that_throws_surfaces_its_own_exception_on_both_paths(int parallelThreshold)
    {
        // Samples from index 40 on throw; with batches of 64 in dataset order, several chunks fail at once.
        var data = LeastSquares.Create(256);
        var objective = new StochasticObjective(
            (w, sample, seed, adjoint) => sample[3] > 4
                ? throw new InvalidOperationException("bad sample")
                : LeastSquares.LossPullback(w, sample, seed, adjoint), data, expectedSampleLength: 4);
        var options = new SgdOptions { BatchSize = 64, Shuffle = false, ParallelThreshold = parallelThreshold };

        var error = Assert.Throws<InvalidOperationException>(() => new SgdSolver(options).Minimize(objective, Start));
        Assert.Equal("bad sample", error.Message);
    }
}
