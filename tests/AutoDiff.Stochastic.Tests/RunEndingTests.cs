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

    public static TheoryData<string, bool> SolverNamesAndWhatBreaks()
    {
        var cases = new TheoryData<string, bool>();
        foreach (string name in new[] { "SGD", "Momentum", "Nesterov", "Adam" })
        {
            cases.Add(name, true);
            cases.Add(name, false);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SolverNamesAndWhatBreaks))]
    public void Non_finite_batch_returns_exactly_the_iterate_of_the_last_finite_batch(string solverName, bool gradientBreaks)
    {
        // 64 samples in batches of 8: 8 steps an epoch. Step 17 (counting from 0) evaluates its batch at the iterate after
        // 17 steps, where the loss or only the gradient turns NaN; the run must return the iterate after 16 steps (two
        // epochs), at which step 16's batch was still finite: the same bits as a clean run of two epochs.
        var data = LeastSquares.Create(64);
        int calls = 0;
        var breaking = new StochasticObjective(
            (w, sample, seed, adjoint) =>
            {
                double loss = LeastSquares.LossPullback(w, sample, seed, adjoint);
                if (++calls <= 17 * 8)
                {
                    return loss;
                }

                if (gradientBreaks)
                {
                    adjoint[2] = double.NaN;
                    return loss;
                }

                return double.NaN;
            },
            data,
            expectedSampleLength: 4);
        StochasticOptions Configure(StochasticOptions o) => o with { BatchSize = 8, MaxDegreeOfParallelism = 1, FinalFullDataPass = false };
        StochasticResult broken = Create(solverName, o => Configure(o) with { Epochs = 5 }).Minimize(breaking, Start);
        StochasticResult clean = Create(solverName, o => Configure(o) with { Epochs = 2 }).Minimize(new StochasticObjective(LeastSquares.LossPullback, data), Start);

        Assert.Equal(TerminationReason.NonFiniteObjective, broken.Reason);
        Assert.Equal(17, broken.Iterations);
        Assert.Equal(2, broken.Epochs);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(clean.Minimizer[j]), BitConverter.DoubleToInt64Bits(broken.Minimizer[j]));
        }
    }

    [Fact]
    public void Loss_that_threw_leaves_no_partial_sums_in_the_next_full_data_gradient()
    {
        // The evaluator keeps its chunk buffers between calls and zeroes them as it adds them up; a pass that throws
        // halfway never gets there, so the next pass must start from clean buffers.
        var data = LeastSquares.Create(256);
        int calls = 0;
        var objective = new StochasticObjective(
            (w, sample, seed, adjoint) => ++calls == 100
                ? throw new InvalidOperationException("once")
                : LeastSquares.LossPullback(w, sample, seed, adjoint),
            data,
            expectedSampleLength: 4);
        double[] gradient = new double[4], expected = new double[4];

        Assert.Throws<InvalidOperationException>(() => objective.MeanLossAndGradient(Start, gradient));
        double loss = objective.MeanLossAndGradient(Start, gradient);
        double expectedLoss = new StochasticObjective(LeastSquares.LossPullback, data).MeanLossAndGradient(Start, expected);

        Assert.Equal(expectedLoss, loss);
        Assert.Equal(expected, gradient);
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
