using System.Collections.Generic;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Representative [Differentiable] methods whose generated text is committed under Baselines/. Each case is one
/// source file; its name is the baseline's file name.
/// </summary>
internal static class BaselineCases
{
    private const string Usings = "using System;\nusing AutoDiff;\n\n";

    public static readonly IReadOnlyDictionary<string, string> All = new SortedDictionary<string, string>(System.StringComparer.Ordinal)
    {
        ["Rosenbrock"] = Usings + """
            namespace Demo;

            public static partial class Objectives
            {
                [Differentiable]
                public static double Rosenbrock(ReadOnlySpan<double> x)
                {
                    double a = 1 - x[0], b = x[1] - x[0] * x[0];
                    return a * a + 100 * b * b;
                }
            }
            """,

        ["ScalarParameters"] = Usings + """
            public static partial class Scalars
            {
                [Differentiable]
                public static double Product(double x, double y) => x * y + x / y - y;
            }
            """,

        ["MixedParameters"] = Usings + """
            namespace Demo.Models;

            internal static partial class Fit
            {
                [Differentiable]
                internal static double Residual(double[] weights, ReadOnlySpan<double> bias, double scale, [Constant] ReadOnlySpan<double> data, int k)
                {
                    double prediction = scale * (weights[k] * data[k] + bias[0]);
                    double residual = prediction - data[k + 1];
                    return residual * residual;
                }
            }
            """,

        ["ExpressionBodied"] = Usings + """
            public static partial class Shapes
            {
                [Differentiable]
                public static double Paraboloid(double x, double y) => 3 * x * x + 0.5 * y * y - x * y;
            }
            """,

        ["Reassignment"] = Usings + """
            public static partial class Accumulators
            {
                [Differentiable]
                public static double Chain(ReadOnlySpan<double> x)
                {
                    double s = x[0];
                    s *= x[1];
                    s += x[2];
                    s /= x[0] + 2;
                    s -= 1;
                    s = s * s;
                    return s;
                }
            }
            """,

        ["Constants"] = Usings + """
            public partial class Spring
            {
                private const double Half = 0.5;
                private static readonly double Gravity = 9.81;
                private readonly double _stiffness;

                public Spring(double stiffness) => _stiffness = stiffness;

                public double Mass { get; init; } = 2;

                [Differentiable]
                public double Energy(double extension, double height)
                {
                    const double scale = 2.0;
                    return Half * _stiffness * extension * extension + Mass * Gravity * height * scale / 2 + Math.PI * 0;
                }
            }
            """,

        ["Trigonometric"] = Usings + """
            public static partial class Trig
            {
                [Differentiable]
                public static double All(double x, double y) =>
                    Math.Sin(x) + Math.Cos(y) + Math.Tan(x * y) + Math.Asin(x / 4) + Math.Acos(y / 4) + Math.Atan(x) + Math.Atan2(y, x);
            }
            """,

        ["Hyperbolic"] = Usings + """
            public static partial class Hyper
            {
                [Differentiable]
                public static double All(double x) =>
                    Math.Sinh(x) + Math.Cosh(x) + Math.Tanh(x) + Math.Asinh(x) + Math.Acosh(x + 2) + Math.Atanh(x / 4);
            }
            """,

        ["ExponentialsAndLogarithms"] = Usings + """
            public static partial class ExpLog
            {
                [Differentiable]
                public static double All(double x, double b) =>
                    Math.Exp(x) + Math.Log(x) + Math.Log(x, b) + Math.Log10(x) + Math.Log2(x);
            }
            """,

        ["Powers"] = Usings + """
            public static partial class Powers
            {
                [Differentiable]
                public static double All(double x, double p) =>
                    Math.Sqrt(x) + Math.Cbrt(x) + Math.Pow(x, 2) + Math.Pow(x, 3.5) + Math.Pow(x, p);
            }
            """,

        ["NonSmooth"] = Usings + """
            public static partial class Kinks
            {
                [Differentiable]
                public static double All(double x, double y, double z) =>
                    Math.Abs(x) + Math.Max(x, y) + Math.Min(y, z) + Math.Clamp(x, y, z) + double.Hypot(x, y) + Math.FusedMultiplyAdd(x, y, z);
            }
            """,

        ["PiecewiseConstant"] = Usings + """
            public static partial class Steps
            {
                [Differentiable]
                public static double All(double x) =>
                    x * (Math.Sign(x) + Math.Floor(x) + Math.Ceiling(x) + Math.Round(x) + Math.Round(x, 2) + Math.Truncate(x));
            }
            """,

        ["NestedTypes"] = Usings + """
            namespace Outer.Space;

            public partial class Container<T>
            {
                internal partial struct Inner
                {
                    [Differentiable]
                    private static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
                    {
                        double dx = p[0] - q[0], dy = p[1] - q[1];
                        return Math.Sqrt(dx * dx + dy * dy);
                    }
                }
            }
            """,

        ["DoubleStaticMethods"] = Usings + """
            public static partial class Generic
            {
                [Differentiable]
                public static double All(double x, double y) => double.Sin(x) * double.Exp(y) + double.Hypot(x, y) + double.Log(y, 2);
            }
            """,

        ["IntegerIndices"] = Usings + """
            public static partial class Indices
            {
                [Differentiable]
                public static double Ends(ReadOnlySpan<double> x, int k)
                {
                    int last = x.Length - 1;
                    double first = x[2 * k + 1];
                    double weight = last + k;
                    return weight * first * x[last] + x[last / 2] * (x.Length % 2);
                }
            }
            """,

        ["Negations"] = Usings + """
            public static partial class Signs
            {
                [Differentiable]
                public static double All(double x, double y) => -x * -(y - -x) - -1.5 + -(-x);
            }
            """,
    };
}
