using System;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// Objectives from array and MathNet delegates (<see cref="Objective.From"/>, <see cref="Objective.FromMathNet"/>),
/// the <c>Minimize</c> overloads taking a MathNet start, and <see cref="OptimizationResult.MinimizerVector"/>.
/// </summary>
public class DelegateAndVectorTests
{
    private static readonly double[] RosenbrockStart = [-1.2, 1.0];

    private static double Rosenbrock(double[] x) => GeneratedShapeObjectives.Rosenbrock(x);

    private static double[] RosenbrockGradient(double[] x)
    {
        var g = new double[x.Length];
        GeneratedShapeObjectives.RosenbrockGradient(x, g);
        return g;
    }

    private static double[] RosenbrockHessianVectorProduct(double[] x, double[] v)
    {
        var hv = new double[x.Length];
        GeneratedShapeObjectives.RosenbrockHessianVectorProduct(x, v, hv);
        return hv;
    }

    [Fact]
    public void From_array_method_groups_gives_the_same_run_as_the_span_objective()
    {
        Objective fromArrays = Objective.From(Rosenbrock, RosenbrockGradient, RosenbrockHessianVectorProduct);

        foreach (OptimizationSolver solver in new OptimizationSolver[] { new LbfgsSolver(), new NewtonConjugateGradientSolver(), new NewtonSolver() })
        {
            OptimizationResult expected = solver.Minimize(GeneratedShapeObjectives.RosenbrockObjective, RosenbrockStart);
            OptimizationResult actual = solver.Minimize(fromArrays, RosenbrockStart);

            Assert.True(actual.Converged, actual.ToString());
            Assert.Equal(expected.Minimizer, actual.Minimizer);
            Assert.Equal(expected.Iterations, actual.Iterations);
            Assert.Equal(expected.Evaluations, actual.Evaluations);
        }
    }

    [Fact]
    public void From_lambdas_without_a_Hessian_vector_product_serve_first_order_solvers_only()
    {
        Objective sphere = Objective.From(x => (x[0] - 3) * (x[0] - 3) + x[1] * x[1], x => [2 * (x[0] - 3), 2 * x[1]]);

        OptimizationResult result = new LbfgsSolver().Minimize(sphere, [1.0, 1.0]);

        Assert.True(result.Converged, result.ToString());
        Assert.Equal(3.0, result.Minimizer[0], 1e-8);
        Assert.Equal(0.0, result.Minimizer[1], 1e-8);
        Assert.Null(sphere.HessianVectorProduct);
        Assert.Throws<ArgumentException>("objective", () => new NewtonConjugateGradientSolver().Minimize(sphere, [1.0, 1.0]));
    }

    [Fact]
    public void From_hands_each_delegate_a_copy_of_the_point()
    {
        double[]? seen = null;
        Objective objective = Objective.From(
            x =>
            {
                seen = x;
                return x[0] * x[0];
            },
            x =>
            {
                x[0] = 1e300; // scribbling on the array handed in must not move the solver's point
                return [0.0];
            });
        double[] point = [2.0];
        var gradient = new double[1];

        double f = objective.Gradient(point, gradient);

        Assert.Equal(4.0, f);
        Assert.Equal(2.0, point[0]);
        Assert.NotSame(point, seen);
    }

