using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Local functions as differentiable callees: gradients and Hessian-vector products against finite differences, and
/// closed forms where they are short.
/// </summary>
public class LocalFunctionTests
{
    private delegate double Function(ReadOnlySpan<double> x);

    private delegate double Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    private delegate double Product(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

    private static readonly double[] Weights = [0.5, -1.5, 2.0, 0.25];

    public static TheoryData<string, double[]> Cases => new()
    {
        { "ShiftedSquares", [0.3, -0.5, 1.8, 1.1] },
        { "Chain", [0.3, -0.5, 0.8, 1.1, 0.7] },
        { "Chain", [-0.9, 0.2, -0.4, 0.6, -1.3] },
        { "NoCapture", [0.7, -1.2] },
        { "OverloadedScalar", [0.4] },
        { "OverloadedSpan", [0.4, -1.1, 2.3] },
        { "Weighted", [0.4, -1.1, 2.3, 0.8] },
        { "Instance", [0.6, -0.9] },
        { "Shadowing", [0.6, -0.9, 1.3] },
        { "Lambdas", [0.6, -0.9, 1.3] },
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
    public void ShiftedSquares_MatchesItsClosedForm()
    {
        double[] x = [0.3, -0.5, 1.8];
        var g = new double[3];
        Assert.Equal((0.49 + 2.25 + 0.64), LocalFunctionObjectives.ShiftedSquaresGradient(x, g), 14);
        Assert.Equal([2 * (0.3 - 1), 2 * (-0.5 - 1), 2 * (1.8 - 1)], g);

        // The Hessian is 2 I.
        double[] v = [1.0, -2.0, 0.5];
        var hv = new double[3];
        LocalFunctionObjectives.ShiftedSquaresHessianVectorProduct(x, v, hv);
        Assert.Equal([2.0, -4.0, 1.0], hv);
    }

    [Fact]
    public void Weighted_MatchesItsClosedForm()
    {
        double[] x = [0.4, -1.1, 2.3, 0.8];
        var g = new double[4];
        LocalFunctionObjectives.WeightedGradient(x, Weights, g);
        double[] v = [0.3, 0.2, -0.7, 1.0];
        var hv = new double[4];
        LocalFunctionObjectives.WeightedHessianVectorProduct(x, Weights, v, hv);
        for (int i = 0; i < 4; i++)
        {
            // d/dx_i w_i x_i^3 = 3 w_i x_i^2; the Hessian is diagonal, 6 w_i x_i.
            Assert.Equal(3 * Weights[i] * x[i] * x[i], g[i], 13);
            Assert.Equal(6 * Weights[i] * x[i] * v[i], hv[i], 13);
        }
    }

    [Fact]
    public void Residuals_JacobianMatchesItsClosedForm()
    {
        double[] x = [0.4, -1.1, 2.3];
        var r = new double[3];
        var jacobian = new double[9];
        LocalFunctionObjectives.ResidualsJacobian(x, r, jacobian);
        for (int i = 0; i < 3; i++)
        {
            int next = (i + 1) % 3;
            Assert.Equal((x[i] * x[i]) - (x[i] * x[next]), r[i], 14);
            for (int j = 0; j < 3; j++)
            {
                // r_i = x_i^2 - x_i x_{i+1}: dr_i/dx_i = 2 x_i - x_{i+1}, dr_i/dx_{i+1} = -x_i.
                double expected = (j == i ? (2 * x[i]) - x[next] : 0) + (j == next ? -x[i] : 0);
                Assert.Equal(expected, jacobian[(i * 3) + j], 14);
            }
        }
    }

    private static (Function F, Gradient Gradient, Product Product) Functions(string name)
    {
        var model = new LocalFunctionModel(1.7);
        return name switch
        {
            "ShiftedSquares" => (LocalFunctionObjectives.ShiftedSquares, LocalFunctionObjectives.ShiftedSquaresGradient, LocalFunctionObjectives.ShiftedSquaresHessianVectorProduct),
            "Chain" => (
                x => LocalFunctionObjectives.Chain(x[..^1], x[^1]),
                (x, g) => LocalFunctionObjectives.ChainGradient(x[..^1], x[^1], g[..^1], out g[^1]),
                (x, v, hv) => LocalFunctionObjectives.ChainHessianVectorProduct(x[..^1], x[^1], v[..^1], v[^1], hv[..^1], out hv[^1])),
            "NoCapture" => (LocalFunctionObjectives.NoCapture, LocalFunctionObjectives.NoCaptureGradient, LocalFunctionObjectives.NoCaptureHessianVectorProduct),
            "OverloadedScalar" => (
                x => LocalFunctionObjectives.Overloaded(x[0]),
                (x, g) => LocalFunctionObjectives.OverloadedGradient(x[0], out g[0]),
                (x, v, hv) => LocalFunctionObjectives.OverloadedHessianVectorProduct(x[0], v[0], out hv[0])),
            "OverloadedSpan" => (LocalFunctionObjectives.Overloaded, LocalFunctionObjectives.OverloadedGradient, LocalFunctionObjectives.OverloadedHessianVectorProduct),
            "Weighted" => (
                x => LocalFunctionObjectives.Weighted(x, Weights),
                (x, g) => LocalFunctionObjectives.WeightedGradient(x, Weights, g),
                (x, v, hv) => LocalFunctionObjectives.WeightedHessianVectorProduct(x, Weights, v, hv)),
            "Lambdas" => (LocalFunctionObjectives.Lambdas, LocalFunctionObjectives.LambdasGradient, LocalFunctionObjectives.LambdasHessianVectorProduct),
            "Shadowing" => (
                x => LocalFunctionObjectives.Shadowing(x[..^1], x[^1]),
                (x, g) => LocalFunctionObjectives.ShadowingGradient(x[..^1], x[^1], g[..^1], out g[^1]),
                (x, v, hv) => LocalFunctionObjectives.ShadowingHessianVectorProduct(x[..^1], x[^1], v[..^1], v[^1], hv[..^1], out hv[^1])),
            _ => (model.Loss, model.LossGradient, model.LossHessianVectorProduct),
        };
    }
}
