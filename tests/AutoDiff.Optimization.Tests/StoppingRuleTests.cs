using System;
using System.Threading;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>Each stopping rule fires on its own and is reported with its reason.</summary>
public class StoppingRuleTests
{
    private static readonly Rosenbrock Problem = new();

    private static OptimizationResult RunLbfgs(StoppingCriteria stopping, IterationCallback? callback = null, CancellationToken token = default) =>
        new LbfgsSolver(new LbfgsOptions { Stopping = stopping, Callback = callback }).Minimize(Problem.Objective, Problem.Start, token);

    [Fact]
    public void Relative_gradient_test()
    {
        var g0 = new double[2];
        Problem.Gradient(Problem.Start, g0);
        double g0Squared = g0[0] * g0[0] + g0[1] * g0[1];

        OptimizationResult result = RunLbfgs(new StoppingCriteria { GradientTolerance = 0, RelativeGradientTolerance = 1e-6 });

        Assert.Equal(TerminationReason.RelativeGradientTolerance, result.Reason);
        Assert.True(result.Converged);
        Assert.True(result.GradientNorm * result.GradientNorm <= 1e-6 * g0Squared);
    }

    [Fact]
    public void Function_change_test()
    {
        OptimizationResult result = RunLbfgs(new StoppingCriteria { GradientTolerance = 0, FunctionChangeTolerance = 1e-12 });

        Assert.Equal(TerminationReason.FunctionChangeTolerance, result.Reason);
        Assert.True(result.Converged);
        Assert.True(result.Value < 1e-8);
    }

    [Fact]
    public void Step_size_test()
    {
        OptimizationResult result = RunLbfgs(new StoppingCriteria { GradientTolerance = 0, StepTolerance = 1e-9 });

        Assert.Equal(TerminationReason.StepTolerance, result.Reason);
        Assert.True(result.Converged);
    }

    [Fact]
    public void Stall_test_stops_a_run_that_no_longer_lowers_f()
    {
        // Gradient descent with the fixed step 1 on f = x^2 (x - 2x = -x) jumps between x and -x forever: f never drops again.
        var bounce = new Objective(x => x[0] * x[0], (x, g) => { g[0] = 2 * x[0]; return x[0] * x[0]; });
        var options = new GradientDescentOptions
        {
            StepSchedule = new ConstantStepSchedule(1.0),
            Stopping = new StoppingCriteria { StallIterations = 25, MaxIterations = 10_000 },
        };

        OptimizationResult result = new GradientDescentSolver(options).Minimize(bounce, [1.0]);

        Assert.Equal(TerminationReason.Stalled, result.Reason);
        Assert.False(result.Converged);
        Assert.Equal(25, result.Iterations);
        Assert.Equal(1.0, result.Value);
        Assert.Contains("25 iterations in a row", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stall_test_can_be_switched_off()
    {
        var bounce = new Objective(x => x[0] * x[0], (x, g) => { g[0] = 2 * x[0]; return x[0] * x[0]; });
        var options = new GradientDescentOptions
        {
            StepSchedule = new ConstantStepSchedule(1.0),
            Stopping = new StoppingCriteria { StallIterations = 0, MaxIterations = 300 },
        };

        OptimizationResult result = new GradientDescentSolver(options).Minimize(bounce, [1.0]);

        Assert.Equal(TerminationReason.MaxIterations, result.Reason);
        Assert.Equal(300, result.Iterations);
    }

    [Fact]
    public void Evaluation_budget()
    {
        OptimizationResult result = RunLbfgs(new StoppingCriteria { MaxEvaluations = 20 });

        Assert.Equal(TerminationReason.MaxEvaluations, result.Reason);
        Assert.False(result.Converged);
        Assert.True(result.Evaluations.Total >= 20);
        Assert.True(result.Evaluations.Total < 20 + 40); // checked after each iteration: at most one line search over
    }

    [Fact]
    public void Time_limit()
    {
        // The callback spends longer than the limit at the start, so the limit must fire then; no timing is asserted.
        OptimizationResult result = RunLbfgs(
            new StoppingCriteria { TimeLimit = TimeSpan.FromMilliseconds(1) },
            state =>
            {
                Thread.Sleep(20);
                return CallbackAction.Continue;
            });

        Assert.Equal(TerminationReason.TimeLimit, result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.False(result.Converged);
    }

    [Fact]
    public void Cancelled_before_starting()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        OptimizationResult result = RunLbfgs(new StoppingCriteria(), token: source.Token);

        Assert.Equal(TerminationReason.Cancelled, result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(Problem.Start, result.Minimizer);
        Assert.False(result.Converged);
    }

    [Fact]
    public void Cancelled_during_the_run_stops_after_that_iteration()
    {
        using var source = new CancellationTokenSource();
        OptimizationResult result = RunLbfgs(
            new StoppingCriteria(),
            state =>
            {
                if (state.Iteration == 5)
                {
                    source.Cancel();
                }

                return CallbackAction.Continue;
            },
            source.Token);

        Assert.Equal(TerminationReason.Cancelled, result.Reason);
        Assert.Equal(5, result.Iterations);
        Assert.False(result.Converged);
        Assert.Equal(Problem.Value(result.Minimizer), result.Value, 1e-12);
    }

    [Fact]
    public void Callback_sees_the_state_and_can_stop()
    {
        double[]? seenX = null;
        double seenValue = double.NaN;
        int calls = 0;
        OptimizationResult result = RunLbfgs(
            new StoppingCriteria(),
            state =>
            {
                Assert.Equal(calls++, state.Iteration);
                Assert.Equal(Problem.Value(state.X), state.Value, 1e-12);
                if (state.Iteration < 7)
                {
                    return CallbackAction.Continue;
                }

                seenX = state.X.ToArray();
                seenValue = state.Value;
                return CallbackAction.Stop;
            });

        Assert.Equal(TerminationReason.StoppedByCallback, result.Reason);
        Assert.Equal(7, result.Iterations);
        Assert.Equal(8, calls); // iterations 0..7
        Assert.Equal(seenX, result.Minimizer);
        Assert.Equal(seenValue, result.Value);
        Assert.False(result.Converged);
    }

    [Fact]
    public void Trace_records_iteration_value_gradient_norm_and_step()
    {
        OptimizationResult result = new LbfgsSolver(new LbfgsOptions { RecordTrace = true }).Minimize(Problem.Objective, Problem.Start);

        Assert.Equal(result.Iterations + 1, result.Trace.Count);
        Assert.Equal(new TraceEntry(0, Problem.Value(Problem.Start), result.Trace[0].GradientNorm, 0), result.Trace[0]);
        for (int i = 1; i < result.Trace.Count; i++)
        {
            Assert.Equal(i, result.Trace[i].Iteration);
            Assert.True(result.Trace[i].Value <= result.Trace[i - 1].Value); // L-BFGS with a Wolfe search is monotone
            Assert.True(result.Trace[i].Step > 0);
        }

        Assert.Equal(result.Value, result.Trace[^1].Value);
        Assert.Equal(result.GradientNorm, result.Trace[^1].GradientNorm);
        Assert.Empty(new LbfgsSolver().Minimize(Problem.Objective, Problem.Start).Trace);
    }
}
