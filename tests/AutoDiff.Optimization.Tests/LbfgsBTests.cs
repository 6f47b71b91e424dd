using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// L-BFGS-B (<see cref="LbfgsSolver"/> with <see cref="LbfgsOptions.Bounds"/>) on problems whose bounded minimiser is
/// known by construction: a large ill-conditioned quadratic with a prescribed active set, separable Rosenbrock pairs
/// cut by a bound, fixed variables (l = u), starts outside the box.
/// </summary>
public class LbfgsBTests(ITestOutputHelper output)
{
    private const int N = 100;

    /// <summary>
    /// f = x'Ax / 2 - b'x with A = tridiag(-1, 2, -1) (n = 100) on [-1, 1]^n, with b chosen so that x* is the minimiser:
    /// the first and last 16 variables are active, x*_i = -1 with g*_i &gt; 0 for even i and x*_i = 1 with g*_i &lt; 0 for
    /// odd i; the middle 68 are free, x*_i = sin(i + 1) / 2 with g*_i = 0 (b = A x* - g*: the KKT conditions hold,
    /// strictly complementary, and f is strictly convex, so x* is the only minimiser). On the free block f is a
    /// tridiagonal quadratic of condition number about 1,900.
    /// </summary>
    private static readonly double[] KnownMinimizer = Enumerable.Range(0, N).Select(i => !IsActive(i) ? 0.5 * Math.Sin(i + 1) : i % 2 == 0 ? -1.0 : 1.0).ToArray();

    private static readonly double[] GradientAtMinimizer = Enumerable.Range(0, N).Select(i => !IsActive(i) ? 0.0 : i % 2 == 0 ? 0.5 + 0.01 * i : -0.25 - 0.01 * i).ToArray();

    private static readonly double[] LinearTerm = Enumerable.Range(0, N).Select(i => Tridiagonal(KnownMinimizer, i) - GradientAtMinimizer[i]).ToArray();

    private static readonly BoxBounds UnitBox = new(Enumerable.Repeat(-1.0, N).ToArray(), Enumerable.Repeat(1.0, N).ToArray());

    private static readonly Objective BoundedQuadratic = new(
        x => QuadraticValue(x),
        (x, g) =>
        {
            for (int i = 0; i < x.Length; i++)
            {
                g[i] = Tridiagonal(x, i) - LinearTerm[i];
            }

            return QuadraticValue(x);
        });

    private static readonly double[] QuadraticStart = Enumerable.Range(0, N).Select(i => 0.9 * Math.Cos(3 * i)).ToArray();

    private static bool IsActive(int i) => i < 16 || i >= N - 16;

