using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Objectives whose interest is their signature: several differentiable parameters of every kind in one method,
/// constant parameters (<c>int</c> and <see cref="ConstantAttribute"/>) that get no gradient output, integer index
/// expressions, <c>Length</c>, a nested type and non-public accessibility.
/// </summary>
public static partial class SignatureObjectives
{
    /// <summary>
    /// double, ReadOnlySpan, double, double[]: generated as
    /// <c>MixedParametersGradient(a, x, b, y, out aGradient, xGradient, out bGradient, yGradient)</c>.
    /// x has 3 entries, y has 2.
    /// </summary>
    [Differentiable]
    public static double MixedParameters(double a, ReadOnlySpan<double> x, double b, double[] y) =>
        a * x[0] * y[1] + b * Math.Sin(x[1]) + y[0] * y[0] * x[2] + Math.Exp(0.5 * (b - a));

    /// <summary>An array parameter only (x[0] is kept away from 0).</summary>
    [Differentiable]
    public static double ArrayProductAndRatio(double[] x) => x[0] * x[1] * x[2] + x[2] / x[0];

    /// <summary>Indices computed from a constant <c>int</c>: x needs at least 2k + 2 entries.</summary>
    [Differentiable]
    public static double IndexedByInteger(ReadOnlySpan<double> x, int k) =>
        x[2 * k] * x[2 * k + 1] + x[x.Length - 1] * x[k] - x[k + 1] / (2 + x[0] * x[0]);

    /// <summary>Reads the last entries through <c>Length</c> and uses the length itself as a number.</summary>
    [Differentiable]
    public static double LengthWeighted(ReadOnlySpan<double> x) =>
        x.Length * x[x.Length - 1] * x[x.Length - 1] + x[0] * x[x.Length - 2];

    /// <summary>The logistic loss of a linear model: the features and the label (+1 or -1) are data.</summary>
    [Differentiable]
    public static double LogisticLoss(
        ReadOnlySpan<double> weights, double bias, [Constant] ReadOnlySpan<double> features, [Constant] double label)
    {
        double margin = label * (weights[0] * features[0] + weights[1] * features[1] + weights[2] * features[2] + bias);
        return Math.Log(1 + Math.Exp(-margin));
    }

    /// <summary>A weighted squared distance to a target: the weights array and the scale are marked constant.</summary>
    [Differentiable]
    public static double WeightedDistance(
        double[] x, [Constant] double[] target, [Constant] double scale, [Constant] ReadOnlySpan<double> weights)
    {
        double d0 = x[0] - target[0];
        double d1 = x[1] - target[1];
        return scale * (weights[0] * d0 * d0 + weights[1] * d1 * d1);
    }

    /// <summary>A constant <c>int</c> used as a number, between two differentiable parameters.</summary>
    [Differentiable]
    public static double CountScaled(double x, int count, double y) => count * x * x * y + x / count - y * y;

    /// <summary>Exercises a private objective from outside: the generated gradient keeps its accessibility.</summary>
    public static double PrivateQuarticValue(double x) => PrivateQuartic(x);

    /// <inheritdoc cref="PrivateQuarticValue"/>
    public static double PrivateQuarticGradientValue(double x, out double gradient) => PrivateQuarticGradient(x, out gradient);

    [Differentiable]
    private static double PrivateQuartic(double x) => x * x * x * x - 3 * x;

    /// <summary>A partial type nested in a partial type.</summary>
    public static partial class Nested
    {
        /// <summary>An internal objective in the nested type.</summary>
        [Differentiable]
        internal static double InnerProductPlusCube(ReadOnlySpan<double> u, ReadOnlySpan<double> v) =>
            u[0] * v[0] + u[1] * v[1] + u[0] * u[0] * u[0] - v[1] * v[0] * v[0];
    }
}

/// <summary>An instance method reading a readonly field and a get-only property of its own instance.</summary>
public sealed partial class SpringEnergy
{
    private readonly double stiffness;

    public SpringEnergy(double stiffness, double restLength)
    {
        this.stiffness = stiffness;
        RestLength = restLength;
    }

    /// <summary>The rest length of the spring, read by the objective as a constant.</summary>
    public double RestLength { get; }

    /// <summary>The elastic energy of a spring between two points of the plane, (x0, y0) and (x1, y1).</summary>
    [Differentiable]
    public double Energy(ReadOnlySpan<double> ends)
    {
        double dx = ends[2] - ends[0];
        double dy = ends[3] - ends[1];
        double stretch = Math.Sqrt(dx * dx + dy * dy) - RestLength;
        return 0.5 * stiffness * stretch * stretch;
    }
}
