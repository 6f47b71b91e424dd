using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;
using AutoDiff.Optimization.Tests.Problems.Generated;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// The MGH problems written as <c>[Differentiable]</c> methods (<see cref="MghObjectives"/>): their generated gradients
/// agree with the hand-written ones, and every solver minimises the generated objectives as it does the hand-written.
/// </summary>
public class GeneratedProblemTests(ITestOutputHelper output)
{
    /// <summary>A catalogue problem paired with its generated twin.</summary>
    private sealed record GeneratedProblem(TestProblem HandWritten, ValueFunction Value, GradientFunction Gradient, Objective Objective);

    /// <summary>The same problems and sizes as <see cref="ProblemCatalog"/>, in the same order.</summary>
    private static readonly GeneratedProblem[] Problems =
    [
        new(new Rosenbrock(), MghObjectives.Rosenbrock, MghObjectives.RosenbrockGradient, MghObjectives.RosenbrockObjective),
        new(new Beale(), MghObjectives.Beale, MghObjectives.BealeGradient, MghObjectives.BealeObjective),
        new(new HelicalValley(), MghObjectives.HelicalValley, MghObjectives.HelicalValleyGradient, MghObjectives.HelicalValleyObjective),
        new(new PowellSingular(), MghObjectives.PowellSingular, MghObjectives.PowellSingularGradient, MghObjectives.PowellSingularObjective),
        new(new Wood(), MghObjectives.Wood, MghObjectives.WoodGradient, MghObjectives.WoodObjective),
        new(new ExtendedRosenbrock(10), MghObjectives.ExtendedRosenbrock, MghObjectives.ExtendedRosenbrockGradient, MghObjectives.ExtendedRosenbrockObjective),
        new(new ExtendedRosenbrock(100), MghObjectives.ExtendedRosenbrock, MghObjectives.ExtendedRosenbrockGradient, MghObjectives.ExtendedRosenbrockObjective),
        new(new ExtendedRosenbrock(1000), MghObjectives.ExtendedRosenbrock, MghObjectives.ExtendedRosenbrockGradient, MghObjectives.ExtendedRosenbrockObjective),
        new(new ExtendedPowellSingular(12), MghObjectives.ExtendedPowellSingular, MghObjectives.ExtendedPowellSingularGradient, MghObjectives.ExtendedPowellSingularObjective),
        new(new ExtendedPowellSingular(100), MghObjectives.ExtendedPowellSingular, MghObjectives.ExtendedPowellSingularGradient, MghObjectives.ExtendedPowellSingularObjective),
        new(new VariablyDimensioned(10), MghObjectives.VariablyDimensioned, MghObjectives.VariablyDimensionedGradient, MghObjectives.VariablyDimensionedObjective),
        new(new BroydenTridiagonal(10), MghObjectives.BroydenTridiagonal, MghObjectives.BroydenTridiagonalGradient, MghObjectives.BroydenTridiagonalObjective),
        new(new Chebyquad(8), MghObjectives.Chebyquad, MghObjectives.ChebyquadGradient, MghObjectives.ChebyquadObjective),
    ];

    /// <summary>Problems plain gradient descent can finish in a modest budget, as in <see cref="SolverProblemTests"/>.</summary>
    private static readonly string[] EasyForGradientDescent = ["Rosenbrock (n = 2)", "Beale (n = 2)", "Broyden tridiagonal (n = 10)", "Powell singular (n = 4)"];