    private static double Tridiagonal(ReadOnlySpan<double> x, int i) =>
        2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < x.Length - 1 ? x[i + 1] : 0);

    private static double QuadraticValue(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += 0.5 * x[i] * Tridiagonal(x, i) - LinearTerm[i] * x[i];
        }

        return sum;
    }

    private static LbfgsSolver LbfgsB(BoxBounds bounds, IterationCallback? callback = null, StoppingCriteria? stopping = null) =>
        new(new LbfgsOptions { Bounds = bounds, Callback = callback, Stopping = stopping ?? new StoppingCriteria { MaxIterations = 20_000 } });

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"x[{i}] = {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    [Fact]
    public void Ill_conditioned_quadratic_with_32_active_bounds_reaches_the_known_minimiser()
    {
        var path = new List<(double Value, int Calls)>();
        OptimizationResult result = LbfgsB(UnitBox, state =>
        {
            path.Add((state.Value, state.Evaluations.Total));
            return CallbackAction.Continue;
        }).Minimize(BoundedQuadratic, QuadraticStart);
        output.WriteLine(result.ToString());

        Assert.True(result.Converged, result.ToString());
        AssertClose(KnownMinimizer, result.Minimizer, 1e-5);
        for (int i = 0; i < N; i++)
        {
            if (IsActive(i))
            {
                Assert.Equal(KnownMinimizer[i], result.Minimizer[i]); // active bounds are met exactly, not approached
            }
        }

        Assert.Equal(QuadraticValue(KnownMinimizer), result.Value, 1e-9);
        CallBudget.AssertAtMostTwiceTheCallsToReachTheFinalValue(path, result);
    }

    [Fact]
    public void Cauchy_point_and_subspace_step_beat_projected_gradient_descent_by_far_on_the_ill_conditioned_quadratic()
    {
        // Projected gradient descent contracts the free error by about (cond - 1) / (cond + 1) per step; the
        // limited-memory model of L-BFGS-B learns the curvature of the free subspace once the GCP has found the active
        // set. Both stop at the same projected-gradient test.
        var stopping = new StoppingCriteria { MaxIterations = 20_000, GradientNormTolerance = 1e-6, SquaredGradientTolerance = 0 };
        OptimizationResult lbfgsB = LbfgsB(UnitBox, stopping: stopping).Minimize(BoundedQuadratic, QuadraticStart);
        OptimizationResult projectedGradient = new GradientDescentSolver(new GradientDescentOptions { Bounds = UnitBox, Stopping = stopping })
            .Minimize(BoundedQuadratic, QuadraticStart);
        output.WriteLine($"{lbfgsB} iterations {lbfgsB.Iterations} calls {lbfgsB.Evaluations.Total}");
        output.WriteLine($"{projectedGradient} iterations {projectedGradient.Iterations} calls {projectedGradient.Evaluations.Total}");

        Assert.True(lbfgsB.Converged, lbfgsB.ToString());
        Assert.True(lbfgsB.Iterations <= 200, lbfgsB.ToString());
        Assert.True(10 * lbfgsB.Evaluations.Total < projectedGradient.Evaluations.Total, $"{lbfgsB}\n{projectedGradient}");
    }

    [Fact]
    public void The_first_iteration_lands_on_the_projected_gradient_point_when_the_Cauchy_step_reaches_every_bound()
    {
        // f = sum (x_i - c_i)^2 / 2 with every c_i outside [0, 1]: with B = I the generalized Cauchy point of the first
        // iteration is P(x - g) = P(c), which is the minimiser; ||P(c) - x0|| = 0.87 < 1, so the first trial step is 1
        // and one iteration of two calls (start and step) ends the run.
        double[] c = [-2, 3, -0.5];
        var objective = new Objective(x => Squares(x, c), (x, g) =>
        {
            for (int i = 0; i < x.Length; i++)
            {
                g[i] = x[i] - c[i];
            }

            return Squares(x, c);
        });
        var box = new BoxBounds([0.0, 0, 0], [1.0, 1, 1]);
        OptimizationResult result = LbfgsB(box).Minimize(objective, [0.5, 0.5, 0.5]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal([0.0, 1, 0], result.Minimizer);
        Assert.Equal(1, result.Iterations);
        Assert.Equal(2, result.Evaluations.Gradients);
    }

    [Fact]
    public void Separable_Rosenbrock_n100_with_half_the_pairs_cut_by_a_bound()
    {
        // Pairs (x_2i, x_2i+1) are independent. Every other pair has x_2i <= 0.5, which cuts off (1, 1): there the
        // minimiser is (0.5, 0.25) with f = 0.25 (as in 2-D); the others reach (1, 1). f* = 25 pairs * 0.25.
        var problem = new ExtendedRosenbrock(N);
        double[] lower = Enumerable.Repeat(-2.0, N).ToArray();
        double[] upper = Enumerable.Range(0, N).Select(i => i % 4 == 0 ? 0.5 : 2.0).ToArray();
        double[] expected = Enumerable.Range(0, N).Select(i => (i % 4) switch { 0 => 0.5, 1 => 0.25, _ => 1.0 }).ToArray();
        var path = new List<(double Value, int Calls)>();
        OptimizationResult result = LbfgsB(new BoxBounds(lower, upper), state =>
        {
            path.Add((state.Value, state.Evaluations.Total));
            return CallbackAction.Continue;
        }).Minimize(problem.Objective, problem.Start);
        output.WriteLine(result.ToString());

        Assert.True(result.Converged, result.ToString());
        AssertClose(expected, result.Minimizer, 1e-6);
        Assert.Equal(6.25, result.Value, 1e-10);
        CallBudget.AssertAtMostTwiceTheCallsToReachTheFinalValue(path, result);
    }

    [Fact]
    public void Fixed_variables_with_equal_bounds_stay_put_and_the_rest_reach_the_known_minimiser()
    {
        // Fixing every fifth variable at its value in x* (l = u = x*_i) leaves x* the minimiser of the rest.
        double[] lower = Enumerable.Repeat(-1.0, N).ToArray(), upper = Enumerable.Repeat(1.0, N).ToArray();
        for (int i = 2; i < N; i += 5)
        {
            lower[i] = upper[i] = KnownMinimizer[i];
        }

        bool fixedHeld = true;
        OptimizationResult result = LbfgsB(new BoxBounds(lower, upper), state =>
        {
            for (int i = 2; i < N; i += 5)
            {
                fixedHeld &= state.X[i] == KnownMinimizer[i];
            }

            return CallbackAction.Continue;
        }).Minimize(BoundedQuadratic, QuadraticStart);
        output.WriteLine($"{result} iterations {result.Iterations} calls {result.Evaluations.Total} f {result.Value:R} |pg| {result.GradientNorm:R} f* {QuadraticValue(KnownMinimizer):R}");

        Assert.True(result.Converged, result.ToString());
        Assert.True(fixedHeld);
        AssertClose(KnownMinimizer, result.Minimizer, 1e-5);
    }

    [Fact]
    public void Start_outside_the_box_is_projected_then_solved()
    {
        double[] outside = QuadraticStart.Select((v, i) => i % 2 == 0 ? v + 5 : v - 5).ToArray();
        double[]? first = null;
        OptimizationResult result = LbfgsB(UnitBox, state =>
        {
            first ??= state.X.ToArray();
            return CallbackAction.Continue;
        }).Minimize(BoundedQuadratic, outside);

        Assert.Equal(outside.Select(v => Math.Clamp(v, -1, 1)), first!);
        Assert.True(result.Converged, result.ToString());
        AssertClose(KnownMinimizer, result.Minimizer, 1e-5);
    }

    [Fact]
    public void Half_open_bounds_work_and_the_unbounded_side_is_free()
    {
        // x >= 0 only: f = sum (x_i - c_i)^2 / 2 + coupling; the minimiser of the separable part is max(c, 0).
        double[] c = [-1, 2, -3, 4];
        var objective = new Objective(x => Squares(x, c), (x, g) =>
        {
            for (int i = 0; i < x.Length; i++)
            {
                g[i] = x[i] - c[i];
            }

            return Squares(x, c);
        });
        var box = new BoxBounds([0.0, 0, 0, 0], [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity]);
        OptimizationResult result = LbfgsB(box).Minimize(objective, [10.0, 10, 10, 10]);

        Assert.True(result.Converged, result.ToString());
        AssertClose([0.0, 2, 0, 4], result.Minimizer, 1e-9);
        Assert.Equal(0.0, result.Minimizer[0]);
        Assert.Equal(0.0, result.Minimizer[2]);
    }

    private static double Squares(ReadOnlySpan<double> x, double[] c)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += 0.5 * (x[i] - c[i]) * (x[i] - c[i]);
        }

        return sum;
    }

    /// <summary>
    /// The minima scipy 1.10.1's L-BFGS-B reaches on the public MGH problems in the box
    /// [x0 - max(1, |x0|) / 2, x0 + max(1, |x0|) / 4] and how many bounds are active there, in <see cref="ProblemCatalog"/>
    /// order (<c>tests/AutoDiff.Benchmarks/scripts/scipy_lbfgsb_counts.py --bounded</c>, measured). The box cuts off the
    /// unconstrained minimiser of every problem but Chebyquad.
    /// </summary>
    private static readonly (double Value, int Active)[] ScipyBoxedMinima =
    [
        (3.61, 1), (4.8330078125, 2), (1800.44358927, 3), (40.3867743929, 2), (6562.8046875, 4), (18.05, 5), (180.5, 50),
        (1805, 500), (121.160323179, 6), (1009.66935982, 50), (375847.103906, 10), (3.47054383965, 6), (0.00351687372568, 0),
    ];

    [Theory]
    [MemberData(nameof(SolverProblemTests.ProblemIndices), MemberType = typeof(SolverProblemTests))]
    public void Every_public_MGH_problem_in_a_box_that_cuts_it_ends_where_scipy_does(int index, string name)
    {
        TestProblem problem = ProblemCatalog.All().ElementAt(index);
        double[] start = problem.Start;
        double[] lower = start.Select(v => v - 0.5 * Math.Max(1, Math.Abs(v))).ToArray();
        double[] upper = start.Select(v => v + 0.25 * Math.Max(1, Math.Abs(v))).ToArray();
        bool inside = true;
        var path = new List<(double Value, int Calls)>();
        OptimizationResult result = LbfgsB(new BoxBounds(lower, upper), state =>
        {
            path.Add((state.Value, state.Evaluations.Total));
            for (int i = 0; i < state.X.Length; i++)
            {
                inside &= state.X[i] >= lower[i] && state.X[i] <= upper[i];
            }

            return CallbackAction.Continue;
        }).Minimize(problem.Objective, start);
        output.WriteLine(result.ToString());

        (double expected, int active) = ScipyBoxedMinima[index];
        Assert.True(result.Converged, result.ToString());
        Assert.True(inside, $"{name}: an iterate left the box");
        Assert.True(Math.Abs(result.Value - expected) <= 1e-8 * Math.Max(1, Math.Abs(expected)), $"{name}: f = {result.Value:R}, scipy {expected:R}");
        Assert.Equal(active, Enumerable.Range(0, start.Length).Count(i => result.Minimizer[i] == lower[i] || result.Minimizer[i] == upper[i]));
        CallBudget.AssertAtMostTwiceTheCallsToReachTheFinalValue(path, result);
    }
}
