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

        ["ForLoop"] = Usings + """
            public static partial class Loops
            {
                [Differentiable]
                public static double ExtendedRosenbrock(ReadOnlySpan<double> x)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
                        sum += a * a + 100 * b * b;
                    }

                    return sum;
                }
            }
            """,

        ["NestedLoops"] = Usings + """
            public static partial class Layers
            {
                [Differentiable]
                public static double DenseLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y)
                {
                    double loss = 0;
                    for (int r = 0; r < b.Length; r++)
                    {
                        double z = b[r];
                        for (int c = 0; c < x.Length; c++)
                        {
                            z += w[r * x.Length + c] * x[c];
                        }

                        double e = z - y[r];
                        loss += e * e;
                    }

                    return loss;
                }
            }
            """,

        ["FusionOrder"] = Usings + """
            public static partial class Mixtures
            {
                // ADBench GMM's shape: the loops over a share nothing with the sum over points, so they move in front of
                // it and the sum's loop is fused; the return reads what they computed, which is known before the loop.
                [Differentiable]
                public static double PointsThenWeights(ReadOnlySpan<double> x, ReadOnlySpan<double> a)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double e = Math.Exp(a[0] * x[i]);
                        sum += e * x[i];
                    }

                    double largest = a[0];
                    for (int k = 1; k < a.Length; k++)
                    {
                        largest = Math.Max(largest, a[k]);
                    }

                    double total = 0;
                    for (int k = 0; k < a.Length; k++)
                    {
                        total += Math.Exp(a[k] - largest);
                    }

                    return 2 * sum - x.Length * (largest + Math.Log(total));
                }

                // The second loop reads the sum: it stays after the sum's loop, which is not fused.
                [Differentiable]
                public static double SumThenLoopThatReadsIt(ReadOnlySpan<double> x, double y)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        sum += x[i] * x[i];
                    }

                    double scaled = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        scaled += sum * x[i] * y;
                    }

                    return scaled + sum;
                }

                // The second loop may throw (and is not fusable: the log reads its sum): it stays where it is written,
                // so an exception comes from where C# raises it, and the sum's loop is not fused.
                [Differentiable]
                public static double SumThenLoopThatThrows(ReadOnlySpan<double> x, ReadOnlySpan<double> a, double y)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        sum += x[i] * y;
                    }

                    double total = 0;
                    for (int k = 0; k < a.Length; k++)
                    {
                        if (a[k] < 0)
                        {
                            throw new ArgumentOutOfRangeException(nameof(a));
                        }

                        total += a[k] * a[k];
                    }

                    return sum + Math.Log(total);
                }

                // Not fusable (a product): Math.Exp(x[i]) is saved on the tape, not called again in the reverse sweep.
                [Differentiable]
                public static double ProductOfExponentials(ReadOnlySpan<double> x)
                {
                    double p = 1;
                    for (int i = 0; i < x.Length; i++)
                    {
                        p *= Math.Exp(x[i]) + x[i];
                    }

                    return p;
                }
            }
            """,

        ["RecomputedTripCounts"] = Usings + """
            public static partial class Windows
            {
                [Differentiable]
                public static double TriangularProduct(ReadOnlySpan<double> x, int width)
                {
                    int half = x.Length / 2;
                    double p = 1;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double s = 0;
                        for (int j = 0; j <= i; j += 2)
                        {
                            s += x[i] * x[j];
                        }

                        for (int j = i; j >= half; j--)
                        {
                            s += width * x[j];
                        }

                        p *= 1 + 0.1 * s;
                    }

                    return p;
                }

                [Differentiable]
                public static double UntilNegative(ReadOnlySpan<double> x)
                {
                    double p = 1;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double s = 0;
                        for (int j = 0; j < x.Length; j++)
                        {
                            if (x[j] < 0)
                            {
                                break;
                            }

                            s += x[j] * x[i];
                        }

                        p *= 1 + 0.1 * s;
                    }

                    return p;
                }
            }
            """,

        ["WhileLoopWithBreak"] = Usings + """
            public static partial class Iterations
            {
                [Differentiable]
                public static double Grow(ReadOnlySpan<double> x, double rate)
                {
                    double p = 1;
                    int k = 0;
                    while (k < x.Length)
                    {
                        p *= 1 + rate * x[k];
                        if (p > 100)
                        {
                            break;
                        }

                        k++;
                    }

                    return p;
                }
            }
            """,

        ["DoLoopAndContinue"] = Usings + """
            public static partial class Iterations
            {
                [Differentiable]
                public static double Skip(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    int i = 0;
                    do
                    {
                        i++;
                        if (x[i - 1] < 0)
                        {
                            continue;
                        }

                        s += Math.Sqrt(x[i - 1] + 1);
                    }
                    while (i < x.Length);
                    return s;
                }
            }
            """,

        ["Branches"] = Usings + """
            public static partial class Piecewise
            {
                [Differentiable]
                public static double Huber(double r, double delta)
                {
                    if (Math.Abs(r) <= delta)
                    {
                        return 0.5 * r * r;
                    }
                    else if (r > 0)
                    {
                        return delta * (r - 0.5 * delta);
                    }

                    return delta * (-r - 0.5 * delta);
                }
            }
            """,

        ["Ternary"] = Usings + """
            public static partial class Piecewise
            {
                [Differentiable]
                public static double SafeLog(double x, double y) => x > 0 ? Math.Log(x) * y : y > 0 ? y : -x;
            }
            """,

        ["EarlyReturnInLoop"] = Usings + """
            public static partial class Search
            {
                [Differentiable]
                public static double FirstLarge(ReadOnlySpan<double> x, double threshold)
                {
                    double product = 1;
                    foreach (double v in x)
                    {
                        if (v * product > threshold)
                        {
                            return v * product;
                        }

                        product *= Math.Tanh(v) + 2;
                    }

                    return product;
                }
            }
            """,

        ["LocalArrays"] = Usings + """
            public static partial class Buffers
            {
                [Differentiable]
                public static double Softmax(ReadOnlySpan<double> x)
                {
                    Span<double> e = stackalloc double[x.Length];
                    double total = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        e[i] = Math.Exp(x[i]);
                        total += e[i];
                    }

                    double[] prefix = new double[x.Length];
                    prefix[0] = e[0] / total;
                    for (int i = 1; i < x.Length; i++)
                    {
                        prefix[i] = prefix[i - 1] + e[i] / total;
                        prefix[i] *= prefix[i];
                    }

                    return prefix[x.Length - 1];
                }
            }
            """,

        ["LocalArraysInLoops"] = Usings + """
            public static partial class Buffers
            {
                [Differentiable]
                public static double PairwiseEnergy(ReadOnlySpan<double> x, int width)
                {
                    double energy = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        Span<double> window = stackalloc double[width];
                        double[] squares = new double[width];
                        for (int k = 0; k < width && i + k < x.Length; k++)
                        {
                            window[k] = x[i + k] * x[i];
                            squares[k] = window[k] * window[k];
                        }

                        energy += squares[0] + Math.Sin(window[width - 1]);
                    }

                    return energy;
                }
            }
            """,

        ["Calls"] = Usings + """
            public static partial class Composed
            {
                [Differentiable]
                public static double Square(double u) => u * u;

                [Differentiable]
                public static double Norm(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    foreach (double e in v)
                    {
                        s += Square(e);
                    }

                    return Math.Sqrt(s);
                }

                [Differentiable]
                public static double Outer(ReadOnlySpan<double> x, double scale) => scale * Norm(x) + Square(scale * x[0]);
            }
            """,

        ["LocalFunctions"] = Usings + """
            public static partial class Springs
            {
                [Differentiable]
                public static double Energy(ReadOnlySpan<double> x, double k)
                {
                    static double Sq(double t) => t * t;

                    // A span parameter, two parameters, and a call of the other local function.
                    static double Chain(ReadOnlySpan<double> p, double stiffness)
                    {
                        double e = 0;
                        for (int i = 0; i + 1 < p.Length; i++)
                        {
                            e += stiffness * Sq(p[i + 1] - p[i] - 1);
                        }

                        return e;
                    }

                    // A lambda that captures nothing and is only called: a callee like a static local function.
                    Func<double, double> half = static t => 0.5 * t;
                    return Chain(x, k) + Sq(half(x[0]));
                }
            }
            """,

        ["Slices"] = Usings + """
            public static partial class Windows
            {
                [Differentiable(Derivatives.Gradient)]
                public static double Pair(ReadOnlySpan<double> v) => (1 + v[0]) * v[1];

                [Differentiable(Derivatives.Gradient)]
                public static double Overlapping(ReadOnlySpan<double> x, double[] w)
                {
                    double s = Pair(x[0..2]) + Pair(x.Slice(1, 2)) + Pair(w.AsSpan(1));
                    for (int i = 0; i + 2 <= x.Length; i++)
                    {
                        s += Pair(x.Slice(i, 2)) * Pair(x[^2..]);
                    }

                    return s;
                }
            }
            """,

        ["CustomDerivative"] = Usings + """
            public static partial class Special
            {
                // A function the generator does not see into: its derivative comes from the pullback below.
                public static double Softplus(double z) => z > 30 ? z : Math.Log(1 + Math.Exp(z));

                [CustomDerivative(nameof(Softplus))]
                public static double SoftplusPullback(double z, double seed, ref double zAdjoint)
                {
                    zAdjoint += seed / (1 + Math.Exp(-z));
                    return Softplus(z);
                }

                [Differentiable(Derivatives.Gradient)]
                public static double Loss(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> features)
                {
                    double z = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        z += w[i] * features[i];
                    }

                    return Softplus(-z);
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

        ["MoreMath"] = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double All(double x, double y, [Constant] int n) =>
                    double.LogP1(x * x) + double.ExpM1(y) + double.Exp2(x) + Math.CopySign(x, y) + Math.ScaleB(y, n) + Math.IEEERemainder(x, y);
            }
            """,

        ["ParameterWrites"] = Usings + """
            public static partial class Writes
            {
                [Differentiable]
                public static double Clipped(double x, [Constant] int n)
                {
                    x = Math.Max(x, 0);
                    double s = 0;
                    while (n > 0)
                    {
                        s += x;
                        x *= 0.5;
                        n--;
                    }

                    return s;
                }
            }
            """,

        ["ValueAssignments"] = Usings + """
            public static partial class Cursors
            {
                [Differentiable]
                public static double Layer(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> input, [Constant] int n)
                {
                    int p = 0;
                    double z = w[p++];
                    for (int i = 0; i < input.Length; i++)
                    {
                        z += w[p++] * input[i];
                    }

                    double r, a = 0;
                    while (n-- > 0)
                    {
                        a = r = z * w[p];
                    }

                    if ((r = Math.Tanh(z)) > 0)
                    {
                        a += r;
                    }

                    return a + w[p] * w[++p];
                }
            }
            """,

        ["Switches"] = Usings + """
            public enum Shape { Linear, Quadratic, Smooth }

            public static partial class Switches
            {
                [Differentiable]
                public static double Loss(double x, [Constant] Shape shape, [Constant] int k)
                {
                    double s;
                    switch (shape)
                    {
                        case Shape.Linear:
                            s = x;
                            break;
                        case Shape.Quadratic:
                            s = x * x;
                            break;
                        default:
                            return Math.Log(1 + Math.Exp(x));
                    }

                    double t = x switch
                    {
                        < 0 => -x,
                        >= 0 and < 1 => x * x,
                        _ => 2 * x - 1,
                    };
                    return s + t * (k switch { 0 or 1 => 1.0, var m when m > 5 && x > 0 => 0.5, _ => 2.0 });
                }
            }
            """,

        ["Tuples"] = Usings + """
            public static partial class Tuples
            {
                [Differentiable]
                public static double Rotate(ReadOnlySpan<double> x)
                {
                    var (u, v) = (x[0], x[1]);
                    (double a, double b) = (u * v, u - v);
                    (a, b) = (b, a);
                    return a * Math.Sin(b);
                }
            }
            """,

        ["GuardClauses"] = Usings + """
            public static partial class Guards
            {
                // A guard that throws, a ThrowIf check, Debug.Assert and Console.WriteLine: written again where the
                // method's own computation runs, never in a reverse sweep.
                [Differentiable]
                public static double CheckedLogSum(ReadOnlySpan<double> x, int n)
                {
                    ArgumentOutOfRangeException.ThrowIfGreaterThan(n, x.Length);
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        if (x[i] <= 0)
                        {
                            throw new ArgumentException($"x[{i}] = {x[i]} is not positive", nameof(x));
                        }

                        System.Diagnostics.Debug.Assert(double.IsFinite(x[i]) && !double.IsNaN(x[i]), "x is finite");
                        sum += Math.Log(x[i]) * x[i];
                    }

                    Console.WriteLine("sum {0:F3} of " + n, sum);
                    return sum;
                }
            }
            """,

        ["VectorOutput"] = Usings + """
            public static partial class Residuals
            {
                [Differentiable]
                public static void ExpDecay(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> t, [Constant] ReadOnlySpan<double> y, Span<double> r)
                {
                    for (int i = 0; i < t.Length; i++)
                    {
                        r[i] = p[0] * Math.Exp(p[1] * t[i]) - y[i];
                    }

                    if (p.Length < 3)
                    {
                        return;
                    }

                    r[0] += p[2] * r[1];
                }
            }
            """,

        ["InPlaceVectorFunction"] = Usings + """
            public static partial class State
            {
                // No Span<double> output, and it writes into x: the function from x's values at entry (and rate) to its
                // values at exit, with an output xResult of its own.
                [Differentiable]
                public static void Step(double[] x, double rate)
                {
                    for (int i = 1; i < x.Length; i++)
                    {
                        x[i] += rate * x[i - 1] * x[i];
                    }

                    if (x.Length < 3)
                    {
                        return;
                    }

                    x[0] = x[0] * rate;
                }

                // Its array the only differentiable parameter: also the dense Jacobian (n x n, by columns).
                [Differentiable]
                public static void SquareEach(double[] a, int n)
                {
                    for (int i = 0; i <= n; i++)
                    {
                        a[i] *= a[i];
                    }
                }
            }
            """,

        ["StructuredData"] = Usings + """
            public readonly record struct Observation(double X, double Y, int Weight);

            public static partial class Regression
            {
                // Rows of a jagged array passed on to a [Differentiable] callee, a 2-D array and float and int data:
                // all constant, so the only gradient output is p's.
                [Differentiable]
                public static double Loss(ReadOnlySpan<double> p, double[][] xs, double[,] scale, float[] offsets, int[] counts, ReadOnlySpan<Observation> data)
                {
                    double sum = 0;
                    for (int i = 0; i < xs.Length; i++)
                    {
                        double r = Dot(p, xs[i]) * scale[i, scale.GetLength(1) - 1] - (double)offsets[i] + counts[i];
                        sum += r * r + xs[i][xs[i].Length - 1] * p[0];
                    }

                    foreach (var o in data)
                    {
                        double e = p[0] * o.X + p[1] - o.Y;
                        sum += o.Weight * e * e;
                    }

                    return sum;
                }

                [Differentiable]
                public static double Dot(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int j = 0; j < w.Length; j++)
                    {
                        s += w[j] * x[j];
                    }

                    return s;
                }
            }
            """,

        ["LocalMatrix"] = Usings + """
            public static partial class Grids
            {
                // A local 2-D array whose elements hold values of the input: stored flat, differentiated like a double[].
                [Differentiable]
                public static double Smooth(ReadOnlySpan<double> x)
                {
                    int n = x.Length;
                    var a = new double[n, 2];
                    for (int i = 0; i < a.GetLength(0); i++)
                    {
                        a[i, 0] = x[i] * x[i];
                        a[i, 1] = Math.Sin(a[i, 0]);
                    }

                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        s += a[i, 0] * a[n - 1 - i, 1];
                    }

                    return s;
                }
            }
            """,

        ["VoidHelperCall"] = Usings + """
            public static partial class Gmm
            {
                // The C out-parameter style: a void helper writes part of a local array (a slice), another reads its
                // output before overwriting it; their bodies run in place of the calls, so every write is a local write.
                [Differentiable]
                public static void Subtract(int d, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> r)
                {
                    for (int i = 0; i < d; i++)
                    {
                        r[i] = x[i] - y[i];
                    }
                }

                [Differentiable]
                public static void Square(double a, Span<double> r)
                {
                    r[0] = a * r[0] * r[0];
                }

                [Differentiable]
                public static double Spread(ReadOnlySpan<double> x, ReadOnlySpan<double> mu)
                {
                    double[] c = new double[4];
                    ReadOnlySpan<double> centre = mu[..2];
                    double s = 0;
                    for (int i = 0; i < 2; i++)
                    {
                        Subtract(2, x.Slice(2 * i), centre, c.AsSpan(2 * i));
                        Square(x[i], c);
                        s += c[0] + c[2 * i + 1] * c[2 * i + 1];
                    }

                    return s;
                }
            }
            """,

        ["OpaqueCalls"] = "using System;\nusing System.Linq;\nusing AutoDiff;\n\n" + """
            public static partial class Metrics
            {
                public static int Binomial(int n, int k) => k == 0 ? 1 : Binomial(n, k - 1) * (n - k + 1) / k;

                // Calls of plain methods whose results do not depend on the predictions: run once, where C# runs them,
                // into locals of the forward sweep (a LINQ call with a lambda over the constant targets among them).
                [Differentiable(Wrt = [nameof(predictions)])]
                public static double Score(double[] targets, double[] predictions, int n)
                {
                    double mean = targets.Sum() / targets.Length;
                    double total = targets.Sum(t => (t - mean) * (t - mean));
                    double s = 0;
                    for (int i = 0; i < predictions.Length && i < Binomial(n, 2); i++)
                    {
                        double r = targets[i] - predictions[i];
                        s += Binomial(n, i % 3) * r * r;
                    }

                    return s / total + Math.Log(MathNet.Numerics.SpecialFunctions.GammaLn(predictions[0]) + 2);
                }
            }
            """,
        ["InPlaceParameter"] = Usings + """
            public static partial class Sorting
            {
                // Enzyme's sumtil: writes into its argument; the generated members work on a copy made at entry.
                [Differentiable(Derivatives.Gradient)]
                public static double SumTil(double[] vec)
                {
                    double ret = 0.0;
                    for (int i = 0; i < vec.Length; i++)
                    {
                        ret += vec[i] * vec[i];
                        vec[i] = 0;
                    }

                    return ret + vec[0];
                }
            }
            """,

        ["RefParameter"] = Usings + """
            public static partial class Counting
            {
                // A ref int read and written, with an early return: the members take it by ref and write each new value
                // through as it is assigned; no objective factory.
                [Differentiable(Derivatives.Gradient)]
                public static double CountPositive(ReadOnlySpan<double> x, ref int n)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] > 2)
                        {
                            return s;
                        }

                        s += x[i] * x[i] * n;
                        n++;
                    }

                    return s;
                }
            }
            """,

        ["IntegerTypes"] = Usings + """
            public static partial class Counting
            {
                // long counters and indices, an int counter against a long bound, ulong and uint locals the reverse sweep
                // reads after they are overwritten (saved exactly on the tape), unsigned wrap-around.
                [Differentiable(Derivatives.Gradient)]
                public static double Mixed(double[] a, long n, uint m)
                {
                    double sum = 0;
                    ulong w = 0;
                    w -= 1;
                    for (long i = 1; i < n; i++)
                    {
                        w -= (ulong)i;
                        sum += a[i - 1] * a[i] * (w % 5);
                    }

                    for (int i = 0; i < n / 2; i++)
                    {
                        sum += Math.Pow(a[i], m);
                    }

                    return sum;
                }
            }
            """,
    };
}
