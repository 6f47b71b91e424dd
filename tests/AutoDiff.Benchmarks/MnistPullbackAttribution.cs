using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using AutoDiff.Optimization;
using Samples.Common;
using Samples.MnistMlp;

namespace AutoDiff.Benchmarks;

/// <summary>
/// <c>-- --mnist-pullback</c>: where the generated MNIST pullback's time goes. The sample's <c>Mlp.LossPullback</c>
/// (one sample: seed times the gradient added into the adjoint) beside hand-written pullbacks that each take one more
/// step towards the hand-vectorised MLP: the same loops without the tape (pre-activations kept in a local array
/// instead of pushed and popped), then with every row sliced so the JIT drops the bounds checks (still scalar), then
/// with the forward dot products vectorised, then with the reverse axpys vectorised too. The plain function
/// <c>Mlp.Loss</c> is timed as well. Every variant's gradient over a batch is checked against the generated one first.
/// Per-sample CPU time, the minimum over interleaved rounds; the gradient buffer stays the same across samples, as in
/// a batch.
/// </summary>
public static class MnistPullbackAttribution
{
    private const int Inputs = Mlp.Inputs;
    private const int Hidden = Mlp.Hidden;
    private const int Outputs = Mlp.Outputs;

    private delegate double Pullback(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, double seed, Span<double> adjoint);

