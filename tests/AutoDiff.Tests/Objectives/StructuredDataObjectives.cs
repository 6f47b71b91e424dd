using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>One observation of a fit: constant data with double fields and an int weight.</summary>
public readonly record struct Observation(double X, double Y, int Weight);

/// <summary>A class record with properties, read through an array of references.</summary>
public sealed record LabelledSample(double[] Features, double Target);

/// <summary>
/// Structured constant data: jagged and 2-D arrays, arrays and spans of structs and records, float and int arrays,
/// read as data (no gradient outputs), and local 2-D arrays whose elements hold values of the inputs.
/// </summary>
public static partial class StructuredDataObjectives
{
    /// <summary>sum_i (p . xs[i] + p[last] xs[i][last] - ys[i])^2, each row passed whole to <see cref="Dot"/>.</summary>
    [Differentiable]
    public static double JaggedLeastSquares(ReadOnlySpan<double> p, double[][] xs, [Constant] double[] ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = Dot(p, xs[i]) + (p[p.Length - 1] * xs[i][xs[i].Length - 1]) - ys[i];
            sum += r * r;
        }

        return sum;
    }

    /// <summary>w . x over the first w.Length entries of x.</summary>
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

    /// <summary>x^T A x + sum_i sin(x_i) A[i, i] over a rectangular A (the columns past x's length ignored).</summary>
    [Differentiable]
    public static double MatrixQuadratic(ReadOnlySpan<double> x, double[,] a)
    {
        double sum = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(0); j++)
            {
                sum += x[i] * a[i, j] * x[j];
            }

            sum += Math.Sin(x[i]) * a[i, i];
        }

        return sum;
    }

    /// <summary>A weighted fit of y = p0 exp(p1 x) over an array of structs.</summary>
    [Differentiable]
    public static double ExponentialFit(ReadOnlySpan<double> p, Observation[] data)
    {
        double sum = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double r = (p[0] * Math.Exp(p[1] * data[i].X)) - data[i].Y;
            sum += data[i].Weight * r * r;
        }

        return sum;
    }

    /// <summary>The same fit over a span of structs, with foreach.</summary>
    [Differentiable]
    public static double ExponentialFitSpan(ReadOnlySpan<double> p, ReadOnlySpan<Observation> data)
    {
        double sum = 0;
        foreach (var o in data)
        {
            double r = (p[0] * Math.Exp(p[1] * o.X)) - o.Y;
            sum += o.Weight * r * r;
        }

        return sum;
    }

    /// <summary>A linear model over records whose features are arrays: sum_i (w . s.Features - s.Target)^2 / 2.</summary>
    [Differentiable]
    public static double RecordLoss(ReadOnlySpan<double> w, LabelledSample[] samples)
    {
        double sum = 0;
        foreach (LabelledSample s in samples)
        {
            double r = -s.Target;
            for (int j = 0; j < s.Features.Length; j++)
            {
                r += w[j] * s.Features[j];
            }

            sum += 0.5 * r * r;
        }

        return sum;
    }

    /// <summary>float and int data converted to double, explicitly and implicitly, from arrays and spans.</summary>
    [Differentiable]
    public static double Converted(ReadOnlySpan<double> x, float[] f, int[] k, ReadOnlySpan<float> g, ReadOnlySpan<int> m)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += ((double)f[i] * x[i] * x[i]) + (k[i] * Math.Cos(x[i])) + (g[i] * x[i]) - (m[i] / 2.0);
        }

        foreach (double c in k)
        {
            sum += c * x[0];
        }

        return sum;
    }

    /// <summary>
    /// A local 2-D array filled from the input and overwritten (a soft dynamic-programming table):
    /// t[i, j] = x_i x_j + log(exp(t[i-1, j]) + exp(t[i, j-1])), then each cell scaled by its row's input.
    /// </summary>
    [Differentiable]
    public static double SoftTable(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[,] t = new double[n, n + 1];
        for (int j = 0; j <= n; j++)
        {
            t[0, j] = j < n ? x[j] : 1.0;
        }

        for (int i = 1; i < t.GetLength(0); i++)
        {
            t[i, 0] = x[i] * t[i - 1, 0];
            for (int j = 1; j < t.GetLength(1); j++)
            {
                t[i, j] = (x[i] * x[j - 1]) + Math.Log(Math.Exp(t[i - 1, j]) + Math.Exp(t[i, j - 1]));
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= n; j++)
            {
                t[i, j] *= Math.Tanh(x[i]);
            }
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += t[i, n] + (t[i, i] * t[n - 1, i]);
        }

        return sum + t.Length;
    }

    /// <summary>Masks (bool[]) and enum arrays as data: which terms count, and which activation each coordinate gets.</summary>
    [Differentiable]
    public static double Masked(ReadOnlySpan<double> x, bool[] mask, Activation[] activations)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            sum += activations[i] == Activation.Tanh ? Math.Tanh(x[i]) : activations[i] == Activation.Square ? x[i] * x[i] : x[i];
        }

        return sum;
    }

    /// <summary>A local 2-D array from an initializer with inputs in it: the 2x2 determinant plus a weighted trace.</summary>
    [Differentiable]
    public static double Determinant(ReadOnlySpan<double> x)
    {
        var m = new double[,] { { x[0], x[1] }, { x[2] * x[0], 3.0 } };
        m[1, 1] += x[1] * x[2];
        return (m[0, 0] * m[1, 1]) - (m[0, 1] * m[1, 0]) + m[1, 1];
    }

    /// <summary>Reads column 2 of an n x 2 local table: C# throws, and so must the flat storage (not read row i + 1).</summary>
    [Differentiable]
    public static double OutOfRangeColumn(ReadOnlySpan<double> x)
    {
        var t = new double[x.Length, 2];
        t[1, 0] = x[1];
        int column = x.Length;
        return t[0, column] * x[0];
    }

    /// <summary>Residuals r_i = p0 exp(p1 x_i) - y_i over a span of structs, weighted by a 2-D table: a vector output.</summary>
    [Differentiable]
    public static void ExponentialResiduals(ReadOnlySpan<double> p, ReadOnlySpan<Observation> data, double[,] weights, Span<double> r)
    {
        for (int i = 0; i < data.Length; i++)
        {
            r[i] = weights[i, 0] * ((p[0] * Math.Exp(p[1] * data[i].X)) - data[i].Y);
        }
    }
}
