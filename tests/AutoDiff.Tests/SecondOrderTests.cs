using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Hessian-vector products (forward over reverse), dense Hessians and directional derivatives against closed-form
/// Hessians, against finite differences of the generated gradient, and against each other.
/// </summary>
public sealed class SecondOrderTests
{
    private delegate double Gradient(double[] x, double[] g);

    private delegate double Product(double[] x, double[] v, double[] hv);

    private static readonly (string Name, int N, Func<double[], double[]> Hessian, Product Hvp, Gradient Gradient)[] ClosedForms =
    [
        ("Rosenbrock", 2, SecondOrderObjectives.RosenbrockHessian2, (x, v, hv) => SecondOrderObjectives.RosenbrockHessianVectorProduct(x, v, hv), (x, g) => SecondOrderObjectives.RosenbrockGradient(x, g)),
        ("Valley(rho 1000)", 2, _ => [1, 0, 0, 1000], (x, v, hv) => SecondOrderObjectives.ValleyHessianVectorProduct(x, 1000, v, hv), (x, g) => SecondOrderObjectives.ValleyGradient(x, 1000, g)),
        ("Logistic", 3, SecondOrderObjectives.LogisticHessian, (x, v, hv) => SecondOrderObjectives.LogisticHessianVectorProduct(x, SecondOrderObjectives.LogisticFeatures, SecondOrderObjectives.LogisticLabels, v, hv), (x, g) => SecondOrderObjectives.LogisticGradient(x, SecondOrderObjectives.LogisticFeatures, SecondOrderObjectives.LogisticLabels, g)),
        ("Wood", 4, SecondOrderObjectives.WoodHessian, (x, v, hv) => SecondOrderObjectives.WoodHessianVectorProduct(x, v, hv), (x, g) => SecondOrderObjectives.WoodGradient(x, g)),
        ("PowellSingular", 4, SecondOrderObjectives.PowellSingularHessian, (x, v, hv) => SecondOrderObjectives.PowellSingularHessianVectorProduct(x, v, hv), (x, g) => SecondOrderObjectives.PowellSingularGradient(x, g)),
    ];

