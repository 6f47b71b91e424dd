using System;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>Projected stochastic solvers: the start and every iterate stay in the box.</summary>
public class BoundsTests
{
    [Theory]
    [InlineData("SGD")]
    [InlineData("Adam")]
    public void Projection_keeps_iterates_in_the_box_and_the_active_bound_at_the_solution(string solverName)
    {
        // The least-squares bias wants 3; the box caps it at 1, so the constrained solution has it on that bound.
        var box = new BoxBounds([-10.0, -10.0, -10.0, -10.0], [10.0, 10.0, 10.0, 1.0]);
        bool allInside = true;
        EpochCallback callback = state =>
        {
            allInside &= state.X[3] <= 1 && state.Average[3] <= 1;
            return CallbackAction.Continue;
        };
        StochasticResult result = solverName == "SGD"
            ? new SgdSolver(new SgdOptions { Bounds = box, Epochs = 30, Callback = callback }).Minimize(LeastSquares.Objective(), [0.0, 0.0, 0.0, 5.0])
            : new AdamSolver(new AdamOptions { Bounds = box, Epochs = 30, StepSchedule = new ConstantStepSchedule(0.05), Callback = callback })
                .Minimize(LeastSquares.Objective(), [0.0, 0.0, 0.0, 5.0]);

        Assert.True(allInside);
        Assert.Equal(1.0, result.Minimizer[3]);
    }

    [Fact]
    public void Start_outside_is_projected_before_the_first_step()
    {
        var box = new BoxBounds([0.0, 0.0, 0.0, 0.0], [0.5, 0.5, 0.5, 0.5]);
        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();
        StochasticResult result = new SgdSolver(new SgdOptions { Bounds = box }).Minimize(LeastSquares.Objective(), [2.0, -1.0, 0.25, 9.0], cancelled.Token);

        Assert.Equal([0.5, 0.0, 0.25, 0.5], result.Minimizer);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => new SgdSolver(new SgdOptions { Bounds = box }).Minimize(LeastSquares.Objective(), [1.0])).ParamName);
    }
}
