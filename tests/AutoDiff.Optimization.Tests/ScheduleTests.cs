using System;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>The step schedules give the textbook values, and gradient descent runs with each of them.</summary>
public class ScheduleTests
{
    [Fact]
    public void Schedules_follow_their_formulas()
    {
        Assert.Equal(0.3, new ConstantStepSchedule(0.3).StepAt(1000));

        var linear = new LinearDecaySchedule(1.0, 10);
        Assert.Equal(1.0, linear.StepAt(0));
        Assert.Equal(0.7, linear.StepAt(3), 15);
        Assert.Equal(0.0, linear.StepAt(10));
        Assert.Equal(0.0, linear.StepAt(50));
        var linearWithFloor = new LinearDecaySchedule(1.0, 10, 0.01);
        Assert.Equal(0.505, linearWithFloor.StepAt(5), 15);
        Assert.Equal(0.01, linearWithFloor.StepAt(11));

        var exponential = new ExponentialDecaySchedule(2.0, 5);
        Assert.Equal(2.0, exponential.StepAt(0));
        Assert.Equal(2.0 * Math.Exp(-1), exponential.StepAt(5), 15);

        var stepDecay = new StepDecaySchedule(1.0, 3, 0.5);
        Assert.Equal([1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25], new[] { 0, 1, 2, 3, 4, 5, 6 }.Select(stepDecay.StepAt));

        var inverse = new InverseTimeDecaySchedule(1.0, 0.5);
        Assert.Equal(1.0, inverse.StepAt(0));
        Assert.Equal(0.25, inverse.StepAt(6));
    }

    public static TheoryData<string> ScheduleNames() => new(["constant", "linear", "exponential", "step", "inverse"]);

    [Theory]
    [MemberData(nameof(ScheduleNames))]
    public void Gradient_descent_with_a_schedule_minimises_Broyden_tridiagonal(string name)
    {
        // A fixed step is stable below 2/L, L the largest Hessian eigenvalue: 2 J'J here, at most 2 (|3 - 4 x_i| + 3)^2,
        // about 130 near the minimum, so steps of 0.01 and less are safe.
        IStepSchedule schedule = name switch
        {
            "constant" => new ConstantStepSchedule(0.01),
            "linear" => new LinearDecaySchedule(0.01, 20_000, 0.005),
            "exponential" => new ExponentialDecaySchedule(0.01, 5_000),
            "step" => new StepDecaySchedule(0.01, 1_000, 0.9),
            _ => new InverseTimeDecaySchedule(0.01, 1e-4),
        };
        var problem = new BroydenTridiagonal(10);
        var options = new GradientDescentOptions { StepSchedule = schedule, Stopping = new StoppingCriteria { SquaredGradientTolerance = 1e-14, MaxIterations = 20_000 } };
        OptimizationResult result = new GradientDescentSolver(options).Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged, result.ToString());
        Assert.True(result.Value <= 1e-10, result.ToString());
        Assert.Equal(0, result.Evaluations.Values); // fixed steps need no line search: one gradient per iteration
        Assert.Equal(result.Iterations + 1, result.Evaluations.Gradients);
    }
}
