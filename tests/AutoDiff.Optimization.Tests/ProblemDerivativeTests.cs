using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>The hand-written gradients, Hessian-vector products and dense Hessians agree with central finite differences.</summary>
public class ProblemDerivativeTests
{
    public static IEnumerable<object[]> Problems() => ProblemCatalog.All().Select((p, i) => new object[] { i, p.ToString() });

    private static TestProblem Get(int index) => ProblemCatalog.All().ElementAt(index);

    /// <summary>Points to check at: the start and a deterministic perturbation of it (away from symmetric special points).</summary>
    private static IEnumerable<double[]> Points(TestProblem problem)
    {
        yield return problem.Start;
        var random = new Random(12345);
        yield return problem.Start.Select(v => v + 0.3 * (random.NextDouble() - 0.5) + 0.05).ToArray();
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Gradient_matches_central_differences(int index, string name)
    {
        TestProblem problem = Get(index);
        int n = problem.Dimension;
        foreach (double[] x in Points(problem))
        {
            var gradient = new double[n];
            double f = problem.Objective.Gradient(x, gradient);
            Assert.Equal(problem.Objective.Value(x), f, 12);
            var shifted = (double[])x.Clone();
            for (int i = 0; i < Math.Min(n, 40); i++)
            {
                double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
                shifted[i] = x[i] + h;
                double plus = problem.Value(shifted);
                shifted[i] = x[i] - h;
                double minus = problem.Value(shifted);
                shifted[i] = x[i];
                double numeric = (plus - minus) / (2 * h);
                Assert.True(
                    Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(gradient[i])),
                    $"{name}: g[{i}] = {gradient[i]}, finite difference {numeric}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Hessian_vector_product_matches_differences_of_gradients(int index, string name)
    {
        TestProblem problem = Get(index);
        int n = problem.Dimension;
        foreach (double[] x in Points(problem))
        {
            double[] v = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
            var hv = new double[n];
            double f = problem.Objective.HessianVectorProduct!(x, v, hv);
            Assert.Equal(problem.Value(x), f, 12);

            // (g(x + h v) - g(x - h v)) / 2h = H v + O(h^2).
            double h = 1e-5;
            var plus = new double[n];
            var minus = new double[n];
            problem.Gradient(x.Select((xi, i) => xi + h * v[i]).ToArray(), plus);
            problem.Gradient(x.Select((xi, i) => xi - h * v[i]).ToArray(), minus);
            double scale = Math.Max(1, hv.Max(Math.Abs));
            for (int i = 0; i < n; i++)
            {
                double numeric = (plus[i] - minus[i]) / (2 * h);
                Assert.True(Math.Abs(numeric - hv[i]) <= 1e-5 * scale, $"{name}: Hv[{i}] = {hv[i]}, finite difference {numeric}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Dense_Hessian_agrees_with_products_and_is_symmetric(int index, string name)
    {
        TestProblem problem = Get(index);
        int n = problem.Dimension;
        if (n > 100)
        {
            return; // the dense check is O(n^3) through products; n = 1000 is covered by the product test above
        }

        double[] x = Points(problem).Last();
        var hessian = new double[n * n];
        problem.ObjectiveWithDenseHessian.Hessian!(x, hessian);
        var unit = new double[n];
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            unit[j] = 1;
            problem.HessianVectorProduct(x, unit, column);
            unit[j] = 0;
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(column[i], hessian[i * n + j], 1e-9 * Math.Max(1, Math.Abs(column[i])));
                Assert.Equal(hessian[j * n + i], hessian[i * n + j], 1e-9 * Math.Max(1, Math.Abs(column[i])));
            }
        }

        Assert.True(hessian.Any(h => h != 0), name);
    }

    [Fact]
    public void Known_minima_have_the_listed_value()
    {
        foreach (TestProblem problem in ProblemCatalog.All().Where(p => p.Minimizer is not null))
        {
            Assert.Equal(problem.MinimumValue, problem.Value(problem.Minimizer), 12);
            var gradient = new double[problem.Dimension];
            problem.Gradient(problem.Minimizer, gradient);
            Assert.All(gradient, g => Assert.Equal(0, g, 12));
        }
    }
}