    public static TheoryData<int, string> ProblemIndices()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Problems.Length; i++)
        {
            data.Add(i, Problems[i].HandWritten.ToString());
        }

        return data;
    }

    /// <summary>
    /// Every solver on every problem (GD on the easy ones); Newton and Newton-CG twice: with the hand-written
    /// Hessian-vector product beside the generated gradient, and with the generated objective's own second order.
    /// </summary>
    public static TheoryData<string, bool, int, string> SolverCases()
    {
        var data = new TheoryData<string, bool, int, string>();
        for (int i = 0; i < Problems.Length; i++)
        {
            string name = Problems[i].HandWritten.ToString();
            foreach (string solver in Solvers.All)
            {
                if (solver == "GD" && !EasyForGradientDescent.Contains(name))
                {
                    continue;
                }

                bool secondOrder = solver is "Newton" or "NewtonCG";
                data.Add(solver, !secondOrder, i, name);
                if (secondOrder)
                {
                    data.Add(solver, true, i, name);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_catalogue_problem_has_a_generated_twin_in_the_same_order()
    {
        Assert.Equal(ProblemCatalog.All().Select(p => p.ToString()), Problems.Select(p => p.HandWritten.ToString()));
    }

    [Theory]
    [MemberData(nameof(ProblemIndices))]
    public void Generated_value_and_gradient_equal_the_hand_written_ones(int index, string name)
    {
        GeneratedProblem problem = Problems[index];
        int n = problem.HandWritten.Dimension;
        var generated = new double[n];
        var handWritten = new double[n];
        foreach (double[] x in CheckPoints(problem.HandWritten))
        {
            double generatedValue = problem.Gradient(x, generated);
            double handWrittenValue = problem.HandWritten.Gradient(x, handWritten);

            // Both are exact: they differ only by the order of roundings.
            Assert.Equal(problem.Value(x), generatedValue);
            Assert.True(
                Math.Abs(generatedValue - handWrittenValue) <= 1e-13 * Math.Max(1, Math.Abs(handWrittenValue)),
                $"{name}: generated f = {generatedValue:R}, hand-written {handWrittenValue:R}");
            AssertClose(name, "g", handWritten, generated, 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(ProblemIndices))]
    public void Generated_Hessian_vector_product_and_Hessian_equal_the_hand_written_ones(int index, string name)
    {
        GeneratedProblem problem = Problems[index];
        TestProblem handWritten = problem.HandWritten;
        int n = handWritten.Dimension;
        double[] direction = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var generated = new double[n];
        var expected = new double[n];
        foreach (double[] x in CheckPoints(handWritten))
        {
            double value = problem.Objective.HessianVectorProduct!(x, direction, generated);
            handWritten.HessianVectorProduct(x, direction, expected);

            Assert.Equal(problem.Value(x), value);
            AssertClose(name, "Hv", expected, generated, 1e-12);
        }

        // The dense Hessian (n generated products) at one point; n = 1000 is covered by the products above.
        if (n <= 100)
        {
            double[] x = CheckPoints(handWritten).Last();
            var generatedHessian = new double[n * n];
            var expectedHessian = new double[n * n];
            problem.Objective.Hessian!(x, generatedHessian);
            handWritten.Hessian(x, expectedHessian);
            AssertClose(name, "H", expectedHessian, generatedHessian, 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(SolverCases))]
    public void Solver_reaches_the_known_minimum_of_the_generated_objective(
        string solverName, bool fullyGenerated, int problemIndex, string problemName)
    {
        GeneratedProblem problem = Problems[problemIndex];
        TestProblem handWritten = problem.HandWritten;

        // Fully generated: {Name}Objective as emitted (gradient, Hessian-vector product, dense Hessian). Otherwise the
        // generated value and gradient with the hand-written Hessian-vector product, so a second-order solver's
        // failure points at the gradient alone.
        Objective objective = fullyGenerated
            ? problem.Objective
            : new Objective(problem.Value, problem.Gradient, handWritten.HessianVectorProduct);
        OptimizationResult result = Solvers.Create(solverName).Minimize(objective, handWritten.Start);
        output.WriteLine(result.ToString());

        double fStar = handWritten.MinimumValue;
        Assert.True(Math.Abs(result.Value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar)), $"{problemName}: f = {result.Value}, f* = {fStar}");
        if (fStar == 0 && solverName is "Newton" or "LBFGS")
        {
            Assert.True(result.Value <= 1e-10, $"{problemName}: f = {result.Value} > 1e-10");
        }

        Assert.Equal(handWritten.Value(result.Minimizer), result.Value, 1e-12);
        if (handWritten.Minimizer is { } minimizer && fStar == 0 && solverName is "Newton" or "LBFGS")
        {
            // Powell's minimiser is singular (f grows like |x|^4), so only the well-conditioned ones pin x*.
            if (!problemName.Contains("Powell", StringComparison.Ordinal))
            {
                Assert.All(minimizer.Zip(result.Minimizer), pair => Assert.Equal(pair.First, pair.Second, 1e-4));
            }
        }
    }

    /// <summary>|generated_i - expected_i| &lt;= tolerance max(1, max_j |expected_j|): both exact, up to roundings.</summary>
    private static void AssertClose(string problem, string what, double[] expected, double[] generated, double tolerance)
    {
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(generated[i] - expected[i]) <= tolerance * scale,
                $"{problem}: generated {what}[{i}] = {generated[i]:R}, hand-written {expected[i]:R}");
        }
    }

    /// <summary>The start, the known minimiser, and three seeded perturbations of the start.</summary>
    private static IEnumerable<double[]> CheckPoints(TestProblem problem)
    {
        yield return problem.Start;
        if (problem.Minimizer is { } minimizer)
        {
            yield return minimizer;
        }

        var random = new Random(20261124);
        for (int k = 0; k < 3; k++)
        {
            yield return problem.Start.Select(v => v + 0.5 * (random.NextDouble() - 0.5) + 0.05).ToArray();
        }
    }
}
