using System;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// Gradient descent (gradient projection) and L-BFGS (L-BFGS-B) with box constraints: known answers on the
/// boundary, projected starts.
/// </summary>
public class BoundsTests
{
    /// <summary>f = sum (x_i - c_i)^2 with c = (-1, 0.5, 3): on [0, 1]^3 the minimiser is (0, 0.5, 1), f* = 5, g* = (2, 0, -4).</summary>
    private static readonly Objective ShiftedSquares = new(
        x => Square(x[0] + 1) + Square(x[1] - 0.5) + Square(x[2] - 3),
        (x, g) =>
        {
            g[0] = 2 * (x[0] + 1);
            g[1] = 2 * (x[1] - 0.5);
            g[2] = 2 * (x[2] - 3);
            return Square(x[0] + 1) + Square(x[1] - 0.5) + Square(x[2] - 3);
        });

    private static readonly BoxBounds UnitCube = new([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]);

    private static double Square(double v) => v * v;

    public static TheoryData<string> BoundedSolvers() => new(["GD", "LBFGS"]);

    private static OptimizationSolver Projected(BoxBounds bounds, IterationCallback? callback = null, IStepSchedule? schedule = null, string solver = "GD")
    {
        var stopping = new StoppingCriteria { MaxIterations = 20_000 };
        return solver == "GD"
            ? new GradientDescentSolver(new GradientDescentOptions { Bounds = bounds, Callback = callback, StepSchedule = schedule, Stopping = stopping })
            : new LbfgsSolver(new LbfgsOptions { Bounds = bounds, Callback = callback, Stopping = stopping });
    }

    [Theory]
    [InlineData("GD", false)]
    [InlineData("GD", true)]
    [InlineData("LBFGS", false)]
    public void Active_bounds_at_the_solution_give_the_known_answer_and_converge_on_the_projected_gradient(string solver, bool schedule)
    {
        OptimizationResult result = Projected(UnitCube, schedule: schedule ? new ConstantStepSchedule(0.25) : null, solver: solver)
            .Minimize(ShiftedSquares, [0.5, 0.5, 0.5]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal([0.0, 0.5, 1.0], result.Minimizer);
        Assert.Equal(5.0, result.Value, 12);
        Assert.True(result.GradientNorm <= 1e-8, result.ToString()); // the projected gradient; the gradient itself is (2, 0, -4)
    }

    [Theory]
    [MemberData(nameof(BoundedSolvers))]
    public void Start_outside_is_projected_and_every_iterate_stays_in_the_box(string solver)
    {
        bool allInside = true;
        double[]? first = null;
        OptimizationResult result = Projected(UnitCube, state =>
        {
            first ??= state.X.ToArray();
            foreach (double v in state.X)
            {
                allInside &= v >= 0 && v <= 1;
            }

            return CallbackAction.Continue;
        }, solver: solver).Minimize(ShiftedSquares, [5.0, -5.0, 10.0]);

        Assert.Equal([1.0, 0.0, 1.0], first!);
        Assert.True(allInside);
        Assert.True(result.Converged, result.ToString());
        Assert.Equal(0.0, result.Minimizer[0]); // on their bounds exactly
        Assert.Equal(1.0, result.Minimizer[2]);
        Assert.Equal(0.5, result.Minimizer[1], 1e-8);
    }

    [Theory]
    [MemberData(nameof(BoundedSolvers))]
    public void Bounded_Rosenbrock_reaches_the_corner_of_its_box(string solver)
    {
        // x1 <= 0.5 cuts off (1, 1): the minimum is at x1 = 0.5, x2 = 0.25, f = (1 - 0.5)^2 = 0.25.
        var problem = new Rosenbrock();
        var box = new BoxBounds([-2.0, -2.0], [0.5, 2.0]);
        OptimizationResult result = Projected(box, solver: solver).Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(0.5, result.Minimizer[0]);
        Assert.Equal(0.25, result.Minimizer[1], 1e-8);
        Assert.Equal(0.25, result.Value, 1e-12);
    }

    [Theory]
    [MemberData(nameof(BoundedSolvers))]
    public void Bounded_Rosenbrock_with_an_inactive_box_reaches_the_free_minimum(string solver)
    {
        var problem = new Rosenbrock();
        OptimizationResult result = Projected(new BoxBounds([-2.0, -2.0], [2.0, 2.0]), solver: solver).Minimize(problem.Objective, problem.Start);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(1.0, result.Minimizer[0], 1e-6);
        Assert.Equal(1.0, result.Minimizer[1], 1e-6);
    }

    [Theory]
    [MemberData(nameof(BoundedSolvers))]
    public void Bounds_that_fix_every_coordinate_end_the_run_at_the_start(string solver)
    {
        var fixedPoint = new BoxBounds([0.25, 0.75, 0.5], [0.25, 0.75, 0.5]);
        OptimizationResult result = Projected(fixedPoint, solver: solver).Minimize(ShiftedSquares, [3.0, 3.0, 3.0]);

        Assert.True(result.Converged);
        Assert.Equal(0, result.Iterations);
        Assert.Equal([0.25, 0.75, 0.5], result.Minimizer);
    }

    [Theory]
    [MemberData(nameof(BoundedSolvers))]
    public void MathNet_BfgsB_failure_case_x2_plus_y2_on_1_2_squared(string solver)
    {
        // MathNet's BfgsBMinimizer produces NaN and throws on this one; the minimiser is the corner (1, 1).
        var objective = new Objective(x => x[0] * x[0] + x[1] * x[1], (x, g) =>
        {
            g[0] = 2 * x[0];
            g[1] = 2 * x[1];
            return x[0] * x[0] + x[1] * x[1];
        });
        OptimizationResult result = Projected(new BoxBounds([1.0, 1.0], [2.0, 2.0]), solver: solver).Minimize(objective, [1.5, 1.5]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal([1.0, 1.0], result.Minimizer);
        Assert.Equal(2.0, result.Value);
    }

    [Theory]
    [MemberData(nameof(BoundedSolvers))]
    public void Infinite_bounds_are_the_unbounded_problem(string solver)
    {
        var problem = new Beale();
        var open = new BoxBounds([double.NegativeInfinity, double.NegativeInfinity], [double.PositiveInfinity, double.PositiveInfinity]);
        OptimizationResult bounded = Projected(open, solver: solver).Minimize(problem.Objective, problem.Start);
        OptimizationResult unbounded = Solvers.Create(solver).Minimize(problem.Objective, problem.Start);

        Assert.Equal(unbounded.Minimizer, bounded.Minimizer);
        Assert.Equal(unbounded.Iterations, bounded.Iterations);
    }

    [Fact]
    public void Bounds_are_checked()
    {
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => new BoxBounds([2.0], [1.0])).ParamName);
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => new BoxBounds([double.NaN], [1.0])).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => new BoxBounds([0.0], [1.0, 2.0])).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => Projected(UnitCube).Minimize(ShiftedSquares, [1.0, 2.0])).ParamName);
    }
}
