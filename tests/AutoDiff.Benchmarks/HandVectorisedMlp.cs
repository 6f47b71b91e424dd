using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiff.Optimization;
using Samples.MnistMlp;

namespace AutoDiff.Benchmarks;

/// <summary>
/// The MNIST sample's 784-128-10 MLP (<see cref="Mlp"/>: ReLU hidden layer, softmax cross-entropy, the same parameter
/// layout) with its forward and backward passes written by hand over a whole mini-batch, in double precision on one
/// thread: <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> for every weighted sum and
/// <see cref="TensorPrimitives.MultiplyAdd{T}(ReadOnlySpan{T}, T, ReadOnlySpan{T}, Span{T})"/> (an axpy) for every
/// gradient row. It stands in for TorchSharp, whose native library does not load on this machine (README, Benchmarks):
/// like a framework it works layer by layer over the batch, and like its dense matrix products it skips nothing
/// (no use of zero pixels or of inactive units beyond the ReLU derivative itself). Loops over layer-1 rows run the
/// row across the batch while it is in L1 (forward: the row of W1; backward: the row of dW1, written once per batch
/// instead of once per sample). Buffers are allocated once for a batch size, so a training epoch allocates nothing.
/// With <c>registerBlocked</c>, layer 1 (99% of the work) instead runs as small matrix-product kernels over the batch
/// copied into one array, the way a BLAS does it: forward, 2 rows of W1 x 4 samples in 8 <see cref="Vector256{T}"/>
/// accumulators (6 loads per 8 fused multiply-adds); backward, 4 rows x 8 columns of dW1 held in registers across
/// the whole batch (6 loads per 8 fused multiply-adds, each dW1 element loaded and stored once per batch).
/// </summary>
public sealed class HandVectorisedMlp
{
    private const int Inputs = Mlp.Inputs;
    private const int Hidden = Mlp.Hidden;
    private const int Outputs = Mlp.Outputs;

    private readonly double[] _activations;
    private readonly double[] _activationAdjoints;
    private readonly double[] _logitAdjoints;
    private readonly double[] _inputs;
    private readonly double[] _hiddenAdjointsByUnit;

    /// <summary>Creates the buffers for batches of up to <paramref name="maxBatchSize"/> samples.</summary>
    /// <param name="maxBatchSize">The largest batch <see cref="AccumulateGradient"/> will be given.</param>
    /// <param name="registerBlocked">Layer 1 through the register-blocked kernels rather than TensorPrimitives.</param>
    public HandVectorisedMlp(int maxBatchSize, bool registerBlocked = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        MaxBatchSize = maxBatchSize;
        RegisterBlocked = registerBlocked;
        _inputs = registerBlocked ? new double[maxBatchSize * Inputs] : [];
        _hiddenAdjointsByUnit = registerBlocked ? new double[maxBatchSize * Hidden] : [];
        _activations = new double[maxBatchSize * Hidden];
        _activationAdjoints = new double[maxBatchSize * Hidden];
        _logitAdjoints = new double[maxBatchSize * Outputs];
    }

    /// <summary>The largest batch the buffers hold.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Whether layer 1 runs through the register-blocked kernels.</summary>
    public bool RegisterBlocked { get; }

