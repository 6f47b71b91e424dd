using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Local functions as differentiable callees: each one called becomes a private static callee of its own (value,
/// pullback, directional derivative, pullback tangent) that the method's derivatives call.
/// </summary>
public static partial class LocalFunctionObjectives
{
    /// <summary>The example: sum of (x_i - 1)^2 through a static local function.</summary>
    [Differentiable]
    public static double ShiftedSquares(ReadOnlySpan<double> x)
    {
        static double Sq(double t) => t * t;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Sq(x[i] - 1);
        }

        return s;
    }

    /// <summary>
    /// A local function with a span parameter and two parameters, calling another one, with a local array, a branch,
    /// and a local function nested inside it that calls the outer one.
    /// </summary>
    [Differentiable]
    public static double Chain(ReadOnlySpan<double> x, double k)
    {
        static double Soft(double t) => t > 0 ? t + Math.Log(1 + Math.Exp(-t)) : Math.Log(1 + Math.Exp(t));

        static double Pairs(ReadOnlySpan<double> p, double stiffness)
        {
            static double Bond(double a, double b) => Soft(b - a) * Math.Sin(a * b);

            double[] d = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                d[i] = p[i] * stiffness;
            }

            double e = 0;
            for (int i = 0; i + 1 < p.Length; i++)
            {
                e += Bond(d[i], d[i + 1]);
            }

            return e;
        }

        return Pairs(x, k) + (k * Soft(x[0])) + Pairs(x, 1);
    }

    /// <summary>A local function that is not static but captures nothing (a constant is not a capture).</summary>
    [Differentiable]
    public static double NoCapture(ReadOnlySpan<double> x)
    {
        const double scale = 0.5;
        double Cube(double t) => scale * t * t * t;
        return (Cube(x[0]) * Cube(x[1])) + Cube(x[0] * x[1]);
    }

    /// <summary>Two overloads whose local functions have the same name and signature (F_1_G and F_2_G).</summary>
    [Differentiable]
    public static double Overloaded(double a)
    {
        static double G(double t) => Math.Exp(t) * t;
        return G(a) + G(2 * a);
    }

    /// <inheritdoc cref="Overloaded(double)"/>
    [Differentiable]
    public static double Overloaded(ReadOnlySpan<double> x)
    {
        static double G(double t) => Math.Cos(t) * t;
        double s = 0;
        foreach (double e in x)
        {
            s += G(e);
        }

        return s;
    }

    /// <summary>An <c>int</c> parameter and a <c>[Constant]</c> one: sum of w_i x_i^3 through Term(x, i, w[i]).</summary>
    [Differentiable]
    public static double Weighted(ReadOnlySpan<double> x, [Constant] double[] w)
    {
        static double Term(ReadOnlySpan<double> v, int i, [Constant] double weight) => weight * v[i] * v[i] * v[i];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Term(x, i, w[i]);
        }

        return s;
    }

    /// <summary>
    /// A local function that writes its parameter, named like a parameter of the method: only the local function's
    /// own parameter is copied into a local, in its own callee.
    /// </summary>
    [Differentiable]
    public static double Shadowing(ReadOnlySpan<double> x, double a)
    {
        static double Damp(double a)
        {
            a *= 0.5;
            return a * a;
        }

        return Damp(x[0]) + (a * Damp(a)) + (x[1] * Damp(x[1] * a));
    }

    /// <summary>
    /// Lambdas assigned to locals that capture nothing and are only called: each is a callee of its own, like a static
    /// local function (one calls a static local function, another has two parameters and a block body).
    /// </summary>
    [Differentiable]
    public static double Lambdas(ReadOnlySpan<double> x)
    {
        static double Sq(double t) => t * t;
        Func<double, double> softplus = static t => Math.Log(1 + Math.Exp(t));
        var shifted = (double t) => Sq(t - 1) + 0.5;
        Func<double, double, double> mix = (a, b) =>
        {
            double m = a * b;
            return Math.Sin(m) + b;
        };

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += softplus(x[i]) * shifted(x[i]) + mix(x[i], x[(i + 1) % x.Length]);
        }

        return s;
    }

    /// <summary>A vector-output method calling a local function (its Jacobian products go through the callee).</summary>
    [Differentiable]
    public static void Residuals(ReadOnlySpan<double> x, Span<double> r)
    {
        static double Sq(double t) => t * t;
        for (int i = 0; i < x.Length; i++)
        {
            r[i] = Sq(x[i]) - (x[i] * x[(i + 1) % x.Length]);
        }
    }
}

/// <summary>An instance method calling a static local function.</summary>
public sealed partial class LocalFunctionModel(double scale)
{
    private readonly double _scale = scale;

    [Differentiable]
    public double Loss(ReadOnlySpan<double> x)
    {
        static double Sq(double t) => t * t;
        return (_scale * Sq(x[0] - x[1])) + Sq(x[1] * x[0]);
    }
}
