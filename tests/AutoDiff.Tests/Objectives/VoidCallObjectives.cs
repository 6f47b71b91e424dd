using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Calls of <c>void</c> helpers that write their results into spans (the C out-parameter style of ADBench's GMM and
/// bundle-adjustment code), span locals naming part of an array, and array parameters written in place.
/// </summary>
public static partial class VoidCallObjectives
{
    /// <summary>r[i] = x[i] - y[i] for the first d elements only: a partial write, the rest of r is kept.</summary>
    [Differentiable]
    public static void Subtract(int d, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> r)
    {
        for (int i = 0; i < d; i++)
        {
            r[i] = x[i] - y[i];
        }
    }

    /// <summary>Radial distortion: reads its output before it overwrites it (an in/out vector).</summary>
    [Differentiable]
    public static void Distort(ReadOnlySpan<double> k, Span<double> r)
    {
        double s = (r[0] * r[0]) + (r[1] * r[1]);
        double l = 1 + (k[0] * s) + (k[1] * s * s);
        r[0] = r[0] * l;
        r[1] = r[1] * l;
    }

    /// <summary>r[i] = 2 a[i - 1] for i &gt;= 1: passed the same span as a and r, each write is read by the next step.</summary>
    [Differentiable]
    public static void ShiftDouble(ReadOnlySpan<double> a, Span<double> r)
    {
        for (int i = 1; i < r.Length; i++)
        {
            r[i] = 2 * a[i - 1];
        }
    }

    /// <summary>
    /// p = (three 2-D points, a centre, two distortion coefficients): each point centred by a partial write into c (c[2]
    /// keeps its value), distorted in place, then c shifted into itself (aliasing).
    /// </summary>
    [Differentiable]
    public static double Centered(ReadOnlySpan<double> p)
    {
        ReadOnlySpan<double> mu = p.Slice(6, 2);
        ReadOnlySpan<double> k = p[8..];
        double[] c = new double[3];
        c[2] = p[0] * mu[1];
        double sum = 0;
        for (int i = 0; i < 3; i++)
        {
            Subtract(2, p.Slice(2 * i), mu, c);
            Distort(k, c);
            sum += (c[0] * c[1]) + (c[2] * c[0]);
        }

        ShiftDouble(c, c);
        Span<double> tail = c.AsSpan(1);
        return sum + (tail[0] * tail[1]) + Math.Sin(c[0]);
    }

    /// <summary>A vector output passed on, read and overwritten by the helper: r = distort(x0 k-scaled, x1 - x3).</summary>
    [Differentiable]
    public static void Project(ReadOnlySpan<double> p, Span<double> r)
    {
        r[0] = p[0] * p[2];
        r[1] = p[1] - p[3];
        Distort(p.Slice(2), r);
        r[0] = r[0] + p[1];
    }

    /// <summary>
    /// Enzyme's insertsort_sum: sorts its argument in place (descending), then sums the first half, weighted. The
    /// generated members sort a copy; the derivative is with respect to the values passed.
    /// </summary>
    [Differentiable]
    public static double SortedHalfSum(double[] a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            int j = i;
            while (j > 0 && a[j - 1] < a[j])
            {
                double t = a[j];
                a[j] = a[j - 1];
                a[j - 1] = t;
                j -= 1;
            }
        }

        double sum = 0;
        for (int i = 0; i < a.Length / 2; i++)
        {
            sum += a[i] * a[i] * (i + 1);
        }

        return sum;
    }

    /// <summary>An array parameter written by a void helper it is passed to (Enzyme's readwriteread), then read.</summary>
    [Differentiable]
    public static double WrittenByHelper(double[] x, double y)
    {
        double product = x[0] * x[1];
        ScaleFirst(product, x);
        return x[0] + (x[1] * y) + Math.Exp(x[0] * y);
    }

    /// <summary>x[0] *= f: reads and writes its output.</summary>
    [Differentiable]
    public static void ScaleFirst(double f, Span<double> x)
    {
        x[0] = x[0] * f;
    }
}