    public static void Print(TextWriter output, int samples = 1000, int rounds = 7)
    {
        output.WriteLine($"load average at start: {LoadAverage()}");
        (double[] pixels, int[] labels) = SampleFiles.LoadMnist();
        var values = new double[samples * Mlp.SampleLength];
        for (int s = 0; s < samples; s++)
        {
            Array.Copy(pixels, s * Inputs, values, s * Mlp.SampleLength, Inputs);
            values[s * Mlp.SampleLength + Inputs] = labels[s];
        }

        var data = new Dataset(values, Mlp.SampleLength);
        double[] w = MnistSample.Initialise(seed: 1);
        var variants = new (string Name, Pullback Call)[]
        {
            ("function Mlp.Loss (forward only)", (w, sample, _, _) => Mlp.Loss(w, sample)),
            ("generated Mlp.LossPullback", Mlp.LossPullback),
            ("hand: the generated loops, no tape", NoTape),
            ("hand: + rows sliced, no bounds checks (scalar)", Sliced),
            ("hand: + forward dot products vectorised", (w, sample, seed, adjoint) => Vectorised(w, sample, seed, adjoint, reverse: false)),
            ("hand: + reverse axpys vectorised", (w, sample, seed, adjoint) => Vectorised(w, sample, seed, adjoint, reverse: true)),
        };

        var reference = new double[Mlp.Parameters];
        for (int s = 0; s < 32; s++)
        {
            Mlp.LossPullback(w, data[s], 1.0 / 32, reference);
        }

        foreach (var (name, call) in variants.Skip(2))
        {
            var gradient = new double[Mlp.Parameters];
            for (int s = 0; s < 32; s++)
            {
                call(w, data[s], 1.0 / 32, gradient);
            }

            double difference = gradient.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
            if (!(difference <= 1e-12))
            {
                throw new InvalidOperationException($"'{name}' does not match the generated gradient (max |difference| {difference:G3}).");
            }
        }

        output.WriteLine("every hand-written variant matches the generated gradient of 32 samples to 1e-12");
        var best = variants.ToDictionary(v => v.Name, _ => double.PositiveInfinity);
        var adjoint = new double[Mlp.Parameters];
        double sink = 0;
        foreach (var (_, call) in variants)
        {
            for (int s = 0; s < samples; s++)
            {
                sink += call(w, data[s], 1e-3, adjoint); // warm-up: tiered JIT and the tape's growth
            }
        }

        using var process = Process.GetCurrentProcess();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, call) in variants)
            {
                Array.Clear(adjoint);
                process.Refresh();
                TimeSpan before = process.TotalProcessorTime;
                for (int s = 0; s < samples; s++)
                {
                    sink += call(w, data[s], 1e-3, adjoint);
                }

                process.Refresh();
                best[name] = Math.Min(best[name], (process.TotalProcessorTime - before).TotalSeconds / samples);
            }
        }

        GC.KeepAlive(sink);
        double generated = best[variants[1].Name], function = best[variants[0].Name];
        output.WriteLine($"MNIST MLP pullback, one sample at a time, CPU time per sample (minimum of {rounds} interleaved rounds of {samples} samples)");
        output.WriteLine("| variant | per sample | / generated | / function |");
        output.WriteLine("|---|--:|--:|--:|");
        foreach (var (name, _) in variants)
        {
            output.WriteLine($"| {name} | {best[name] * 1e6:F1} us | {best[name] / generated:F2} | {best[name] / function:F2} |");
        }

        output.WriteLine($"load average at end: {LoadAverage()}");
    }

    /// <summary>The generated pullback's loops and loop order (reverse loops run backwards), scalar, without the tape.</summary>
    private static double NoTape(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, double seed, Span<double> adjoint)
    {
        Span<double> preActivations = stackalloc double[Hidden];
        Span<double> hidden = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Outputs];
        for (int h = 0; h < Hidden; h++)
        {
            double a = w[Mlp.B1 + h];
            for (int i = 0; i < Inputs; i++)
            {
                a += w[h * Inputs + i] * sample[i];
            }

            preActivations[h] = a;
            hidden[h] = Math.Max(0.0, a);
        }

        for (int k = 0; k < Outputs; k++)
        {
            double z = w[Mlp.B2 + k];
            for (int h = 0; h < Hidden; h++)
            {
                z += w[Mlp.W2 + k * Hidden + h] * hidden[h];
            }

            logits[k] = z;
        }

        int label = (int)sample[Inputs];
        double value = Losses.SoftmaxCrossEntropy(logits, label);
        Span<double> hiddenAdjoint = stackalloc double[Hidden];
        Span<double> logitAdjoint = stackalloc double[Outputs];
        hiddenAdjoint.Clear();
        logitAdjoint.Clear();
        Losses.SoftmaxCrossEntropyPullback(logits, label, seed, logitAdjoint);
        for (int k = Outputs - 1; k >= 0; k--)
        {
            double zAdjoint = logitAdjoint[k];
            for (int h = Hidden - 1; h >= 0; h--)
            {
                adjoint[Mlp.W2 + k * Hidden + h] += zAdjoint * hidden[h];
                hiddenAdjoint[h] += zAdjoint * w[Mlp.W2 + k * Hidden + h];
            }

            adjoint[Mlp.B2 + k] += zAdjoint;
        }

        for (int h = Hidden - 1; h >= 0; h--)
        {
            double aAdjoint = 0.0 >= preActivations[h] ? 0.0 : hiddenAdjoint[h];
            for (int i = Inputs - 1; i >= 0; i--)
            {
                adjoint[h * Inputs + i] += aAdjoint * sample[i];
            }

            adjoint[Mlp.B1 + h] += aAdjoint;
        }

        return value;
    }

    /// <summary><see cref="NoTape"/> with every row a slice of the row's length, so the JIT drops the bounds checks; still scalar.</summary>
    private static double Sliced(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, double seed, Span<double> adjoint)
    {
        Span<double> preActivations = stackalloc double[Hidden];
        Span<double> hidden = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Outputs];
        ReadOnlySpan<double> x = sample[..Inputs];
        for (int h = 0; h < Hidden; h++)
        {
            ReadOnlySpan<double> row = w.Slice(h * Inputs, x.Length);
            double a = w[Mlp.B1 + h];
            for (int i = 0; i < row.Length; i++)
            {
                a += row[i] * x[i];
            }

            preActivations[h] = a;
            hidden[h] = Math.Max(0.0, a);
        }

        for (int k = 0; k < Outputs; k++)
        {
            ReadOnlySpan<double> row = w.Slice(Mlp.W2 + k * Hidden, hidden.Length);
            double z = w[Mlp.B2 + k];
            for (int h = 0; h < row.Length; h++)
            {
                z += row[h] * hidden[h];
            }

            logits[k] = z;
        }

        int label = (int)sample[Inputs];
        double value = Losses.SoftmaxCrossEntropy(logits, label);
        Span<double> hiddenAdjoint = stackalloc double[Hidden];
        Span<double> logitAdjoint = stackalloc double[Outputs];
        hiddenAdjoint.Clear();
        logitAdjoint.Clear();
        Losses.SoftmaxCrossEntropyPullback(logits, label, seed, logitAdjoint);
        for (int k = 0; k < Outputs; k++)
        {
            double zAdjoint = logitAdjoint[k];
            Span<double> gradientRow = adjoint.Slice(Mlp.W2 + k * Hidden, hidden.Length);
            ReadOnlySpan<double> row = w.Slice(Mlp.W2 + k * Hidden, hidden.Length);
            for (int h = 0; h < gradientRow.Length; h++)
            {
                gradientRow[h] += zAdjoint * hidden[h];
                hiddenAdjoint[h] += zAdjoint * row[h];
            }

            adjoint[Mlp.B2 + k] += zAdjoint;
        }

        for (int h = 0; h < Hidden; h++)
        {
            double aAdjoint = 0.0 >= preActivations[h] ? 0.0 : hiddenAdjoint[h];
            Span<double> gradientRow = adjoint.Slice(h * Inputs, x.Length);
            for (int i = 0; i < gradientRow.Length; i++)
            {
                gradientRow[i] += aAdjoint * x[i];
            }

            adjoint[Mlp.B1 + h] += aAdjoint;
        }

        return value;
    }

    /// <summary><see cref="Sliced"/> with the forward dot products, and with <paramref name="reverse"/> the reverse axpys too, through TensorPrimitives.</summary>
    private static double Vectorised(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, double seed, Span<double> adjoint, bool reverse)
    {
        Span<double> preActivations = stackalloc double[Hidden];
        Span<double> hidden = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Outputs];
        ReadOnlySpan<double> x = sample[..Inputs];
        for (int h = 0; h < Hidden; h++)
        {
            double a = w[Mlp.B1 + h] + TensorPrimitives.Dot(w.Slice(h * Inputs, Inputs), x);
            preActivations[h] = a;
            hidden[h] = Math.Max(0.0, a);
        }

        for (int k = 0; k < Outputs; k++)
        {
            logits[k] = w[Mlp.B2 + k] + TensorPrimitives.Dot(w.Slice(Mlp.W2 + k * Hidden, Hidden), hidden);
        }

        int label = (int)sample[Inputs];
        double value = Losses.SoftmaxCrossEntropy(logits, label);
        Span<double> hiddenAdjoint = stackalloc double[Hidden];
        Span<double> logitAdjoint = stackalloc double[Outputs];
        hiddenAdjoint.Clear();
        logitAdjoint.Clear();
        Losses.SoftmaxCrossEntropyPullback(logits, label, seed, logitAdjoint);
        for (int k = 0; k < Outputs; k++)
        {
            double zAdjoint = logitAdjoint[k];
            Span<double> gradientRow = adjoint.Slice(Mlp.W2 + k * Hidden, Hidden);
            ReadOnlySpan<double> row = w.Slice(Mlp.W2 + k * Hidden, Hidden);
            if (reverse)
            {
                TensorPrimitives.MultiplyAdd(hidden, zAdjoint, gradientRow, gradientRow);
                TensorPrimitives.MultiplyAdd(row, zAdjoint, hiddenAdjoint, hiddenAdjoint);
            }
            else
            {
                for (int h = 0; h < gradientRow.Length; h++)
                {
                    gradientRow[h] += zAdjoint * hidden[h];
                    hiddenAdjoint[h] += zAdjoint * row[h];
                }
            }

            adjoint[Mlp.B2 + k] += zAdjoint;
        }

        for (int h = 0; h < Hidden; h++)
        {
            double aAdjoint = 0.0 >= preActivations[h] ? 0.0 : hiddenAdjoint[h];
            Span<double> gradientRow = adjoint.Slice(h * Inputs, x.Length);
            if (reverse)
            {
                TensorPrimitives.MultiplyAdd(x, aAdjoint, gradientRow, gradientRow);
            }
            else
            {
                for (int i = 0; i < gradientRow.Length; i++)
                {
                    gradientRow[i] += aAdjoint * x[i];
                }
            }

            adjoint[Mlp.B1 + h] += aAdjoint;
        }

        return value;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
