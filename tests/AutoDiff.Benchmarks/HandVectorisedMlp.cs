using System;
using System.Numerics.Tensors;
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
/// </summary>
public sealed class HandVectorisedMlp
{
    private const int Inputs = Mlp.Inputs;
    private const int Hidden = Mlp.Hidden;
    private const int Outputs = Mlp.Outputs;

    private readonly double[] _activations;
    private readonly double[] _activationAdjoints;
    private readonly double[] _logitAdjoints;

    /// <summary>Creates the buffers for batches of up to <paramref name="maxBatchSize"/> samples.</summary>
    /// <param name="maxBatchSize">The largest batch <see cref="AccumulateGradient"/> will be given.</param>
    public HandVectorisedMlp(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        MaxBatchSize = maxBatchSize;
        _activations = new double[maxBatchSize * Hidden];
        _activationAdjoints = new double[maxBatchSize * Hidden];
        _logitAdjoints = new double[maxBatchSize * Outputs];
    }

    /// <summary>The largest batch the buffers hold.</summary>
    public int MaxBatchSize { get; }

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

        // Layer 1 forward: hidden[s, h] = max(0, b1[h] + W1[h, :] . x_s), one row of W1 across the whole batch.
        for (int h = 0; h < Hidden; h++)
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
}
