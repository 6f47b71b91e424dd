using System;
using AutoDiff.Optimization.Tests.Problems;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>Bad arguments throw before any work, naming the argument (or option property) in ParamName.</summary>
public class ArgumentValidationTests
{
    private static readonly Objective Rosenbrock = new Rosenbrock().Objective;

    public static TheoryData<string> SolverNames() => new(Solvers.All);

    [Theory]
    [MemberData(nameof(SolverNames))]
    public void Minimize_checks_objective_and_start(string solverName)
    {
        OptimizationSolver solver = Solvers.Create(solverName);

        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => solver.Minimize(null!, [1.0, 2.0])).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => solver.Minimize(Rosenbrock, ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => solver.Minimize(Rosenbrock, [1.0, double.NaN])).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => solver.Minimize(Rosenbrock, [double.PositiveInfinity, 1.0])).ParamName);
        Assert.Equal("minimizer", Assert.Throws<ArgumentException>(() => solver.Minimize(Rosenbrock, [1.0, 2.0], new double[3])).ParamName);
    }

    [Fact]
    public void Minimize_can_write_the_minimiser_into_a_buffer()
    {
        var buffer = new double[2];
        OptimizationResult result = new LbfgsSolver().Minimize(Rosenbrock, [-1.2, 1.0], buffer);
        Assert.Equal(result.Minimizer, buffer);
    }

    [Fact]
    public void Objective_needs_value_and_gradient()
    {
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new Objective(null!, (x, g) => 0)).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentNullException>(() => new Objective(x => 0, null!)).ParamName);
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => new CountingObjective(null!)).ParamName);
    }

    [Fact]
    public void Counting_objective_checks_buffer_lengths()
    {
        var counting = new CountingObjective(new Rosenbrock().ObjectiveWithDenseHessian);
        double[] x = [1.0, 2.0];
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => counting.Gradient(x, new double[3])).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => counting.HessianVectorProduct(x, new double[1], new double[2])).ParamName);
        Assert.Equal("hv", Assert.Throws<ArgumentException>(() => counting.HessianVectorProduct(x, new double[2], new double[1])).ParamName);
        Assert.Equal("hessianRowMajor", Assert.Throws<ArgumentException>(() => counting.Hessian(x, new double[2])).ParamName);
        Assert.Equal(new EvaluationCounts(0, 0, 0, 0), counting.Counts); // nothing was evaluated

        counting.Value(x);
        counting.Gradient(x, new double[2]);
        counting.HessianVectorProduct(x, new double[2], new double[2]);
        counting.Hessian(x, new double[4]);
        Assert.Equal(new EvaluationCounts(1, 1, 1, 1), counting.Counts);
        Assert.Equal(4, counting.Counts.Total);
    }

    [Fact]
    public void Second_order_solvers_need_second_order_information()
    {
        var gradientOnly = new Objective(Rosenbrock.Value, Rosenbrock.Gradient);
        Assert.Equal("objective", Assert.Throws<ArgumentException>(() => new NewtonSolver().Minimize(gradientOnly, [1.0, 1.0])).ParamName);
        Assert.Equal("objective", Assert.Throws<ArgumentException>(() => new NewtonConjugateGradientSolver().Minimize(gradientOnly, [1.0, 1.0])).ParamName);
    }

    [Fact]
    public void Stopping_criteria_reject_negative_tolerances_and_empty_budgets()
    {
        static string Param(StoppingCriteria stopping) =>
            Assert.Throws<ArgumentOutOfRangeException>(() => new LbfgsSolver(new LbfgsOptions { Stopping = stopping })).ParamName!;

        Assert.Equal("SquaredGradientTolerance", Param(new StoppingCriteria { SquaredGradientTolerance = -1e-8 }));
        Assert.Equal("RelativeSquaredGradientTolerance", Param(new StoppingCriteria { RelativeSquaredGradientTolerance = -1 }));
        Assert.Equal("FunctionChangeTolerance", Param(new StoppingCriteria { FunctionChangeTolerance = double.NaN }));
        Assert.Equal("StepTolerance", Param(new StoppingCriteria { StepTolerance = -1 }));
        Assert.Equal("MaxIterations", Param(new StoppingCriteria { MaxIterations = -1 }));
        Assert.Equal("MaxEvaluations", Param(new StoppingCriteria { MaxEvaluations = 0 }));
        Assert.Equal("TimeLimit", Param(new StoppingCriteria { TimeLimit = TimeSpan.FromSeconds(-1) }));
        Assert.Equal("Stopping", Assert.Throws<ArgumentNullException>(() => new LbfgsSolver(new LbfgsOptions { Stopping = null! })).ParamName);
    }

    [Fact]
    public void Solver_options_are_checked_when_the_solver_is_built()
    {
        Assert.Equal("Memory", Assert.Throws<ArgumentOutOfRangeException>(() => new LbfgsSolver(new LbfgsOptions { Memory = 0 })).ParamName);
        Assert.Equal("LineSearch", Assert.Throws<ArgumentNullException>(() => new LbfgsSolver(new LbfgsOptions { LineSearch = null! })).ParamName);
        Assert.Equal("MaxRadius", Assert.Throws<ArgumentOutOfRangeException>(() => new TrustRegionNewtonSolver(new TrustRegionNewtonOptions { MaxRadius = 0 })).ParamName);
        Assert.Equal("InitialRadius", Assert.Throws<ArgumentOutOfRangeException>(() => new TrustRegionNewtonSolver(new TrustRegionNewtonOptions { InitialRadius = 2000 })).ParamName);
        Assert.Equal("AcceptanceThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => new TrustRegionNewtonSolver(new TrustRegionNewtonOptions { AcceptanceThreshold = 0.5 })).ParamName);
        Assert.Equal("MaxInnerIterations", Assert.Throws<ArgumentOutOfRangeException>(
            () => new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { MaxInnerIterations = 0 })).ParamName);
        Assert.Equal("RestartInterval", Assert.Throws<ArgumentOutOfRangeException>(
            () => new ConjugateGradientSolver(new ConjugateGradientOptions { RestartInterval = 0 })).ParamName);
        Assert.Equal("OrthogonalityThreshold", Assert.Throws<ArgumentOutOfRangeException>(
            () => new ConjugateGradientSolver(new ConjugateGradientOptions { OrthogonalityThreshold = -0.1 })).ParamName);
        Assert.Equal("LineSearch", Assert.Throws<ArgumentNullException>(
            () => new GradientDescentSolver(new GradientDescentOptions { LineSearch = null! })).ParamName);
    }

    [Fact]
    public void Line_searches_check_their_arguments_and_constants()
    {
        ILineFunction line = new ParabolaLine();
        var armijo = new ArmijoLineSearch();
        Assert.Equal("line", Assert.Throws<ArgumentNullException>(() => armijo.Search(null!, 0, -1, 1)).ParamName);
        Assert.Equal("value0", Assert.Throws<ArgumentException>(() => armijo.Search(line, double.NaN, -1, 1)).ParamName);
        Assert.Equal("slope0", Assert.Throws<ArgumentException>(() => armijo.Search(line, 0, double.NegativeInfinity, 1)).ParamName);
        Assert.Equal("initialStep", Assert.Throws<ArgumentOutOfRangeException>(() => armijo.Search(line, 0, -1, 0)).ParamName);
        Assert.Equal("initialStep", Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfeLineSearch().Search(line, 0, -1, -2)).ParamName);
        Assert.Equal("C1", Assert.Throws<ArgumentOutOfRangeException>(() => new ArmijoLineSearch { C1 = 1.5 }.Search(line, 0, -1, 1)).ParamName);
        Assert.Equal("MinShrink", Assert.Throws<ArgumentOutOfRangeException>(() => new ArmijoLineSearch { MinShrink = 0.9 }.Search(line, 0, -1, 1)).ParamName);
        Assert.Equal("C2", Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfeLineSearch { C2 = 1e-5 }.Search(line, 0, -1, 1)).ParamName);
        Assert.Equal("C2", Assert.Throws<ArgumentOutOfRangeException>(() => new WeakWolfeLineSearch { C2 = 1 }.Search(line, 0, -1, 1)).ParamName);
        Assert.Equal("Expansion", Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfeLineSearch { Expansion = 1 }.Search(line, 0, -1, 1)).ParamName);
        Assert.Equal("MaxStep", Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfeLineSearch { MaxStep = 0 }.Search(line, 0, -1, 1)).ParamName);
        Assert.Equal("MaxEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new ArmijoLineSearch { MaxEvaluations = 0 }.Search(line, 0, -1, 1)).ParamName);
    }

    [Fact]
    public void Schedules_check_their_arguments()
    {
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantStepSchedule(0)).ParamName);
        Assert.Equal("initialStep", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearDecaySchedule(-1, 10)).ParamName);
        Assert.Equal("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearDecaySchedule(1, 0)).ParamName);
        Assert.Equal("finalStep", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearDecaySchedule(1, 10, -1)).ParamName);
        Assert.Equal("timeScale", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecaySchedule(1, 0)).ParamName);
        Assert.Equal("interval", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(1, 0)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(1, 5, 1.5)).ParamName);
        Assert.Equal("decayRate", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecaySchedule(1, double.NaN)).ParamName);
    }

    [Fact]
    public void MathNet_adapter_checks_its_arguments()
    {
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => new MathNetObjectiveFunction(null!)).ParamName);
        var function = new MathNetObjectiveFunction(Rosenbrock);
        Assert.Equal("point", Assert.Throws<ArgumentNullException>(() => function.EvaluateAt(null!)).ParamName);
        Assert.Throws<InvalidOperationException>(() => function.Value);
        function.EvaluateAt(Vector<double>.Build.Dense([1.0, 1.0]));
        Assert.Equal(0, function.Value);
    }

    private sealed class ParabolaLine : ILineFunction
    {
        public double Value(double step) => (step - 1) * (step - 1);

        public double ValueAndDerivative(double step, out double derivative)
        {
            derivative = 2 * (step - 1);
            return Value(step);
        }
    }
}
