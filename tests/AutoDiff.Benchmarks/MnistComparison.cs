using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AutoDiff.Optimization;
using Samples.Common;
using Samples.MnistMlp;

namespace AutoDiff.Benchmarks;

/// <summary>
/// <c>-- --mnist</c>: issue 16's MNIST target. One epoch of the MNIST sample's model (<see cref="Mlp"/>, its generated
/// pullback, its initialisation, its SGD + momentum settings: batch 32, mu = 0.9, cosine schedule from 0.03 over the
/// sample's 6 epochs, shuffle seed 2) on the sample's 8,000 training digits, one thread, trained in interleaved rounds by:
/// the sample's own route (<see cref="MomentumSolver"/>, parallelism 1, over the batch loss <see cref="Mlp.BatchLoss"/>
/// through <see cref="StochasticObjective.FromBatchLoss"/>: its layers run as blocked matrix kernels), the previous route
/// (the same solver over the per-sample pullback of <see cref="Mlp.Loss"/>), that per-sample pullback in a plain
/// mini-batch loop (so the solver's share shows), the hand-vectorised MLP
/// (<see cref="HandVectorisedMlp"/>, batched, TensorPrimitives) in that loop, the same called one sample at a time
/// (the generated code's loop order, vectorised), and its register-blocked form (layer 1 as small matrix-product
/// kernels, the nearest thing here to TorchSharp's BLAS). Every trainer sees the same batches in the same order and applies
/// the same update; each round starts from the same initial weights. Times are per epoch (minimum and median over the
/// rounds) in wall-clock and in this process's CPU time (which a descheduled thread does not accrue, so it is the
/// steadier figure on a shared machine; it includes the runtime's own threads, idle here: the training is on one thread); accuracy is on the sample's 2,000 test digits after the epoch; bytes are those allocated on this thread
/// during one epoch after the first round. Before timing, the hand-written batch gradient is checked against the
/// generated one and against central differences of <see cref="Mlp.Loss"/>; a mismatch throws.
/// </summary>
public static class MnistComparison
{
    private const int TrainCount = 8000;
    private const int TestCount = 2000;
    internal const int BatchSize = 32;
    private const int SampleEpochs = 6;
    internal const int ShuffleSeed = 2;
    private const double InitialStep = 0.03;
    internal const double Momentum = 0.9;

    /// <summary>Adds seed times the gradient of the summed loss of the batch to the gradient; returns the summed loss.</summary>
    public delegate double BatchGradient(double[] w, ReadOnlySpan<int> batch, double seed, double[] gradient);