    /// <summary>
    /// Adds <paramref name="seed"/> times the gradient of the summed loss of <paramref name="samples"/> to
    /// <paramref name="gradient"/> (what <c>Mlp.LossPullback</c> does for one sample) and returns the summed loss.
    /// </summary>
    /// <param name="w">The parameters, <see cref="Mlp.Parameters"/> of them.</param>
    /// <param name="data">Samples: 784 pixels, then the digit.</param>
    /// <param name="samples">Indices into <paramref name="data"/>: the batch.</param>
    /// <param name="seed">The weight of each sample's gradient (1/m for a mean over m samples).</param>
    /// <param name="gradient">Accumulates; <see cref="Mlp.Parameters"/> long.</param>
    /// <returns>The sum of the batch's losses.</returns>
    public double AccumulateGradient(ReadOnlySpan<double> w, Dataset data, ReadOnlySpan<int> samples, double seed, Span<double> gradient)
    {
        int m = samples.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(m, MaxBatchSize, nameof(samples));
        ArgumentOutOfRangeException.ThrowIfNotEqual(w.Length, Mlp.Parameters, nameof(w));
        ArgumentOutOfRangeException.ThrowIfNotEqual(gradient.Length, Mlp.Parameters, nameof(gradient));
        ReadOnlySpan<double> w1 = w[..Mlp.B1], b1 = w.Slice(Mlp.B1, Hidden), w2 = w.Slice(Mlp.W2, Outputs * Hidden), b2 = w.Slice(Mlp.B2, Outputs);
        Span<double> g1 = gradient[..Mlp.B1], gb1 = gradient.Slice(Mlp.B1, Hidden);
        Span<double> g2 = gradient.Slice(Mlp.W2, Outputs * Hidden), gb2 = gradient.Slice(Mlp.B2, Outputs);
        Span<double> activations = _activations.AsSpan(0, m * Hidden);
        Span<double> activationAdjoints = _activationAdjoints.AsSpan(0, m * Hidden);
        Span<double> logitAdjoints = _logitAdjoints.AsSpan(0, m * Outputs);

        if (RegisterBlocked)
        {
            Span<double> x = _inputs.AsSpan(0, m * Inputs);
            for (int s = 0; s < m; s++)
            {
                data[samples[s]][..Inputs].CopyTo(x.Slice(s * Inputs, Inputs));
            }

            BlockedForward(w1, b1, x, m, activations);
        }

        // Layer 1 forward: hidden[s, h] = max(0, b1[h] + W1[h, :] . x_s), one row of W1 across the whole batch.
        for (int h = 0; h < Hidden && !RegisterBlocked; h++)
        {
            ReadOnlySpan<double> row = w1.Slice(h * Inputs, Inputs);
            double bias = b1[h];
            for (int s = 0; s < m; s++)
            {
                double a = bias + TensorPrimitives.Dot(row, data[samples[s]][..Inputs]);
                activations[s * Hidden + h] = Math.Max(0.0, a);
            }
        }

        // Layer 2 forward, the loss -log softmax(z)[label] = max + log sum exp(z - max) - z[label], and its adjoint
        // seed * (softmax(z) - onehot(label)) into the logit adjoints.
        double loss = 0;
        for (int s = 0; s < m; s++)
        {
            ReadOnlySpan<double> a = activations.Slice(s * Hidden, Hidden);
            Span<double> z = logitAdjoints.Slice(s * Outputs, Outputs);
            for (int k = 0; k < Outputs; k++)
            {
                z[k] = b2[k] + TensorPrimitives.Dot(w2.Slice(k * Hidden, Hidden), a);
            }

            int label = (int)data[samples[s]][Inputs];
            double largest = TensorPrimitives.Max<double>(z);
            double labelLogit = z[label];
            double sum = 0;
            for (int k = 0; k < Outputs; k++)
            {
                z[k] = Math.Exp(z[k] - largest);
                sum += z[k];
            }

            loss += largest + Math.Log(sum) - labelLogit;
            double scale = seed / sum;
            for (int k = 0; k < Outputs; k++)
            {
                z[k] *= scale;
            }

            z[label] -= seed;
        }

        // Layer 2 backward: db2 += dz, dW2[k, :] += dz_k a_s, da_s = sum_k dz_k W2[k, :]; then the ReLU derivative.
        for (int s = 0; s < m; s++)
        {
            ReadOnlySpan<double> a = activations.Slice(s * Hidden, Hidden);
            ReadOnlySpan<double> dz = logitAdjoints.Slice(s * Outputs, Outputs);
            Span<double> da = activationAdjoints.Slice(s * Hidden, Hidden);
            da.Clear();
            for (int k = 0; k < Outputs; k++)
            {
                double d = dz[k];
                gb2[k] += d;
                Span<double> gradientRow = g2.Slice(k * Hidden, Hidden);
                TensorPrimitives.MultiplyAdd(a, d, gradientRow, gradientRow);
                TensorPrimitives.MultiplyAdd(w2.Slice(k * Hidden, Hidden), d, da, da);
            }

            for (int h = 0; h < Hidden; h++)
            {
                if (a[h] <= 0)
                {
                    da[h] = 0;
                }
            }
        }

        if (RegisterBlocked)
        {
            // The adjoints by unit (h-major), so each row's batch of multipliers is contiguous.
            Span<double> byUnit = _hiddenAdjointsByUnit.AsSpan(0, m * Hidden);
            for (int s = 0; s < m; s++)
            {
                for (int h = 0; h < Hidden; h++)
                {
                    byUnit[h * m + s] = activationAdjoints[s * Hidden + h];
                }
            }

            for (int h = 0; h < Hidden; h++)
            {
                gb1[h] += TensorPrimitives.Sum<double>(byUnit.Slice(h * m, m));
            }

            BlockedBackward(_inputs.AsSpan(0, m * Inputs), byUnit, m, g1);
            return loss;
        }

        // Layer 1 backward: db1[h] += sum_s da[s, h], dW1[h, :] += sum_s da[s, h] x_s, one row of dW1 across the batch.
        for (int h = 0; h < Hidden; h++)
        {
            Span<double> gradientRow = g1.Slice(h * Inputs, Inputs);
            double biasAdjoint = 0;
            for (int s = 0; s < m; s++)
            {
                double d = activationAdjoints[s * Hidden + h];
                biasAdjoint += d;
                TensorPrimitives.MultiplyAdd(data[samples[s]][..Inputs], d, gradientRow, gradientRow);
            }

            gb1[h] += biasAdjoint;
        }

        return loss;
    }

