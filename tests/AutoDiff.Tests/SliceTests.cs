using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Slices passed to callees: gradients and Hessian-vector products against finite differences, and closed forms for
/// overlapping slices (where an aliasing mistake in the adjoints would show).
/// </summary>
public class SliceTests
{
    private delegate double Function(ReadOnlySpan<double> x);

    private delegate double Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    private delegate double Product(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

    private static readonly double[] Data = [0.5, -1.5, 2.0, 0.25, 1.0];

    public static TheoryData<string, double[]> Cases => new()
    {
        { "Overlapping", [0.3, -0.5, 1.8, 1.1] },
        { "Windows", [0.3, -0.5, 0.8, 1.1, -0.7] },
        { "Shifted", [0.3, -0.5, 0.8, 1.1, -0.7] },
        { "Arrays", [0.3, -0.5, 0.8, 1.1] },
        { "StackSlices", [0.3, -0.5, 0.8, 1.1] },
        { "ToLocalFunction", [0.3, -0.5, 0.8, 1.1, -0.7] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientAndHessianVectorProduct_MatchFiniteDifferences(string name, double[] point)
    {
        var (f, gradient, product) = Functions(name);
        var g = new double[point.Length];
        double value = gradient(point, g);
        Assert.Equal(f(point), value, 14);
        GradientAssert.Close(name, point, FiniteDifferences.Gradient(p => f(p), point), g, GradientAssert.FiniteDifferenceTolerance, "finite differences");

        var v = new double[point.Length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = 0.9 - (0.37 * i);
        }

        var hv = new double[point.Length];
        Assert.Equal(value, product(point, v, hv), 14);
        const double h = 1e-5;
        var plus = new double[point.Length];
        var minus = new double[point.Length];
        var shifted = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            shifted[i] = point[i] + (h * v[i]);
        }

        gradient(shifted, plus);
        for (int i = 0; i < point.Length; i++)
        {
            shifted[i] = point[i] - (h * v[i]);
        }

        gradient(shifted, minus);
        for (int i = 0; i < point.Length; i++)
        {
            Assert.Equal((plus[i] - minus[i]) / (2 * h), hv[i], 6);
        }
    }

    [Fact]
    public void Overlapping_MatchesItsClosedForm()
    {
        // W(a, b, c) = (1 + a)(a^2 + b^2 + c^2); f = W(x0, x1, x2) + W(x1, x2, x3).
        double[] x = [0.3, -0.5, 1.8, 1.1];
        static double[] WeightedGradient(double a, double b, double c) =>
            [(a * a) + (b * b) + (c * c) + (2 * a * (1 + a)), 2 * b * (1 + a), 2 * c * (1 + a)];
        var first = WeightedGradient(x[0], x[1], x[2]);
        var second = WeightedGradient(x[1], x[2], x[3]);
        double[] expected = [first[0], first[1] + second[0], first[2] + second[1], second[2]];

        var g = new double[4];
        SliceObjectives.OverlappingGradient(x, g);
        GradientAssert.Close("Overlapping", x, expected, g, GradientAssert.ClosedFormTolerance, "closed form");

        // H e_1 (the shared element x1): d/dx1 of each component above.
        double[] e1 = [0, 1, 0, 0];
        var hv = new double[4];
        SliceObjectives.OverlappingHessianVectorProduct(x, e1, hv);
        // d/da of W_a = a^2 + b^2 + c^2 + 2a + 2a^2 is 6a + 2.
        double[] column = [2 * x[1], (2 * (1 + x[0])) + (6 * x[1]) + 2, 2 * x[2], 2 * x[3]];
        GradientAssert.Close("Overlapping", x, column, hv, GradientAssert.ClosedFormTolerance, "closed form");
    }

    [Fact]
    public void Shifted_MatchesItsClosedForm()
    {
        // Dot(a, b) = sum a_i b_i^2; f = sum_{i<n-1} x_i x_{i+1}^2 + sum x_i^3.
        double[] x = [0.3, -0.5, 0.8, 1.1, -0.7];
        var expected = new double[5];
        for (int i = 0; i < 5; i++)
        {
            expected[i] = 3 * x[i] * x[i];
            if (i + 1 < 5)
            {
                expected[i] += x[i + 1] * x[i + 1];
            }

            if (i > 0)
            {
                expected[i] += 2 * x[i - 1] * x[i];
            }
        }

        var g = new double[5];
        SliceObjectives.ShiftedGradient(x, g);
        GradientAssert.Close("Shifted", x, expected, g, GradientAssert.ClosedFormTolerance, "closed form");
    }

    private static (Function F, Gradient Gradient, Product Product) Functions(string name) => name switch
    {
        "Overlapping" => (SliceObjectives.Overlapping, SliceObjectives.OverlappingGradient, SliceObjectives.OverlappingHessianVectorProduct),
        "Windows" => (SliceObjectives.Windows, SliceObjectives.WindowsGradient, SliceObjectives.WindowsHessianVectorProduct),
        "Shifted" => (SliceObjectives.Shifted, SliceObjectives.ShiftedGradient, SliceObjectives.ShiftedHessianVectorProduct),
        "Arrays" => (
            x => SliceObjectives.Arrays(x.ToArray()),
            (x, g) => SliceObjectives.ArraysGradient(x.ToArray(), g),
            (x, v, hv) => SliceObjectives.ArraysHessianVectorProduct(x.ToArray(), v, hv)),
        "StackSlices" => (SliceObjectives.StackSlices, SliceObjectives.StackSlicesGradient, SliceObjectives.StackSlicesHessianVectorProduct),
        _ => (
            x => SliceObjectives.ToLocalFunction(x, Data),
            (x, g) => SliceObjectives.ToLocalFunctionGradient(x, Data, g),
            (x, v, hv) => SliceObjectives.ToLocalFunctionHessianVectorProduct(x, Data, v, hv)),
    };
}