    /// <summary>
    /// Runs the comparison. <paramref name="external"/>, when given, builds one more trainer from the shared set-up (the
    /// TorchSharp one of <c>tests/AutoDiff.Benchmarks.TorchSharp</c>, which this project does not reference): its
    /// gradient is checked with the others, it is timed in the same rounds, and the table gains a column of ratios to it.
    /// </summary>
    public static void Print(TextWriter output, int rounds = 5, Func<MnistSetup, ExternalMnistTrainer>? external = null)
    {
        output.WriteLine($"load average at start: {LoadAverage()}");
        (double[] pixels, int[] labels) = SampleFiles.LoadMnist();
        Dataset train = Pack(pixels, labels, 0, TrainCount);
        Dataset test = Pack(pixels, labels, labels.Length - TestCount, TestCount);
        double[] start = MnistSample.Initialise(seed: 1);
        int batches = (TrainCount + BatchSize - 1) / BatchSize;
        var schedule = new CosineAnnealingSchedule(InitialStep, SampleEpochs * batches);
        var hand = new HandVectorisedMlp(BatchSize);
        var blocked = new HandVectorisedMlp(BatchSize, registerBlocked: true);

        BatchGradient generated = (w, batch, seed, gradient) =>
        {
            double loss = 0;
            foreach (int sample in batch)
            {
                loss += Mlp.LossPullback(w, train[sample], seed, gradient);
            }

            return loss;
        };
        var packed = new double[BatchSize * Mlp.SampleLength];
        BatchGradient generatedBatch = (w, batch, seed, gradient) =>
        {
            for (int j = 0; j < batch.Length; j++)
            {
                train[batch[j]].CopyTo(packed.AsSpan(j * Mlp.SampleLength));
            }

            return Mlp.BatchLossPullback(w, packed.AsSpan(0, batch.Length * Mlp.SampleLength), seed, gradient);
        };
        BatchGradient handBatched = (w, batch, seed, gradient) => hand.AccumulateGradient(w, train, batch, seed, gradient);
        BatchGradient handBlocked = (w, batch, seed, gradient) => blocked.AccumulateGradient(w, train, batch, seed, gradient);
        BatchGradient handPerSample = (w, batch, seed, gradient) =>
        {
            double loss = 0;
            for (int i = 0; i < batch.Length; i++)
            {
                loss += hand.AccumulateGradient(w, train, batch.Slice(i, 1), seed, gradient);
            }

            return loss;
        };

        var setup = new MnistSetup(train, schedule);
        ExternalMnistTrainer? other = external?.Invoke(setup);
        BatchGradient[] checkedRoutes = other is null
            ? [generated, handBatched, handPerSample, handBlocked, generatedBatch]
            : [generated, handBatched, handPerSample, handBlocked, generatedBatch, other.Gradient];
        CheckGradients(output, start, train, checkedRoutes);

        var objective = StochasticObjective.FromBatchLoss(Mlp.BatchLossPullback, train, Mlp.BatchLoss, Mlp.SampleLength);
        var perSampleObjective = new StochasticObjective(Mlp.LossPullback, train, Mlp.Loss, Mlp.SampleLength);
        var solver = new MomentumSolver(new MomentumOptions
        {
            Epochs = 1,
            BatchSize = BatchSize,
            Seed = ShuffleSeed,
            Momentum = Momentum,
            FinalFullDataPass = false,
            StepSchedule = schedule,
            MaxDegreeOfParallelism = 1,
        });

        var loop = new PlainLoop(setup);
        var trainers = new List<(string Name, Func<double[]> Epoch)>
        {
            ("generated, the sample's MomentumSolver (batch loss, matrix kernels)", () => solver.Minimize(objective, start).Minimizer),
            ("generated per-sample pullback, MomentumSolver", () => solver.Minimize(perSampleObjective, start).Minimizer),
            ("generated per-sample pullback, plain loop", () => loop.Epoch(start, generated)),
            ("hand-vectorised, batched", () => loop.Epoch(start, handBatched)),
            ("hand-vectorised, one sample at a time", () => loop.Epoch(start, handPerSample)),
            ("hand-vectorised, batched, register-blocked layer 1", () => loop.Epoch(start, handBlocked)),
        };
        if (other is not null)
        {
            trainers.Add((other.Name, () => other.Epoch(start)));
        }

        var times = trainers.ToDictionary(t => t.Name, _ => new List<double>());
        var cpuTimes = trainers.ToDictionary(t => t.Name, _ => new List<double>());
        using var process = Process.GetCurrentProcess();
        var bytes = trainers.ToDictionary(t => t.Name, _ => long.MaxValue);
        var weights = new Dictionary<string, double[]>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, epoch) in trainers)
            {
                // The CPU-time reads allocate, so the byte count is taken inside them.
                process.Refresh();
                TimeSpan cpuBefore = process.TotalProcessorTime;
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                long begin = Stopwatch.GetTimestamp();
                double[] w = epoch();
                double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
                long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                process.Refresh();
                cpuTimes[name].Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                times[name].Add(seconds);
                if (round > 0)
                {
                    bytes[name] = Math.Min(bytes[name], allocated);
                }

                weights[name] = w;
            }

            output.WriteLine($"round {round + 1}: " + string.Join(", ", trainers.Select(t => $"{t.Name} {times[t.Name][^1]:F3} s (CPU {cpuTimes[t.Name][^1]:F3} s)")) + $"; load {LoadAverage()}");
        }

        string reference = trainers[0].Name, handName = trainers[3].Name, blockedName = trainers[5].Name;
        double handTime = times[handName].Min(), handCpu = cpuTimes[handName].Min();
        double blockedTime = times[blockedName].Min(), blockedCpu = cpuTimes[blockedName].Min();
        output.WriteLine();
        output.WriteLine($"MNIST MLP {Mlp.Inputs}-{Mlp.Hidden}-{Mlp.Outputs}, one epoch of {TrainCount} digits (batch {BatchSize}), 1 thread, {rounds} interleaved rounds; test accuracy on {TestCount} digits");
        string otherColumn = other is null ? "" : $" / {other.Name} (wall, CPU) |";
        output.WriteLine("| trainer | epoch, min | epoch, median | CPU time, min | / register-blocked (wall, CPU) | / TensorPrimitives batched (wall, CPU) |" + otherColumn + " test accuracy | max abs weight difference to the sample's route | allocated per epoch |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|" + (other is null ? "" : "--:|") + "--:|--:|--:|");
        foreach (var (name, _) in trainers)
        {
            double min = times[name].Min();
            double median = Median(times[name]);
            double accuracy = MnistSample.Accuracy(weights[name], test);
            double difference = MaxAbsDifference(weights[name], weights[reference]);
            string allocated = bytes[name] == long.MaxValue ? "n/a (one round)" : $"{bytes[name]:N0} B";
            double cpu = cpuTimes[name].Min();
            string otherRatios = other is null ? "" : $" {min / times[other.Name].Min():F2}, {cpu / cpuTimes[other.Name].Min():F2} |";
            output.WriteLine($"| {name} | {min:F3} s | {median:F3} s | {cpu:F3} s | {min / blockedTime:F2}, {cpu / blockedCpu:F2} | {min / handTime:F2}, {cpu / handCpu:F2} |{otherRatios} {accuracy:P2} | {difference:G3} | {allocated} |");
        }

        output.WriteLine($"load average at end: {LoadAverage()}");
    }

    /// <summary>
    /// The hand-written gradients of the first mini-batch at the initial weights against the generated one (every
    /// component) and against central differences of the loss (a few components of each layer); throws on a mismatch.
    /// </summary>
    private static void CheckGradients(TextWriter output, double[] w, Dataset train, BatchGradient[] routes)
    {
        int[] batch = Enumerable.Range(0, BatchSize).ToArray();
        double seed = 1.0 / BatchSize;
        var gradients = new double[routes.Length][];
        var losses = new double[routes.Length];
        for (int r = 0; r < routes.Length; r++)
        {
            gradients[r] = new double[Mlp.Parameters];
            losses[r] = routes[r](w, batch, seed, gradients[r]);
        }

        double scale = gradients[0].Max(Math.Abs);
        for (int r = 1; r < routes.Length; r++)
        {
            double difference = MaxAbsDifference(gradients[r], gradients[0]);
            output.WriteLine($"gradient check, route {r} against the generated pullback: max |difference| {difference:G3} (max |g| {scale:G3}), losses {losses[r]:R} and {losses[0]:R}");
            if (!(difference <= 1e-12 * Math.Max(1, scale)) || !(Math.Abs(losses[r] - losses[0]) <= 1e-12 * Math.Abs(losses[0])))
            {
                throw new InvalidOperationException($"The MLP gradient of route {r} does not match the generated one.");
            }
        }

        // Central differences of the mean loss on a few parameters: the largest W1 and b1 components (a nonzero one, so
        // the check can fail), and fixed W2 and b2 components.
        double[] largest = gradients[1];
        int largestW1 = Enumerable.Range(0, Mlp.B1).MaxBy(i => Math.Abs(largest[i]));
        int largestB1 = Enumerable.Range(Mlp.B1, Mlp.Hidden).MaxBy(i => Math.Abs(largest[i]));
        double[] probe = (double[])w.Clone();
        foreach (int index in new[] { largestW1, largestB1, Mlp.W2 + 3 * Mlp.Hidden + 11, Mlp.B2 + 4 })
        {
            double h = 1e-5, saved = probe[index];
            probe[index] = saved + h;
            double plus = batch.Sum(s => Mlp.Loss(probe, train[s])) * seed;
            probe[index] = saved - h;
            double minus = batch.Sum(s => Mlp.Loss(probe, train[s])) * seed;
            probe[index] = saved;
            double centred = (plus - minus) / (2 * h);
            output.WriteLine($"gradient check, parameter {index}: central difference {centred:G10}, routes "
                + string.Join(", ", gradients.Select(g => g[index].ToString("G10", System.Globalization.CultureInfo.InvariantCulture))));
            for (int r = 0; r < routes.Length; r++)
            {
                if (!(Math.Abs(centred - gradients[r][index]) <= 1e-6 * Math.Max(1, Math.Abs(centred))))
                {
                    throw new InvalidOperationException($"The MLP gradient of route {r} at parameter {index} disagrees with central differences.");
                }
            }
        }
    }

    private static Dataset Pack(double[] pixels, int[] labels, int first, int count)
    {
        // As MnistSample packs them: 784 pixels, then the label.
        var values = new double[count * Mlp.SampleLength];
        for (int i = 0; i < count; i++)
        {
            Array.Copy(pixels, (first + i) * Mlp.Inputs, values, i * Mlp.SampleLength, Mlp.Inputs);
            values[i * Mlp.SampleLength + Mlp.Inputs] = labels[first + i];
        }

        return new Dataset(values, Mlp.SampleLength);
    }

    private static double MaxAbsDifference(double[] a, double[] b)
    {
        double largest = 0;
        for (int i = 0; i < a.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
        }

        return largest;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    /// <summary>
    /// One epoch of mini-batch SGD + momentum exactly as <see cref="MomentumSolver"/> runs it (the shuffle of
    /// <see cref="MnistSetup.Shuffle"/>, v = mu v - alpha_t g, x += v, the same schedule), without the solver's
    /// per-batch work around the gradient (chunk buffers, finiteness checks, norms). Buffers are allocated once.
    /// </summary>
    private sealed class PlainLoop(MnistSetup setup)
    {
        private readonly int[] _order = new int[setup.Train.Count];
        private readonly double[] _gradient = new double[Mlp.Parameters];
        private readonly double[] _velocity = new double[Mlp.Parameters];

        public double[] Epoch(double[] start, BatchGradient batchGradient)
        {
            double[] w = (double[])start.Clone();
            Array.Clear(_velocity);
            setup.Shuffle(_order);
            int step = 0;
            for (int first = 0; first < _order.Length; first += setup.BatchSize, step++)
            {
                int size = Math.Min(setup.BatchSize, _order.Length - first);
                Array.Clear(_gradient);
                batchGradient(w, _order.AsSpan(first, size), 1.0 / size, _gradient);
                double alpha = setup.StepAt(step);
                for (int i = 0; i < w.Length; i++)
                {
                    _velocity[i] = setup.Momentum * _velocity[i] - alpha * _gradient[i];
                    w[i] += _velocity[i];
                }
            }

            return w;
        }
    }
}

