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

        OptimizationResult result = RunLbfgs(new StoppingCriteria { SquaredGradientTolerance = 0, RelativeSquaredGradientTolerance = 1e-6 });

        Assert.Equal(TerminationReason.RelativeSquaredGradientTolerance, result.Reason);
        Assert.True(result.Converged);
        Assert.True(result.GradientNorm * result.GradientNorm <= 1e-6 * g0Squared);
    }

    [Fact]
    public void Function_change_test()
    {
        OptimizationResult result = RunLbfgs(new StoppingCriteria { SquaredGradientTolerance = 0, FunctionChangeTolerance = 1e-12 });

        Assert.Equal(TerminationReason.FunctionChangeTolerance, result.Reason);
        Assert.True(result.Converged);
        Assert.True(result.Value < 1e-8);
    }

    [Fact]
    public void Step_size_test()
    {
        OptimizationResult result = RunLbfgs(new StoppingCriteria { SquaredGradientTolerance = 0, RoundOffFunctionChangeTolerance = 0, StepTolerance = 1e-9 });

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

    [Fact]
    public void Gradient_norm_test_is_on_the_norm_and_the_squared_test_on_its_square()
    {
        // The same number 1e-4 means ||g|| <= 1e-4 in one test and ||g|| <= 1e-2 in the other.
        OptimizationResult norm = RunLbfgs(new StoppingCriteria { SquaredGradientTolerance = 0, GradientNormTolerance = 1e-4 });
        OptimizationResult squared = RunLbfgs(new StoppingCriteria { SquaredGradientTolerance = 1e-4 });

        Assert.Equal(TerminationReason.GradientNormTolerance, norm.Reason);
        Assert.True(norm.Converged);
        Assert.True(norm.GradientNorm <= 1e-4);
        Assert.Contains("||g|| <= 0.0001", norm.ToString(), StringComparison.Ordinal);
        Assert.Equal(TerminationReason.SquaredGradientTolerance, squared.Reason);
        Assert.True(squared.GradientNorm <= 1e-2);
        Assert.Contains("||g||^2 <= 0.0001", squared.ToString(), StringComparison.Ordinal);
        Assert.True(squared.Iterations < norm.Iterations);
    }

    [Fact]
    public void Scaled_gradient_test_is_relative_to_f()
    {
        // f = 1e6 + (x - 1)^2: with ||g|| <= 1e-12 max(1, |f|) = 1e-6, the run stops where ||g|| is near 1e-6.
        var lifted = new Objective(x => 1e6 + (x[0] - 1) * (x[0] - 1), (x, g) =>
        {
            g[0] = 2 * (x[0] - 1);
            return 1e6 + (x[0] - 1) * (x[0] - 1);
        });
        var options = new GradientDescentOptions
        {
            StepSchedule = new ConstantStepSchedule(0.1),
            Stopping = new StoppingCriteria { SquaredGradientTolerance = 0, RoundOffFunctionChangeTolerance = 0, ScaledGradientNormTolerance = 1e-12 },
        };
        OptimizationResult result = new GradientDescentSolver(options).Minimize(lifted, [3.0]);

        Assert.Equal(TerminationReason.ScaledGradientNormTolerance, result.Reason);
        Assert.True(result.Converged);
        Assert.InRange(result.GradientNorm, 0.8e-6 * 0.99, 1e-6 * (1 + 1e-6));
    }

    [Fact]
    public void Round_off_rule_ends_a_run_whose_gradient_test_is_below_round_off_as_machine_precision()
    {
        // Fitting a line to y_t = +-1e4 (t = 0..9): f* is about 1e9, and the gradient 2 sum r_t (1, t) sums residuals of
        // 1e4 that cancel, so round-off keeps ||g||^2 far above the 1e-30 asked for.
        static double Residual(ReadOnlySpan<double> x, int t) => x[0] + t * x[1] - (t % 2 == 0 ? 1e4 : -1e4);
        var line = new Objective(
            x =>
            {
                double f = 0;
                for (int t = 0; t < 10; t++)
                {
                    f += Residual(x, t) * Residual(x, t);
                }

                return f;
            },
            (x, g) =>
            {
                double f = 0;
                g.Clear();
                for (int t = 0; t < 10; t++)
                {
                    double r = Residual(x, t);
                    f += r * r;
                    g[0] += 2 * r;
                    g[1] += 2 * t * r;
                }

                return f;
            });
        var stopping = new StoppingCriteria { SquaredGradientTolerance = 1e-30 };
        OptimizationResult result = new LbfgsSolver(new LbfgsOptions { Stopping = stopping }).Minimize(line, [0.0, 0.0]);

        Assert.Equal(TerminationReason.MachinePrecision, result.Reason);
        Assert.True(result.Converged);
        var g = new double[2];
        line.Gradient(result.Minimizer, g);
        Assert.True(Math.Abs(g[0] * result.Minimizer[0]) + Math.Abs(g[1] * result.Minimizer[1]) <= 1e-4 * result.Value, result.ToString());
        Assert.Equal(-5e4 / 82.5, result.Minimizer[1], 1e-6);                // the least-squares slope
        Assert.Equal(5e4 / 82.5 * 4.5, result.Minimizer[0], 1e-6);          // and intercept
        Assert.True(result.Evaluations.Total < 100, result.ToString());
        Assert.Contains("machine precision", result.Message, StringComparison.Ordinal);

        // Switched off, the same run cannot claim convergence and works longer to end.
        OptimizationResult off = new LbfgsSolver(new LbfgsOptions { Stopping = stopping with { RoundOffFunctionChangeTolerance = 0 } })
            .Minimize(line, [0.0, 0.0]);
        Assert.False(off.Converged, off.ToString());
        Assert.True(off.Evaluations.Total > result.Evaluations.Total, off.ToString());
    }

    public static TheoryData<string, string> CallbackEndings()
    {
        var data = new TheoryData<string, string>();
        foreach (string solver in Solvers.All)
        {
            foreach (string ending in new[] { "converged", "iterations", "callback", "cancelled", "non-finite" })
            {
                data.Add(solver, ending);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CallbackEndings))]
    public void Callback_sees_every_iterate_once_and_the_final_one_last(string solverName, string ending)
    {
        // f = sum d_i^2 + d_i^4 with d = x - 1, from (3, -2) (not quadratic, so every solver needs several steps);
        // "non-finite": NaN once x_0 < 2, so every solver gets stuck at that edge.
        bool nanBelowTwo = ending == "non-finite";
        double F(ReadOnlySpan<double> x)
        {
            double d0 = x[0] - 1, d1 = x[1] - 1;
            return nanBelowTwo && x[0] < 2 ? double.NaN : d0 * d0 + d1 * d1 + d0 * d0 * d0 * d0 + d1 * d1 * d1 * d1;
        }

        var objective = new Objective(
            x => F(x),
            (x, g) =>
            {
                g[0] = 2 * (x[0] - 1) + 4 * Math.Pow(x[0] - 1, 3);
                g[1] = 2 * (x[1] - 1) + 4 * Math.Pow(x[1] - 1, 3);
                return F(x);
            },
            (x, v, hv) =>
            {
                hv[0] = (2 + 12 * (x[0] - 1) * (x[0] - 1)) * v[0];
                hv[1] = (2 + 12 * (x[1] - 1) * (x[1] - 1)) * v[1];
                return F(x);
            });
        using var source = new CancellationTokenSource();
        var seen = new System.Collections.Generic.List<double[]>();
        var stopping = new StoppingCriteria { MaxIterations = ending == "iterations" ? 1 : 1000 };
        CallbackAction Callback(IterationState state)
        {
            seen.Add(state.X.ToArray());
            if (ending == "cancelled" && state.Iteration == 1)
            {
                source.Cancel();
            }

            return ending == "callback" && state.Iteration == 1 ? CallbackAction.Stop : CallbackAction.Continue;
        }

        OptimizationSolver solver = solverName switch
        {
            "GD" => new GradientDescentSolver(new GradientDescentOptions { Stopping = stopping, Callback = Callback, RecordTrace = true }),
            "Newton" => new NewtonSolver(new NewtonOptions { Stopping = stopping, Callback = Callback, RecordTrace = true }),
            "NewtonCG" => new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { Stopping = stopping, Callback = Callback, RecordTrace = true }),
            "TrustRegion" => new TrustRegionNewtonSolver(new TrustRegionNewtonOptions { Stopping = stopping, Callback = Callback, RecordTrace = true }),
            "CG" => new ConjugateGradientSolver(new ConjugateGradientOptions { Stopping = stopping, Callback = Callback, RecordTrace = true }),
            _ => new LbfgsSolver(new LbfgsOptions { Stopping = stopping, Callback = Callback, RecordTrace = true }),
        };
        OptimizationResult result = solver.Minimize(objective, [3.0, -2.0], source.Token);

        TerminationReason expected = ending switch
        {
            "converged" => TerminationReason.SquaredGradientTolerance,
            "iterations" => TerminationReason.MaxIterations,
            "callback" => TerminationReason.StoppedByCallback,
            "cancelled" => TerminationReason.Cancelled,
            _ => result.Reason, // stuck at the edge: line search failure, non-finite objective or the budget, never converged
        };
        Assert.Equal(expected, result.Reason);
        Assert.Equal(ending == "converged", result.Converged);
        Assert.Equal(result.Iterations + 1, seen.Count);
        Assert.Equal(result.Iterations + 1, result.Trace.Count);
        Assert.Equal(result.Minimizer, seen[^1]);
        Assert.Equal(result.Value, result.Trace[^1].Value);
        if (ending is "iterations" or "callback" or "cancelled")
        {
            Assert.Equal(1, result.Iterations);
        }
    }
}