    public static TheoryData<string> ClosedFormNames => new(ClosedForms.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ClosedFormNames))]
    public void Hessian_vector_product_equals_the_closed_form_Hessian_times_v(string name)
    {
        var (_, n, hessian, hvp, _) = ClosedForms.Single(c => c.Name == name);
        var random = new Random(11);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = RandomVector(random, n), v = RandomVector(random, n);
            var product = new double[n];
            hvp(x, v, product);
            GradientAssert.Close(name, x, Multiply(hessian(x), v), product, 1e-12, "closed-form H v");
        }
    }

    [Theory]
    [MemberData(nameof(ClosedFormNames))]
    public void Hessian_vector_product_equals_central_differences_of_the_generated_gradient(string name)
    {
        var (_, n, _, hvp, gradient) = ClosedForms.Single(c => c.Name == name);
        var random = new Random(12);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = RandomVector(random, n), v = RandomVector(random, n);
            var product = new double[n];
            hvp(x, v, product);
            GradientAssert.Close(name, x, DifferenceOfGradients(gradient, x, v), product, 1e-6, "finite difference of the gradient");
        }
    }

    [Fact]
    public void Hessian_vector_product_returns_the_value_and_overwrites_its_output()
    {
        double[] x = [-1.2, 1, 0.5], v = [0.3, -0.1, 2];
        double[] product = [double.NaN, 1e300, -7];

        double value = SecondOrderObjectives.RosenbrockHessianVectorProduct(x, v, product);

        Assert.Equal(SecondOrderObjectives.Rosenbrock(x), value);
        var fresh = new double[3];
        SecondOrderObjectives.RosenbrockHessianVectorProduct(x, v, fresh);
        Assert.Equal(fresh, product);
    }

    [Fact]
    public void Dense_Hessian_is_symmetric_and_equals_n_unit_products()
    {
        var random = new Random(13);
        double[] x = RandomVector(random, 5);
        var hessian = new double[25];

        double value = SecondOrderObjectives.RosenbrockHessian(x, hessian);

        Assert.Equal(SecondOrderObjectives.Rosenbrock(x), value);
        for (int i = 0; i < 5; i++)
        {
            var unit = new double[5];
            unit[i] = 1;
            var row = new double[5];
            SecondOrderObjectives.RosenbrockHessianVectorProduct(x, unit, row);
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(hessian[j * 5 + i], hessian[i * 5 + j]);
                Assert.True(Math.Abs(row[j] - hessian[i * 5 + j]) <= 1e-12 * Math.Max(1, Math.Abs(row[j])), $"H[{i},{j}]");
            }
        }

        var matrix = SecondOrderObjectives.RosenbrockHessianMatrix(x);
        Assert.Equal(hessian, matrix.ToRowMajorArray());
    }

    [Fact]
    public void Dense_Hessian_of_Wood_equals_its_closed_form()
    {
        double[] x = [-3, -1, -3, -1];
        var hessian = new double[16];
        SecondOrderObjectives.WoodHessian(x, hessian);
        GradientAssert.Close("Wood", x, SecondOrderObjectives.WoodHessian(x), hessian, 1e-12, "closed form");
    }

    [Fact]
    public void Dense_Hessian_rejects_a_buffer_of_the_wrong_size()
    {
        var error = Assert.Throws<ArgumentException>(() => SecondOrderObjectives.RosenbrockHessian([1, 2, 3], new double[8]));
        Assert.Equal("hessian", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(ClosedFormNames))]
    public void Directional_derivative_equals_gradient_dot_direction(string name)
    {
        var (_, n, _, _, gradient) = ClosedForms.Single(c => c.Name == name);
        var random = new Random(14);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = RandomVector(random, n), d = RandomVector(random, n);
            var g = new double[n];
            double value = gradient(x, g);
            double derivative = name switch
            {
                "Rosenbrock" => Directional(SecondOrderObjectives.RosenbrockDirectionalDerivative, x, d, value),
                "Wood" => Directional(SecondOrderObjectives.WoodDirectionalDerivative, x, d, value),
                "PowellSingular" => Directional(SecondOrderObjectives.PowellSingularDirectionalDerivative, x, d, value),
                "Logistic" => LogisticDirectional(x, d),
                _ => ValleyDirectional(x, d),
            };

            double expected = g.Zip(d, (a, b) => a * b).Sum();
            Assert.True(Math.Abs(derivative - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name}: {derivative} vs {expected}");
        }
    }

    [Fact]
    public void Mixed_parameters_get_one_direction_and_one_product_each()
    {
        double u = 0.4;
        double[] w = [0.3, -0.2], du = [0.7], dw = [-0.5, 1.1];

        var wProduct = new double[2];
        SecondOrderObjectives.DampedHessianVectorProduct(u, w, du[0], dw, out double uProduct, wProduct);

        // Central differences of the gradient along (du, dw).
        double h = 1e-5;
        double[] Gradient(double s)
        {
            var gw = new double[2];
            SecondOrderObjectives.DampedGradient(u + s * du[0], [w[0] + s * dw[0], w[1] + s * dw[1]], out double gu, gw);
            return [gu, gw[0], gw[1]];
        }

        double[] plus = Gradient(h), minus = Gradient(-h);
        double[] expected = plus.Zip(minus, (a, b) => (a - b) / (2 * h)).ToArray();
        GradientAssert.Close("Damped", [u, w[0], w[1]], expected, [uProduct, wProduct[0], wProduct[1]], 1e-6, "finite difference of the gradient");

        SecondOrderObjectives.DampedDirectionalDerivative(u, w, du[0], dw, out double derivative);
        var gwAt = new double[2];
        SecondOrderObjectives.DampedGradient(u, w, out double guAt, gwAt);
        double dot = guAt * du[0] + gwAt[0] * dw[0] + gwAt[1] * dw[1];
        Assert.True(Math.Abs(derivative - dot) <= 1e-12 * Math.Max(1, Math.Abs(dot)));
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(-0.8, 2)]
    [InlineData(1.3, 3)]
    [InlineData(0.05, 4)]
    public void Control_flow_arrays_calls_and_early_return_have_exact_products(double scale, int seed)
    {
        var random = new Random(seed);
        double[] x = RandomVector(random, 5);
        double[] v = RandomVector(random, 5);
        double vs = random.NextDouble() - 0.5;

        var hx = new double[5];
        SecondOrderObjectives.TangledHessianVectorProduct(x, scale, v, vs, hx, out double hs);

        double h = 1e-6;
        double[] Gradient(double s)
        {
            var point = x.Select((xi, i) => xi + s * v[i]).ToArray();
            var gx = new double[5];
            SecondOrderObjectives.TangledGradient(point, scale + s * vs, gx, out double gs);
            return [.. gx, gs];
        }

        double[] plus = Gradient(h), minus = Gradient(-h);
        double[] expected = plus.Zip(minus, (a, b) => (a - b) / (2 * h)).ToArray();
        GradientAssert.Close("Tangled", [.. x, scale], expected, [.. hx, hs], 1e-5, "finite difference of the gradient");

        SecondOrderObjectives.TangledDirectionalDerivative(x, scale, v, vs, out double derivative);
        var g = new double[5];
        SecondOrderObjectives.TangledGradient(x, scale, g, out double gScale);
        double dot = g.Zip(v, (a, b) => a * b).Sum() + gScale * vs;
        Assert.True(Math.Abs(derivative - dot) <= 1e-11 * Math.Max(1, Math.Abs(dot)), $"{derivative} vs {dot}");
    }

    [Fact]
    public void Steady_state_Hessian_vector_products_allocate_nothing()
    {
        double[] x = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        double[] v = Enumerable.Range(0, 100).Select(i => Math.Sin(i)).ToArray();
        var product = new double[100];
        SecondOrderObjectives.RosenbrockHessianVectorProduct(x, v, product);
        SecondOrderObjectives.TangledHessianVectorProduct(x.AsSpan(0, 5), 0.5, v.AsSpan(0, 5), 0.1, product.AsSpan(0, 5), out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            SecondOrderObjectives.RosenbrockHessianVectorProduct(x, v, product);
            SecondOrderObjectives.TangledHessianVectorProduct(x.AsSpan(0, 5), 0.5, v.AsSpan(0, 5), 0.1, product.AsSpan(0, 5), out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Hessian_vector_product_checks_lengths_by_name()
    {
        var direction = Assert.Throws<ArgumentException>(() => SecondOrderObjectives.RosenbrockHessianVectorProduct([1, 2], [1], new double[2]));
        Assert.Equal("v", direction.ParamName);
        var output = Assert.Throws<ArgumentException>(() => SecondOrderObjectives.RosenbrockHessianVectorProduct([1, 2], [1, 0], new double[3]));
        Assert.Equal("hv", output.ParamName);
    }

    [Fact]
    public void Generated_objective_carries_the_second_order_members()
    {
        var objective = SecondOrderObjectives.RosenbrockObjective;
        Assert.NotNull(objective.HessianVectorProduct);
        Assert.NotNull(objective.Hessian);
        var hv = new double[2];
        objective.HessianVectorProduct!([1, 1], [1, 0], hv);
        Assert.Equal(new[] { 802.0, -400.0 }, hv);
    }

    private delegate double DirectionalDerivative(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, out double derivative);

    /// <summary>The derivative along d, after checking that the method also returns the value the gradient did.</summary>
    private static double Directional(DirectionalDerivative method, double[] x, double[] d, double expectedValue)
    {
        Assert.Equal(expectedValue, method(x, d, out double derivative));
        return derivative;
    }

    private static double LogisticDirectional(double[] x, double[] d)
    {
        SecondOrderObjectives.LogisticDirectionalDerivative(x, SecondOrderObjectives.LogisticFeatures, SecondOrderObjectives.LogisticLabels, d, out double derivative);
        return derivative;
    }

    private static double ValleyDirectional(double[] x, double[] d)
    {
        SecondOrderObjectives.ValleyDirectionalDerivative(x, 1000, d, out double derivative);
        return derivative;
    }

    private static double[] DifferenceOfGradients(Gradient gradient, double[] x, double[] v)
    {
        double h = 1e-5 * Math.Max(1, x.Max(Math.Abs));
        var plus = new double[x.Length];
        var minus = new double[x.Length];
        gradient(x.Select((xi, i) => xi + h * v[i]).ToArray(), plus);
        gradient(x.Select((xi, i) => xi - h * v[i]).ToArray(), minus);
        return plus.Zip(minus, (a, b) => (a - b) / (2 * h)).ToArray();
    }

    private static double[] Multiply(double[] matrix, double[] v)
    {
        int n = v.Length;
        return Enumerable.Range(0, n).Select(r => Enumerable.Range(0, n).Sum(c => matrix[r * n + c] * v[c])).ToArray();
    }

    private static double[] RandomVector(Random random, int n) => Enumerable.Range(0, n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
}
