using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Local arrays declared inside loops (<see cref="LoopArrayObjectives"/>): every generated member (gradient, pullback,
/// directional derivative, Hessian-vector product, Jacobian and its products) against central differences with
/// Richardson extrapolation, a closed form, and each other; and no allocation per call once warm.
/// </summary>
public sealed class LoopArrayTests
{
    private delegate double Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    private delegate double Pullback(ReadOnlySpan<double> x, double seed, Span<double> adjoint);

    private delegate double Directional(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, out double derivative);

    private delegate double Product(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

    private sealed record Members(Func<double[], double> Value, Gradient Gradient, Pullback Pullback, Directional Directional, Product Hvp);

    private static Members Of(string name) => name switch
    {
        nameof(LoopArrayObjectives.CircularProducts) => new(
            x => LoopArrayObjectives.CircularProducts(x),
            LoopArrayObjectives.CircularProductsGradient,
            LoopArrayObjectives.CircularProductsPullback,
            LoopArrayObjectives.CircularProductsDirectionalDerivative,
            LoopArrayObjectives.CircularProductsHessianVectorProduct),
        nameof(LoopArrayObjectives.PartialWindows) => new(
            x => LoopArrayObjectives.PartialWindows(x, 3),
            (x, g) => LoopArrayObjectives.PartialWindowsGradient(x, 3, g),
            (x, s, a) => LoopArrayObjectives.PartialWindowsPullback(x, 3, s, a),
            (ReadOnlySpan<double> x, ReadOnlySpan<double> d, out double derivative) => LoopArrayObjectives.PartialWindowsDirectionalDerivative(x, 3, d, out derivative),
            (x, v, hv) => LoopArrayObjectives.PartialWindowsHessianVectorProduct(x, 3, v, hv)),
        nameof(LoopArrayObjectives.NestedWithBreakAndContinue) => new(
            x => LoopArrayObjectives.NestedWithBreakAndContinue(x),
            LoopArrayObjectives.NestedWithBreakAndContinueGradient,
            LoopArrayObjectives.NestedWithBreakAndContinuePullback,
            LoopArrayObjectives.NestedWithBreakAndContinueDirectionalDerivative,
            LoopArrayObjectives.NestedWithBreakAndContinueHessianVectorProduct),
        nameof(LoopArrayObjectives.CalleeOnLoopArrays) => new(
            x => LoopArrayObjectives.CalleeOnLoopArrays(x),
            LoopArrayObjectives.CalleeOnLoopArraysGradient,
            LoopArrayObjectives.CalleeOnLoopArraysPullback,
            LoopArrayObjectives.CalleeOnLoopArraysDirectionalDerivative,
            LoopArrayObjectives.CalleeOnLoopArraysHessianVectorProduct),
        nameof(LoopArrayObjectives.MatricesInLoop) => new(
            x => LoopArrayObjectives.MatricesInLoop(x),
            LoopArrayObjectives.MatricesInLoopGradient,
            LoopArrayObjectives.MatricesInLoopPullback,
            LoopArrayObjectives.MatricesInLoopDirectionalDerivative,
            LoopArrayObjectives.MatricesInLoopHessianVectorProduct),
        nameof(LoopArrayObjectives.SineOfPartialWindows) => new(
            x => LoopArrayObjectives.SineOfPartialWindows(x),
            LoopArrayObjectives.SineOfPartialWindowsGradient,
            LoopArrayObjectives.SineOfPartialWindowsPullback,
            LoopArrayObjectives.SineOfPartialWindowsDirectionalDerivative,
            LoopArrayObjectives.SineOfPartialWindowsHessianVectorProduct),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> Names => new()
    {
        nameof(LoopArrayObjectives.CircularProducts),
        nameof(LoopArrayObjectives.PartialWindows),
        nameof(LoopArrayObjectives.NestedWithBreakAndContinue),
        nameof(LoopArrayObjectives.CalleeOnLoopArrays),
        nameof(LoopArrayObjectives.MatricesInLoop),
        nameof(LoopArrayObjectives.SineOfPartialWindows),
    };

    /// <summary>Points of 3 to 7 entries in (-1.8, 1.8): some above the break's 1.5, and lengths 3 and 4 give windows past the end.</summary>
    private static double[][] Points(string name)
    {
        var random = new Random(name.Length * 7919);
        return Enumerable.Range(0, 6)
            .Select(p => Enumerable.Range(0, 3 + p % 5).Select(_ => Sample.Uniform(random, -1.8, 1.8)).ToArray())
            .ToArray();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_member_matches_finite_differences_and_the_others(string name)
    {
        var members = Of(name);
        var random = new Random(17);
        foreach (double[] x in Points(name))
        {
            // The gradient: the method's value, and central differences of the method.
            var gradient = new double[x.Length];
            double value = members.Gradient(x, gradient);
            Assert.Equal(members.Value(x), value, 12);
            GradientAssert.Close(name, x, FiniteDifferences.Gradient(members.Value, x), gradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");

            // The pullback adds seed times the gradient to what its adjoint holds.
            var adjoint = Enumerable.Repeat(0.25, x.Length).ToArray();
            Assert.Equal(value, members.Pullback(x, -1.5, adjoint), 12);
            GradientAssert.Close(name, x, gradient.Select(g => 0.25 - (1.5 * g)).ToArray(), adjoint, 1e-12, "0.25 - 1.5 gradient");

            // Forward mode: the directional derivative is the gradient along the direction.
            double[] v = x.Select(_ => Sample.Uniform(random, -1, 1)).ToArray();
            Assert.Equal(value, members.Directional(x, v, out double along), 12);
            double expected = gradient.Zip(v, (g, d) => g * d).Sum();
            Assert.True(Math.Abs(along - expected) <= 1e-11 * Math.Max(1, Math.Abs(expected)), $"{name}: directional derivative {along:R}, gradient . v {expected:R}");

            // H v against central differences of the generated gradient along v.
            var hv = new double[x.Length];
            Assert.Equal(value, members.Hvp(x, v, hv), 12);
            var differenced = new double[x.Length];
            for (int c = 0; c < x.Length; c++)
            {
                int coordinate = c;
                differenced[c] = FiniteDifferences.Richardson(
                    t =>
                    {
                        var g = new double[x.Length];
                        members.Gradient(x.Select((xi, i) => xi + (t[0] * v[i])).ToArray(), g);
                        return g[coordinate];
                    },
                    [0.0],
                    0);
            }

            GradientAssert.Close(name, x, differenced, hv, GradientAssert.FiniteDifferenceTolerance, "differences of the gradient along v");
        }
    }

    [Fact]
    public void Circular_products_match_the_closed_form()
    {
        foreach (double[] x in Points(nameof(LoopArrayObjectives.CircularProducts)))
        {
            // f = sum_i sum_{k<3} x_i^2 x_{i+k}^2: df/dx_j = sum_k 2 x_j x_{j+k}^2 + sum_k 2 x_{j-k}^2 x_j (indices mod n).
            int n = x.Length;
            var expected = new double[n];
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    expected[j] += (2 * x[j] * x[(j + k) % n] * x[(j + k) % n]) + (2 * x[(j - k + n) % n] * x[(j - k + n) % n] * x[j]);
                }
            }

            var gradient = new double[n];
            LoopArrayObjectives.CircularProductsGradient(x, gradient);
            GradientAssert.Close(nameof(LoopArrayObjectives.CircularProducts), x, expected, gradient, GradientAssert.ClosedFormTolerance, "closed form");
        }
    }

    [Fact]
    public void Matrices_in_a_loop_match_the_closed_form()
    {
        // f = sum_{i < n-1} -x_{i+1}^2 + [x_i > 0] x_i^4: the entry (1, 1) is 0 where x_i <= 0, not the previous square.
        double[] x = [0.9, -1.1, 0.7, -0.4, 1.3];
        var gradient = new double[x.Length];
        double value = LoopArrayObjectives.MatricesInLoopGradient(x, gradient);

        double expectedValue = 0;
        var expected = new double[x.Length];
        for (int i = 0; i + 1 < x.Length; i++)
        {
            expectedValue -= x[i + 1] * x[i + 1];
            expected[i + 1] -= 2 * x[i + 1];
            if (x[i] > 0)
            {
                expectedValue += Math.Pow(x[i], 4);
                expected[i] += 4 * x[i] * x[i] * x[i];
            }
        }

        Assert.Equal(expectedValue, value, 13);
        GradientAssert.Close(nameof(LoopArrayObjectives.MatricesInLoop), x, expected, gradient, GradientAssert.ClosedFormTolerance, "closed form");
    }

    [Fact]
    public void Partial_windows_read_zeros_where_an_iteration_writes_nothing()
    {
        // x = (a, b, c), width 3: the window at i = 0 is (a^2, a b, a c), at i = 1 (b^2, b c, 0), at i = 2 (c^2, 0, 0);
        // the last entry read at i = 1 and 2 is 0, not what i = 0 left there. f = a^4 + sin(a c) + a^3 c^3 + b^4 + c^4.
        double a = 0.8, b = -1.3, c = 0.6;
        var gradient = new double[3];
        double value = LoopArrayObjectives.PartialWindowsGradient([a, b, c], 3, gradient);

        Assert.Equal(Math.Pow(a, 4) + Math.Sin(a * c) + Math.Pow(a * c, 3) + Math.Pow(b, 4) + Math.Pow(c, 4), value, 14);
        Assert.Equal((4 * a * a * a) + (c * Math.Cos(a * c)) + (3 * a * a * c * c * c), gradient[0], 13);
        Assert.Equal(4 * b * b * b, gradient[1], 13);
        Assert.Equal((4 * c * c * c) + (a * Math.Cos(a * c)) + (3 * a * a * a * c * c), gradient[2], 13);
    }

    [Fact]
    public void The_Jacobian_members_match_finite_differences()
    {
        double[] x = [0.7, -1.2, 0.4, 1.5];
        int n = x.Length;
        var r = new double[n];
        var jacobian = new double[n * n];
        LoopArrayObjectives.SmoothedJacobian(x, r, jacobian);

        // Closed form: r_i = x_i^3 + 0.5 x_{i+1}^2 x_i.
        for (int i = 0; i < n; i++)
        {
            int next = (i + 1) % n;
            Assert.Equal(Math.Pow(x[i], 3) + (0.5 * x[next] * x[next] * x[i]), r[i], 13);
            for (int j = 0; j < n; j++)
            {
                double expected = (j == i ? (3 * x[i] * x[i]) + (0.5 * x[next] * x[next]) : 0) + (j == next ? x[next] * x[i] : 0);
                double differenced = FiniteDifferences.Richardson(
                    p =>
                    {
                        var output = new double[n];
                        LoopArrayObjectives.Smoothed(p, output);
                        return output[i];
                    },
                    x,
                    j);
                Assert.True(Math.Abs(jacobian[(i * n) + j] - expected) <= 1e-12, $"J[{i},{j}] = {jacobian[(i * n) + j]:R}, closed form {expected:R}");
                Assert.True(Math.Abs(jacobian[(i * n) + j] - differenced) <= 1e-6, $"J[{i},{j}] = {jacobian[(i * n) + j]:R}, finite differences {differenced:R}");
            }
        }

        // J v and u^T J are the dense Jacobian's products.
        double[] v = [0.3, -0.9, 1.1, 0.2];
        double[] u = [-0.6, 0.5, 0.8, -1.4];
        var jv = new double[n];
        LoopArrayObjectives.SmoothedJacobianVectorProduct(x, v, r, jv);
        var uJ = new double[n];
        LoopArrayObjectives.SmoothedVectorJacobianProduct(x, u, uJ);
        for (int i = 0; i < n; i++)
        {
            double row = Enumerable.Range(0, n).Sum(j => jacobian[(i * n) + j] * v[j]);
            double column = Enumerable.Range(0, n).Sum(k => u[k] * jacobian[(k * n) + i]);
            Assert.True(Math.Abs(jv[i] - row) <= 1e-12, $"(J v)[{i}] = {jv[i]:R}, from J {row:R}");
            Assert.True(Math.Abs(uJ[i] - column) <= 1e-12, $"(u^T J)[{i}] = {uJ[i]:R}, from J {column:R}");
        }
    }

    [Fact]
    public void Steady_state_gradients_and_products_with_stackalloc_in_loops_allocate_nothing()
    {
        // The stackalloc'd arrays are allocated once per call, their adjoints and tangents too (on the stack or the
        // tape): after a warm-up, gradients, pullbacks and Hessian-vector products allocate nothing.
        double[] x = [0.7, -1.3, 1.1, 0.4, -0.9, 1.6];
        double[] v = [0.2, 0.5, -0.4, 1.0, -0.3, 0.8];
        var gradient = new double[x.Length];
        var hv = new double[x.Length];
        double sink = Run(x, v, gradient, hv, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        sink += Run(x, v, gradient, hv, 500);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));

        static double Run(double[] x, double[] v, double[] gradient, double[] hv, int rounds)
        {
            double sum = 0;
            for (int round = 0; round < rounds; round++)
            {
                sum += LoopArrayObjectives.CircularProductsGradient(x, gradient);
                sum += LoopArrayObjectives.CircularProductsPullback(x, 0.5, gradient);
                sum += LoopArrayObjectives.CircularProductsHessianVectorProduct(x, v, hv);
                LoopArrayObjectives.SmoothedVectorJacobianProduct(x, v, gradient);
                sum += gradient[0];
            }

            return sum;
        }
    }
}
