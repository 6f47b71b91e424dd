using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Slices passed to callees: <c>x.Slice(i, n)</c>, <c>x[i..j]</c>, <c>a.AsSpan(k)</c>, <c>a.AsSpan(k, n)</c> of inputs and
/// local arrays; each slice's adjoint is the same slice of the caller's adjoint, and overlapping slices add up.
/// </summary>
public static partial class SliceObjectives
{
    /// <summary>(1 + v_0) sum v_i^2: nonlinear in every element, and in the first differently.</summary>
    [Differentiable]
    public static double Weighted(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return (1 + v[0]) * s;
    }

    /// <summary>a . b (two vector parameters, which one call may pass overlapping slices of one array).</summary>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i] * b[i];
        }

        return s;
    }

    /// <summary>The case: overlapping slices of the input, F(x[0..3]) + F(x[1..4]).</summary>
    [Differentiable]
    public static double Overlapping(ReadOnlySpan<double> x) => Weighted(x[0..3]) + Weighted(x[1..4]);

    /// <summary>Sliding windows <c>Slice(i, 2)</c> in a loop, <c>Slice(start)</c> to the end, and <c>[^2..]</c> from the end.</summary>
    [Differentiable]
    public static double Windows(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 2 <= x.Length; i++)
        {
            s += Math.Sin(Weighted(x.Slice(i, 2)));
        }

        return s + (Weighted(x.Slice(1)) * Weighted(x[^2..]));
    }

    /// <summary>Overlapping slices of one input in one call: both adjoints land in the same elements.</summary>
    [Differentiable]
    public static double Shifted(ReadOnlySpan<double> x) => Dot(x[..^1], x[1..]) + Dot(x, x);

    /// <summary>
    /// <c>AsSpan</c> (with a start and length, an <c>Index</c> from the end, a <c>Range</c>) and ranges of a
    /// <c>double[]</c> parameter and of a local array overwritten after a call read it.
    /// </summary>
    [Differentiable]
    public static double Arrays(double[] w)
    {
        double[] a = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            a[i] = Math.Exp(0.3 * w[i]);
        }

        double s = Weighted(a.AsSpan(1)) + Weighted(w.AsSpan(0, 2)) + Dot(a.AsSpan(1, 2), w.AsSpan(2));
        a[1] = w[0] * a[2];
        s += Weighted(a.AsSpan(0, 2)) * Weighted(a[..2]);
        return s + (Weighted(w.AsSpan(^2)) * Weighted(a.AsSpan(1..3)));
    }

    /// <summary>Slices of a stackalloc span at a start that moves (an int the loop updates).</summary>
    [Differentiable]
    public static double StackSlices(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[4];
        for (int i = 0; i < 4; i++)
        {
            t[i] = x[i] * x[(i + 1) % x.Length];
        }

        int j = 0;
        double s = 0;
        while (j + 2 <= 4)
        {
            s += Weighted(t.Slice(j, 2));
            j += 2;
        }

        return s;
    }

    /// <summary>Slices passed to a static local function, next to slices of constant data.</summary>
    [Differentiable]
    public static double ToLocalFunction(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> data)
    {
        static double Pair(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++)
            {
                s += Math.Tanh(a[i] * b[i]);
            }

            return s;
        }

        return Pair(x[1..], data[..^1]) * Pair(x[..^1], x[1..]);
    }
}