    /// <summary>activations[s, h] = max(0, b1[h] + W1[h, :] . x_s) for the batch packed in <paramref name="x"/> (m x 784).</summary>
    private static void BlockedForward(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> x, int m, Span<double> activations)
    {
        ref double weights = ref MemoryMarshal.GetReference(w1);
        ref double pixels = ref MemoryMarshal.GetReference(x);
        for (int h = 0; h < Hidden; h += 2)
        {
            ref double row0 = ref Unsafe.Add(ref weights, h * Inputs);
            ref double row1 = ref Unsafe.Add(ref weights, (h + 1) * Inputs);
            int s = 0;
            for (; s + 4 <= m; s += 4)
            {
                ref double x0 = ref Unsafe.Add(ref pixels, s * Inputs);
                ref double x1 = ref Unsafe.Add(ref x0, Inputs);
                ref double x2 = ref Unsafe.Add(ref x1, Inputs);
                ref double x3 = ref Unsafe.Add(ref x2, Inputs);
                Vector256<double> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<double> a10 = default, a11 = default, a12 = default, a13 = default;
                int i = 0;
                for (; i + 4 <= Inputs; i += 4)
                {
                    Vector256<double> r0 = Vector256.LoadUnsafe(ref row0, (nuint)i), r1 = Vector256.LoadUnsafe(ref row1, (nuint)i);
                    Vector256<double> v0 = Vector256.LoadUnsafe(ref x0, (nuint)i), v1 = Vector256.LoadUnsafe(ref x1, (nuint)i);
                    Vector256<double> v2 = Vector256.LoadUnsafe(ref x2, (nuint)i), v3 = Vector256.LoadUnsafe(ref x3, (nuint)i);
                    a00 = Vector256.FusedMultiplyAdd(r0, v0, a00);
                    a01 = Vector256.FusedMultiplyAdd(r0, v1, a01);
                    a02 = Vector256.FusedMultiplyAdd(r0, v2, a02);
                    a03 = Vector256.FusedMultiplyAdd(r0, v3, a03);
                    a10 = Vector256.FusedMultiplyAdd(r1, v0, a10);
                    a11 = Vector256.FusedMultiplyAdd(r1, v1, a11);
                    a12 = Vector256.FusedMultiplyAdd(r1, v2, a12);
                    a13 = Vector256.FusedMultiplyAdd(r1, v3, a13);
                }

                double s00 = Vector256.Sum(a00), s01 = Vector256.Sum(a01), s02 = Vector256.Sum(a02), s03 = Vector256.Sum(a03);
                double s10 = Vector256.Sum(a10), s11 = Vector256.Sum(a11), s12 = Vector256.Sum(a12), s13 = Vector256.Sum(a13);
                for (; i < Inputs; i++)
                {
                    double r0 = Unsafe.Add(ref row0, i), r1 = Unsafe.Add(ref row1, i);
                    double v0 = Unsafe.Add(ref x0, i), v1 = Unsafe.Add(ref x1, i), v2 = Unsafe.Add(ref x2, i), v3 = Unsafe.Add(ref x3, i);
                    s00 += r0 * v0;
                    s01 += r0 * v1;
                    s02 += r0 * v2;
                    s03 += r0 * v3;
                    s10 += r1 * v0;
                    s11 += r1 * v1;
                    s12 += r1 * v2;
                    s13 += r1 * v3;
                }

                activations[s * Hidden + h] = Math.Max(0.0, b1[h] + s00);
                activations[(s + 1) * Hidden + h] = Math.Max(0.0, b1[h] + s01);
                activations[(s + 2) * Hidden + h] = Math.Max(0.0, b1[h] + s02);
                activations[(s + 3) * Hidden + h] = Math.Max(0.0, b1[h] + s03);
                activations[s * Hidden + h + 1] = Math.Max(0.0, b1[h + 1] + s10);
                activations[(s + 1) * Hidden + h + 1] = Math.Max(0.0, b1[h + 1] + s11);
                activations[(s + 2) * Hidden + h + 1] = Math.Max(0.0, b1[h + 1] + s12);
                activations[(s + 3) * Hidden + h + 1] = Math.Max(0.0, b1[h + 1] + s13);
            }

            for (; s < m; s++)
            {
                ReadOnlySpan<double> sample = x.Slice(s * Inputs, Inputs);
                activations[s * Hidden + h] = Math.Max(0.0, b1[h] + TensorPrimitives.Dot(w1.Slice(h * Inputs, Inputs), sample));
                activations[s * Hidden + h + 1] = Math.Max(0.0, b1[h + 1] + TensorPrimitives.Dot(w1.Slice((h + 1) * Inputs, Inputs), sample));
            }
        }
    }

