using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Benchmarks.Objectives;

/// <summary>
/// Reference kernels the generated code is measured against (issue 16's targets): the memory traffic an ideal
/// extended-Rosenbrock gradient cannot avoid, and hand-vectorised gradients of extended Rosenbrock and the dense
/// layer. <see cref="Vector256{T}"/> loops over spans without bounds checks, with scalar tails; sums are reassociated
/// across lanes, so results differ from the scalar gradients by rounding only (<c>--check</c> compares them).
/// </summary>
public static class HandVectorisedKernels
{
    /// <summary>
    /// The bandwidth bound of a gradient of a function of n doubles: read x once and write g once (g = x), vectorised,
    /// with ordinary stores like a gradient's. Returns g[0] so the call has a result.
    /// </summary>
    public static double ReadXWriteGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (gradient.Length != x.Length)
        {
            throw new ArgumentException("'gradient' must have the same length as 'x'.", nameof(gradient));
        }

        int n = x.Length, i = 0;
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double gs = ref MemoryMarshal.GetReference(gradient);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                Vector256.LoadUnsafe(ref xs, (nuint)i).StoreUnsafe(ref gs, (nuint)i);
                Vector256.LoadUnsafe(ref xs, (nuint)(i + 4)).StoreUnsafe(ref gs, (nuint)(i + 4));
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref gs, i) = Unsafe.Add(ref xs, i);
        }

        return n == 0 ? 0 : gradient[0];
    }

    /// <summary>
    /// The extended Rosenbrock gradient in gather form, each g[i] written once:
    /// g_i = -2 a_i - 400 b_i x_i (for i &lt; n - 1) + 200 b_{i-1} (for i &gt; 0), a_i = 1 - x_i, b_i = x_{i+1} - x_i^2.
    /// Returns f(x).
    /// </summary>
    public static double RosenbrockGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int n = x.Length;
        if (gradient.Length != n)
        {
            throw new ArgumentException("'gradient' must have the same length as 'x'.", nameof(gradient));
        }

        if (n < 2)
        {
            gradient.Clear();
            return 0;
        }

        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double gs = ref MemoryMarshal.GetReference(gradient);
        double sum;
        {
            double x0 = xs, a = 1 - x0, b = Unsafe.Add(ref xs, 1) - x0 * x0;
            sum = a * a + 100 * b * b;
            gs = -2 * a - 400 * b * x0;
        }

        // Interior elements 1 .. n - 2 have both terms; a vector at i reads x[i - 1 .. i + 4].
        int i = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1.0);
            var minusTwo = Vector256.Create(-2.0);
            var minusFourHundred = Vector256.Create(-400.0);
            var twoHundred = Vector256.Create(200.0);
            var hundred = Vector256.Create(100.0);
            var sums = Vector256<double>.Zero;
            for (; i <= n - 5; i += 4)
            {
                var xi = Vector256.LoadUnsafe(ref xs, (nuint)i);
                var next = Vector256.LoadUnsafe(ref xs, (nuint)(i + 1));
                var previous = Vector256.LoadUnsafe(ref xs, (nuint)(i - 1));
                var a = one - xi;
                var b = next - xi * xi;
                var bPrevious = xi - previous * previous;
                sums += a * a + hundred * b * b;
                (minusTwo * a + minusFourHundred * b * xi + twoHundred * bPrevious).StoreUnsafe(ref gs, (nuint)i);
            }

            sum += Vector256.Sum(sums);
        }

        for (; i < n - 1; i++)
        {
            double xi = Unsafe.Add(ref xs, i), previous = Unsafe.Add(ref xs, i - 1);
            double a = 1 - xi, b = Unsafe.Add(ref xs, i + 1) - xi * xi, bPrevious = xi - previous * previous;
            sum += a * a + 100 * b * b;
            Unsafe.Add(ref gs, i) = -2 * a - 400 * b * xi + 200 * bPrevious;
        }

        double last = Unsafe.Add(ref xs, n - 1), beforeLast = Unsafe.Add(ref xs, n - 2);
        Unsafe.Add(ref gs, n - 1) = 200 * (last - beforeLast * beforeLast);
        return sum;
    }

    /// <summary>
    /// The gradient of <see cref="DenseLayerObjectives.DenseLayerLoss"/> with its loops in the objective's order
    /// (samples, then outputs), the inner loop over inputs vectorised: a dot product for z, then an axpy
    /// gW_o += 2 r x_s. Returns the loss.
    /// </summary>
    public static double DenseLayerLossGradient(
        ReadOnlySpan<double> weights,
        ReadOnlySpan<double> bias,
        ReadOnlySpan<double> inputs,
        ReadOnlySpan<double> targets,
        int inputCount,
        int outputCount,
        int sampleCount,
        Span<double> weightsGradient,
        Span<double> biasGradient)
    {
        if (weights.Length != outputCount * inputCount || bias.Length != outputCount
            || inputs.Length < sampleCount * inputCount || targets.Length < sampleCount * outputCount
            || weightsGradient.Length != weights.Length || biasGradient.Length != bias.Length)
        {
            throw new ArgumentException("Inconsistent dense-layer sizes.");
        }

        weightsGradient.Clear();
        biasGradient.Clear();
        double loss = 0;
        for (int s = 0; s < sampleCount; s++)
        {
            var x = inputs.Slice(s * inputCount, inputCount);
            for (int o = 0; o < outputCount; o++)
            {
                double r = bias[o] + Dot(weights.Slice(o * inputCount, inputCount), x) - targets[s * outputCount + o];
                loss += r * r;
                biasGradient[o] += 2 * r;
                Axpy(2 * r, x, weightsGradient.Slice(o * inputCount, inputCount));
            }
        }

        return loss;
    }

    /// <summary>sum_i a_i b_i with four independent vector accumulators.</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        ref double ar = ref MemoryMarshal.GetReference(a);
        ref double br = ref MemoryMarshal.GetReference(b);
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            var s2 = Vector256<double>.Zero;
            var s3 = Vector256<double>.Zero;
            for (; i <= n - 16; i += 16)
            {
                s0 += Vector256.LoadUnsafe(ref ar, (nuint)i) * Vector256.LoadUnsafe(ref br, (nuint)i);
                s1 += Vector256.LoadUnsafe(ref ar, (nuint)(i + 4)) * Vector256.LoadUnsafe(ref br, (nuint)(i + 4));
                s2 += Vector256.LoadUnsafe(ref ar, (nuint)(i + 8)) * Vector256.LoadUnsafe(ref br, (nuint)(i + 8));
                s3 += Vector256.LoadUnsafe(ref ar, (nuint)(i + 12)) * Vector256.LoadUnsafe(ref br, (nuint)(i + 12));
            }

            for (; i <= n - 4; i += 4)
            {
                s0 += Vector256.LoadUnsafe(ref ar, (nuint)i) * Vector256.LoadUnsafe(ref br, (nuint)i);
            }

            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref ar, i) * Unsafe.Add(ref br, i);
        }

        return sum;
    }

    /// <summary>y += alpha x.</summary>
    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, i = 0;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i <= n - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref yr, (nuint)i) + a * Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
                (Vector256.LoadUnsafe(ref yr, (nuint)(i + 4)) + a * Vector256.LoadUnsafe(ref xr, (nuint)(i + 4))).StoreUnsafe(ref yr, (nuint)(i + 4));
            }

            for (; i <= n - 4; i += 4)
            {
                (Vector256.LoadUnsafe(ref yr, (nuint)i) + a * Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) += alpha * Unsafe.Add(ref xr, i);
        }
    }
}
