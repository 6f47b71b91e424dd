using System;
using AutoDiff.Optimization;

namespace AutoDiff.LeastSquares.Tests.Nist;

/// <summary>
/// The models of the fourteen NIST StRD datasets in Data/nist, as written in the files, as plain
/// <c>[Differentiable]</c> C# (b[0] is NIST's b1). The generator adds <c>{Name}Gradient(b, x, gradient)</c>, one row
/// of the Jacobian, which <see cref="CurveFit"/> and the tests use.
/// </summary>
public static partial class NistModels
{
    /// <summary>Misra1a and BoxBOD: y = b1 (1 - exp(-b2 x)).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Misra1a(ReadOnlySpan<double> b, [Constant] double x) => b[0] * (1 - Math.Exp(-b[1] * x));

    /// <summary>Chwirut2: y = exp(-b1 x) / (b2 + b3 x).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Chwirut2(ReadOnlySpan<double> b, [Constant] double x) => Math.Exp(-b[0] * x) / (b[1] + b[2] * x);

    /// <summary>DanWood: y = b1 x^b2.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double DanWood(ReadOnlySpan<double> b, [Constant] double x) => b[0] * Math.Pow(x, b[1]);

    /// <summary>Eckerle4: y = (b1 / b2) exp(-0.5 ((x - b3) / b2)^2).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Eckerle4(ReadOnlySpan<double> b, [Constant] double x)
    {
        double u = (x - b[2]) / b[1];
        return b[0] / b[1] * Math.Exp(-0.5 * u * u);
    }

    /// <summary>Gauss1: y = b1 exp(-b2 x) + b3 exp(-(x - b4)^2 / b5^2) + b6 exp(-(x - b7)^2 / b8^2).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Gauss1(ReadOnlySpan<double> b, [Constant] double x)
    {
        double u = x - b[3], v = x - b[6];
        return b[0] * Math.Exp(-b[1] * x) + b[2] * Math.Exp(-u * u / (b[4] * b[4])) + b[5] * Math.Exp(-v * v / (b[7] * b[7]));
    }

    /// <summary>Hahn1 and Thurber: y = (b1 + b2 x + b3 x^2 + b4 x^3) / (1 + b5 x + b6 x^2 + b7 x^3).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double CubicRational(ReadOnlySpan<double> b, [Constant] double x)
    {
        double numerator = b[0] + x * (b[1] + x * (b[2] + x * b[3]));
        double denominator = 1 + x * (b[4] + x * (b[5] + x * b[6]));
        return numerator / denominator;
    }

    /// <summary>Kirby2: y = (b1 + b2 x + b3 x^2) / (1 + b4 x + b5 x^2).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Kirby2(ReadOnlySpan<double> b, [Constant] double x) =>
        (b[0] + x * (b[1] + x * b[2])) / (1 + x * (b[3] + x * b[4]));

    /// <summary>Lanczos3: y = b1 exp(-b2 x) + b3 exp(-b4 x) + b5 exp(-b6 x), a sum over the three terms.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Lanczos3(ReadOnlySpan<double> b, [Constant] double x)
    {
        double sum = 0;
        for (int k = 0; k < 3; k++)
        {
            sum += b[2 * k] * Math.Exp(-b[2 * k + 1] * x);
        }

        return sum;
    }

    /// <summary>MGH17: y = b1 + b2 exp(-x b4) + b3 exp(-x b5).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Mgh17(ReadOnlySpan<double> b, [Constant] double x) =>
        b[0] + b[1] * Math.Exp(-x * b[3]) + b[2] * Math.Exp(-x * b[4]);

    /// <summary>Misra1c: y = b1 (1 - (1 + 2 b2 x)^(-1/2)).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Misra1c(ReadOnlySpan<double> b, [Constant] double x) => b[0] * (1 - 1 / Math.Sqrt(1 + 2 * b[1] * x));

    /// <summary>Rat42: y = b1 / (1 + exp(b2 - b3 x)).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Rat42(ReadOnlySpan<double> b, [Constant] double x) => b[0] / (1 + Math.Exp(b[1] - b[2] * x));

    /// <summary>Roszman1: y = b1 - b2 x - arctan(b3 / (x - b4)) / pi.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Roszman1(ReadOnlySpan<double> b, [Constant] double x) => b[0] - b[1] * x - Math.Atan(b[2] / (x - b[3])) / Math.PI;

    /// <summary>The model's generated gradient for each dataset.</summary>
    /// <param name="dataset">The dataset's name, as its file.</param>
    /// <returns>f(b, x) with its gradient.</returns>
    public static ModelGradientFunction For(string dataset) => dataset switch
    {
        "Misra1a" or "BoxBOD" => Misra1aGradient,
        "Chwirut2" => Chwirut2Gradient,
        "DanWood" => DanWoodGradient,
        "Eckerle4" => Eckerle4Gradient,
        "Gauss1" => Gauss1Gradient,
        "Hahn1" or "Thurber" => CubicRationalGradient,
        "Kirby2" => Kirby2Gradient,
        "Lanczos3" => Lanczos3Gradient,
        "MGH17" => Mgh17Gradient,
        "Misra1c" => Misra1cGradient,
        "Rat42" => Rat42Gradient,
        "Roszman1" => Roszman1Gradient,
        _ => throw new ArgumentException($"No model for {dataset}.", nameof(dataset)),
    };

    /// <summary>The fourteen datasets.</summary>
    public static readonly string[] Datasets =
    [
        "Misra1a", "Chwirut2", "Lanczos3", "Gauss1", "DanWood",
        "Misra1c", "Kirby2", "Hahn1", "MGH17", "Roszman1",
        "BoxBOD", "Rat42", "Eckerle4", "Thurber",
    ];
}
