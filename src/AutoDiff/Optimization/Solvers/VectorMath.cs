using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoDiff.Optimization;

/// <summary>
/// The few dense vector operations the solvers need, written out so the order of additions (and so every result) is
/// fixed. The elementwise ones the stochastic solvers call every step use <see cref="Vector{T}"/> lanes, which round
/// each element as the scalar loop does (no fused multiply-add); sums stay scalar, in index order.
/// </summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    public static double NormSquared(ReadOnlySpan<double> a) => Dot(a, a);

    /// <summary>y = y + alpha x.</summary>
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>x = alpha x.</summary>
    public static void Scale(Span<double> x, double alpha)
    {
        int n = x.Length, i = 0, width = Vector<double>.Count;
        ref double xs = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - width; i += width)
            {
                (Vector.LoadUnsafe(ref xs, (nuint)i) * alpha).StoreUnsafe(ref xs, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            x[i] *= alpha;
        }
    }

    /// <summary>result = x + alpha p.</summary>
    public static void PointAlong(ReadOnlySpan<double> x, double alpha, ReadOnlySpan<double> p, Span<double> result)
    {
        int n = x.Length, i = 0, width = Vector<double>.Count;
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double ps = ref MemoryMarshal.GetReference(p[..n]);
        ref double rs = ref MemoryMarshal.GetReference(result[..n]);
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - width; i += width)
            {
                (Vector.LoadUnsafe(ref xs, (nuint)i) + alpha * Vector.LoadUnsafe(ref ps, (nuint)i)).StoreUnsafe(ref rs, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            result[i] = x[i] + alpha * p[i];
        }
    }

    /// <summary>result = -x.</summary>
    public static void Negate(ReadOnlySpan<double> x, Span<double> result)
    {
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = -x[i];
        }
    }

    public static bool AllFinite(ReadOnlySpan<double> x)
    {
        foreach (double value in x)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
