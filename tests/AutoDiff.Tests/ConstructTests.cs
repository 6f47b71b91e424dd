using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Assignments and ++/-- used as values, switch statements and expressions, enums as data, and tuple deconstruction:
/// gradients and Hessian-vector products against finite differences.
/// </summary>
public class ConstructTests
{
    private delegate double Function(ReadOnlySpan<double> x);

    private delegate double Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    private delegate double Product(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

    public static TheoryData<string, double[]> Cases => new()
    {
        { "Layer", [0.3, -0.5, 0.8, 1.1, -0.2, 0.4, 0.9, -0.7, 0.6, 0.35] },
        { "Effects3", [0.7, -0.4, 1.3, 0.2] },
        { "Effects3", [-0.6, -1.4, 0.5, 0.9] },
        { "Effects0", [0.2, 0.8, -1.1, 0.3] },
        { "ActivateIdentity", [0.3, -1.2, 2.5] },
        { "ActivateTanh", [0.3, -1.2, 2.5] },
        { "ActivateSoftplus", [0.3, -1.2, 25.0] },
        { "ActivateSquare", [0.3, -1.2, 2.5] },
        { "Piecewise0", [0.3, -1.7, 2.5, 0.4] },
        { "Piecewise1", [-0.3, 0.7, -2.5, 1.4] },
        { "Piecewise7", [0.3, -1.7, 2.5, 0.4] },
        { "Piecewise12", [0.3, 1.7, 2.5, -0.4] },
        { "Piecewise12", [0.3, -1.7, 2.5, -0.4] },
        { "Rotations", [0.8, -0.6] },
        { "Rotations", [1.3, 0.4] },
        { "SwapParameters", [0.8, -0.6] },
        { "Order", [0.8, -0.6, 1.3] },
        { "ActivateTwiceSoftplus", [0.3, -1.2, 2.5] },
        { "ScaledByTanh", [0.3, -1.2, 2.5] },
        { "ScaledBySoftplus", [-0.7, 0.4, 1.1] },
        { "Order", [-0.4, 0.9, 0.25] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientAndHessianVectorProduct_MatchFiniteDifferences(string name, double[] point)
    {
        var (f, gradient, product) = Functions(name);
        var g = new double[point.Length];
        double value = gradient(point, g);
        Assert.Equal(f(point), value);
        for (int i = 0; i < point.Length; i++)
        {
            Assert.Equal(FiniteDifferences.Richardson(p => f(p), point, i), g[i], 7);
        }

        // H v against central differences of the gradient along v.
        var v = new double[point.Length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = 0.9 - (0.37 * i);
        }

        var hv = new double[point.Length];
        Assert.Equal(value, product(point, v, hv));
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
    public void Layer_MatchesTheCursorFreeLayer()
    {
        double[] w = [0.3, -0.5, 0.8, 1.1, -0.2, 0.4, 0.9, -0.7];
        double[] input = [0.6, 0.35];
        double expected = (Math.Tanh(0.3 + (-0.5 * 0.6) + (0.8 * 0.35)) * 1.1) + (Math.Tanh(-0.2 + (0.4 * 0.6) + (0.9 * 0.35)) * -0.7);
        Assert.Equal(expected, ConstructObjectives.Layer(w, input), 14);
        var wGradient = new double[w.Length];
        var inputGradient = new double[input.Length];
        Assert.Equal(expected, ConstructObjectives.LayerGradient(w, input, wGradient, inputGradient), 14);

        // d/dw[3] = tanh(z0), d/dw[0] = w[3] (1 - tanh(z0)^2).
        double t0 = Math.Tanh(0.3 + (-0.5 * 0.6) + (0.8 * 0.35));
        Assert.Equal(t0, wGradient[3], 14);
        Assert.Equal(1.1 * (1 - (t0 * t0)), wGradient[0], 14);
    }

    [Fact]
    public void SwapParameters_MatchesItsClosedForm()
    {
        double value = ConstructObjectives.SwapParametersGradient(0.8, -0.6, out double ga, out double gb);

        // f = b^2 + sin(a b).
        Assert.Equal((0.36) + Math.Sin(-0.48), value, 14);
        Assert.Equal(-0.6 * Math.Cos(-0.48), ga, 14);
        Assert.Equal((2 * -0.6) + (0.8 * Math.Cos(-0.48)), gb, 14);
    }

    [Theory]
    [InlineData(Activation.Tanh, 2.5, 3)]
    [InlineData(Activation.Softplus, 3.5, 2)]
    public void ScaledByActivation_PassesTheEnumToMethodsThatAreNotDifferentiable(Activation activation, double scale, int repeats)
    {
        // f = repeats scale x0 x1 + 4.5 x2^2 + 1.5: ActivationScale(Square) = 4.5, ActivationScale(Identity) = 1.5.
        double[] x = [0.3, -1.2, 2.5];
        var g = new double[3];
        double value = ConstructObjectives.ScaledByActivationGradient(x, activation, g);
        Assert.Equal((repeats * scale * x[0] * x[1]) + (4.5 * x[2] * x[2]) + 1.5, value, 14);
        Assert.Equal(repeats * scale * x[1], g[0], 14);
        Assert.Equal(repeats * scale * x[0], g[1], 14);
        Assert.Equal(9 * x[2], g[2], 14);
    }

    private static (Function F, Gradient Gradient, Product Product) Functions(string name) => name switch
    {
        "Layer" => (
            x => ConstructObjectives.Layer(x[..8], x[8..]),
            (x, g) => ConstructObjectives.LayerGradient(x[..8], x[8..], g[..8], g[8..]),
            (x, v, hv) => ConstructObjectives.LayerHessianVectorProduct(x[..8], x[8..], v[..8], v[8..], hv[..8], hv[8..])),
        "Effects3" => (x => ConstructObjectives.Effects(x, 3), (x, g) => ConstructObjectives.EffectsGradient(x, 3, g), (x, v, hv) => ConstructObjectives.EffectsHessianVectorProduct(x, 3, v, hv)),
        "Effects0" => (x => ConstructObjectives.Effects(x, 0), (x, g) => ConstructObjectives.EffectsGradient(x, 0, g), (x, v, hv) => ConstructObjectives.EffectsHessianVectorProduct(x, 0, v, hv)),
        "ActivateIdentity" => Activate(Activation.Identity),
        "ActivateTanh" => Activate(Activation.Tanh),
        "ActivateSoftplus" => Activate(Activation.Softplus),
        "ActivateSquare" => Activate(Activation.Square),
        "ActivateTwiceSoftplus" => (
            x => ConstructObjectives.ActivateTwice(x, Activation.Softplus),
            (x, g) => ConstructObjectives.ActivateTwiceGradient(x, Activation.Softplus, g),
            (x, v, hv) => ConstructObjectives.ActivateTwiceHessianVectorProduct(x, Activation.Softplus, v, hv)),
        "ScaledByTanh" => ScaledBy(Activation.Tanh),
        "ScaledBySoftplus" => ScaledBy(Activation.Softplus),
        "Piecewise0" => Piecewise(0),
        "Piecewise1" => Piecewise(1),
        "Piecewise7" => Piecewise(7),
        "Piecewise12" => Piecewise(12),
        "Rotations" => (ConstructObjectives.Rotations, ConstructObjectives.RotationsGradient, ConstructObjectives.RotationsHessianVectorProduct),
        "Order" => (ConstructObjectives.Order, ConstructObjectives.OrderGradient, ConstructObjectives.OrderHessianVectorProduct),
        _ => (
            x => ConstructObjectives.SwapParameters(x[0], x[1]),
            (x, g) =>
            {
                double value = ConstructObjectives.SwapParametersGradient(x[0], x[1], out g[0], out g[1]);
                return value;
            },
            (x, v, hv) => ConstructObjectives.SwapParametersHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1])),
    };

    private static (Function, Gradient, Product) Activate(Activation activation) => (
        x => ConstructObjectives.Activate(x, activation),
        (x, g) => ConstructObjectives.ActivateGradient(x, activation, g),
        (x, v, hv) => ConstructObjectives.ActivateHessianVectorProduct(x, activation, v, hv));

    private static (Function, Gradient, Product) ScaledBy(Activation activation) => (
        x => ConstructObjectives.ScaledByActivation(x, activation),
        (x, g) => ConstructObjectives.ScaledByActivationGradient(x, activation, g),
        (x, v, hv) => ConstructObjectives.ScaledByActivationHessianVectorProduct(x, activation, v, hv));

    private static (Function, Gradient, Product) Piecewise(int mode) => (
        x => ConstructObjectives.Piecewise(x, mode),
        (x, g) => ConstructObjectives.PiecewiseGradient(x, mode, g),
        (x, v, hv) => ConstructObjectives.PiecewiseHessianVectorProduct(x, mode, v, hv));
}