/// <summary>
/// The epoch every trainer of <see cref="MnistComparison"/> runs: the sample's training digits (784 pixels, then the
/// label), the batch size, the momentum, the step schedule and the shuffle, for a trainer built outside this project.
/// </summary>
public sealed class MnistSetup(Dataset train, CosineAnnealingSchedule schedule)
{
    /// <summary>The 8,000 training digits, packed as <see cref="Mlp"/> reads them.</summary>
    public Dataset Train { get; } = train;

    /// <summary>The mini-batch size (the last batch of an epoch may be smaller).</summary>
    public int BatchSize => MnistComparison.BatchSize;

    /// <summary>mu in v = mu v - alpha_t g, x += v.</summary>
    public double Momentum => MnistComparison.Momentum;

    /// <summary>alpha_t of the t-th mini-batch (from 0).</summary>
    public double StepAt(int step) => schedule.StepAt(step);

    /// <summary>Fills <paramref name="order"/> with the epoch's sample order: 0..n-1 shuffled as <see cref="MomentumSolver"/> does.</summary>
    public void Shuffle(int[] order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random(MnistComparison.ShuffleSeed).Shuffle(order);
    }
}

/// <summary>A trainer built outside the benchmark project: one epoch from given weights, and its batch gradient for the check.</summary>
/// <param name="Name">Its row in the table.</param>
/// <param name="Epoch">One epoch from the start weights (not modified); returns the weights after it.</param>
/// <param name="Gradient">Its batch gradient at given weights, checked against the generated one before timing.</param>
public sealed record ExternalMnistTrainer(string Name, Func<double[], double[]> Epoch, MnistComparison.BatchGradient Gradient);