    [Fact]
    public void From_reports_a_gradient_of_the_wrong_length()
    {
        Objective objective = Objective.From(x => 0, x => new double[x.Length + 1], (x, v) => null!);

        var gradient = Assert.Throws<InvalidOperationException>(() => objective.Gradient([1.0, 2.0], new double[2]));
        var product = Assert.Throws<InvalidOperationException>(() => objective.HessianVectorProduct!([1.0, 2.0], [1.0, 0.0], new double[2]));

        Assert.Contains("gradient delegate returned an array of length 3; expected length 2", gradient.Message, StringComparison.Ordinal);
        Assert.Contains("hessianVectorProduct delegate returned null", product.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_and_FromMathNet_reject_null_delegates()
    {
        Assert.Throws<ArgumentNullException>("value", () => Objective.From(null!, x => x));
        Assert.Throws<ArgumentNullException>("gradient", () => Objective.From(x => 0, null!));
        Assert.Throws<ArgumentNullException>("value", () => Objective.FromMathNet(null!, x => x));
        Assert.Throws<ArgumentNullException>("gradient", () => Objective.FromMathNet(x => 0, null!));
    }

    /// <summary>f(x) = 1/2 x'Ax - b'x with A symmetric positive definite: the minimiser solves Ax = b.</summary>
    [Fact]
    public void FromMathNet_quadratic_with_its_Hessian_is_solved_by_Newton_and_Newton_CG()
    {
        Matrix<double> a = Matrix<double>.Build.DenseOfArray(new[,] { { 4.0, 1.0, 0.0 }, { 1.0, 3.0, 1.0 }, { 0.0, 1.0, 2.0 } });
        Vector<double> b = Vector<double>.Build.Dense([1.0, -2.0, 3.0]);
        Objective quadratic = Objective.FromMathNet(x => 0.5 * (x * (a * x)) - b * x, x => a * x - b, x => a);
        Vector<double> expected = a.Solve(b);

        OptimizationResult newton = new NewtonSolver().Minimize(quadratic, Vector<double>.Build.Dense(3));
        OptimizationResult newtonCg = new NewtonConjugateGradientSolver().Minimize(quadratic, Vector<double>.Build.Dense(3));

        Assert.True(newton.Converged, newton.ToString());
        Assert.True(newtonCg.Converged, newtonCg.ToString());
        Assert.True(newton.Evaluations.Hessians > 0, "Newton used the dense Hessian delegate");
        Assert.True(newtonCg.Evaluations.HessianVectorProducts > 0, "Newton-CG used products of the Hessian delegate");
        Assert.True((newton.MinimizerVector - expected).L2Norm() < 1e-10, newton.ToString());
        Assert.True((newtonCg.MinimizerVector - expected).L2Norm() < 1e-8, newtonCg.ToString());
    }

    [Fact]
    public void FromMathNet_Hessian_matches_the_matrix_in_row_major_order_and_checks_its_size()
    {
        Matrix<double> h = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.5 }, { 0.5, 1.0 } });
        Matrix<double> asymmetric = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        Objective objective = Objective.FromMathNet(x => 1, x => x, x => x[0] > 0 ? asymmetric : Matrix<double>.Build.Dense(3, 3));
        var dense = new double[4];
        var hv = new double[2];

        objective.Hessian!([1.0, 0.0], dense);
        objective.HessianVectorProduct!([1.0, 0.0], [1.0, 1.0], hv);

        Assert.Equal([1.0, 2.0, 3.0, 4.0], dense);
        Assert.Equal([3.0, 7.0], hv);
        var wrong = Assert.Throws<InvalidOperationException>(() => objective.Hessian([-1.0, 0.0], dense));
        Assert.Contains("a 3 x 3 matrix; expected 2 x 2", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Objective.FromMathNet(x => 0, x => Vector<double>.Build.Dense(1), x => h).Gradient([1.0, 2.0], new double[2]));
    }

    [Fact]
    public void Minimize_from_a_vector_gives_the_span_overloads_bits_and_leaves_the_start_alone()
    {
        Vector<double> start = Vector<double>.Build.Dense(RosenbrockStart.Length, i => RosenbrockStart[i]);
        var solver = new LbfgsSolver();

        OptimizationResult fromVector = solver.Minimize(GeneratedShapeObjectives.RosenbrockObjective, start);
        OptimizationResult fromSpan = solver.Minimize(GeneratedShapeObjectives.RosenbrockObjective, RosenbrockStart);

        Assert.Equal(fromSpan.Minimizer, fromVector.Minimizer);
        Assert.Equal(RosenbrockStart, start.ToArray());
        Assert.Equal(fromVector.Minimizer, fromVector.MinimizerVector.ToArray());
    }

    [Fact]
    public void MinimizerVector_is_a_copy()
    {
        OptimizationResult result = new LbfgsSolver().Minimize(GeneratedShapeObjectives.RosenbrockObjective, RosenbrockStart);
        Vector<double> vector = result.MinimizerVector;

        vector[0] = 42;

        Assert.NotEqual(42, result.Minimizer[0]);
    }

    [Fact]
    public void Minimize_from_a_vector_checks_its_arguments()
    {
        var solver = new LbfgsSolver();

        Assert.Throws<ArgumentNullException>("x0", () => solver.Minimize(GeneratedShapeObjectives.RosenbrockObjective, (Vector<double>)null!));
        Assert.Throws<ArgumentException>("x0", () => solver.Minimize(GeneratedShapeObjectives.RosenbrockObjective, Vector<double>.Build.Dense([double.NaN, 1.0])));
        Assert.Throws<ArgumentNullException>("objective", () => solver.Minimize(null!, Vector<double>.Build.Dense(2)));
    }
}