    /// <summary>dW1[h, :] += sum_s byUnit[h, s] x_s for the batch packed in <paramref name="x"/> (m x 784).</summary>
    private static void BlockedBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> byUnit, int m, Span<double> g1)
    {
        ref double pixels = ref MemoryMarshal.GetReference(x);
        ref double adjoints = ref MemoryMarshal.GetReference(byUnit);
        ref double gradient = ref MemoryMarshal.GetReference(g1);
        for (int h = 0; h < Hidden; h += 4)
        {
            ref double g0 = ref Unsafe.Add(ref gradient, h * Inputs);
            ref double g1r = ref Unsafe.Add(ref g0, Inputs);
            ref double g2 = ref Unsafe.Add(ref g1r, Inputs);
            ref double g3 = ref Unsafe.Add(ref g2, Inputs);
            ref double d0 = ref Unsafe.Add(ref adjoints, h * m);
            ref double d1 = ref Unsafe.Add(ref d0, m);
            ref double d2 = ref Unsafe.Add(ref d1, m);
            ref double d3 = ref Unsafe.Add(ref d2, m);
            int i = 0;
            for (; i + 8 <= Inputs; i += 8)
            {
                nuint at = (nuint)i, next = (nuint)(i + 4);
                Vector256<double> c00 = Vector256.LoadUnsafe(ref g0, at), c01 = Vector256.LoadUnsafe(ref g0, next);
                Vector256<double> c10 = Vector256.LoadUnsafe(ref g1r, at), c11 = Vector256.LoadUnsafe(ref g1r, next);
                Vector256<double> c20 = Vector256.LoadUnsafe(ref g2, at), c21 = Vector256.LoadUnsafe(ref g2, next);
                Vector256<double> c30 = Vector256.LoadUnsafe(ref g3, at), c31 = Vector256.LoadUnsafe(ref g3, next);
                for (int s = 0; s < m; s++)
                {
                    ref double sample = ref Unsafe.Add(ref pixels, s * Inputs);
                    Vector256<double> v0 = Vector256.LoadUnsafe(ref sample, at), v1 = Vector256.LoadUnsafe(ref sample, next);
                    var e0 = Vector256.Create(Unsafe.Add(ref d0, s));
                    var e1 = Vector256.Create(Unsafe.Add(ref d1, s));
                    var e2 = Vector256.Create(Unsafe.Add(ref d2, s));
                    var e3 = Vector256.Create(Unsafe.Add(ref d3, s));
                    c00 = Vector256.FusedMultiplyAdd(v0, e0, c00);
                    c01 = Vector256.FusedMultiplyAdd(v1, e0, c01);
                    c10 = Vector256.FusedMultiplyAdd(v0, e1, c10);
                    c11 = Vector256.FusedMultiplyAdd(v1, e1, c11);
                    c20 = Vector256.FusedMultiplyAdd(v0, e2, c20);
                    c21 = Vector256.FusedMultiplyAdd(v1, e2, c21);
                    c30 = Vector256.FusedMultiplyAdd(v0, e3, c30);
                    c31 = Vector256.FusedMultiplyAdd(v1, e3, c31);
                }

                c00.StoreUnsafe(ref g0, at);
                c01.StoreUnsafe(ref g0, next);
                c10.StoreUnsafe(ref g1r, at);
                c11.StoreUnsafe(ref g1r, next);
                c20.StoreUnsafe(ref g2, at);
                c21.StoreUnsafe(ref g2, next);
                c30.StoreUnsafe(ref g3, at);
                c31.StoreUnsafe(ref g3, next);
            }

            for (; i < Inputs; i++)
            {
                for (int s = 0; s < m; s++)
                {
                    double v = Unsafe.Add(ref pixels, s * Inputs + i);
                    Unsafe.Add(ref g0, i) += Unsafe.Add(ref d0, s) * v;
                    Unsafe.Add(ref g1r, i) += Unsafe.Add(ref d1, s) * v;
                    Unsafe.Add(ref g2, i) += Unsafe.Add(ref d2, s) * v;
                    Unsafe.Add(ref g3, i) += Unsafe.Add(ref d3, s) * v;
                }
            }
        }
    }
}
