using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>
/// An objective from a batch pullback (<see cref="StochasticObjective.FromBatchLoss"/>) is the per-sample objective
/// summed a group at a time: the same losses and gradients up to rounding, every sample once per pass, groups no larger
/// than asked, the same bits whatever the parallelism, and no allocation per step.
/// </summary>
public class BatchLossTests
{
    private static readonly double[] Start = [0.3, -0.2, 0.5, 0.1];

    public static TheoryData<int, int> CountsAndGroupSizes()
    {
        // Batch sizes below one chunk (9, 10), of several chunks whose sizes 3 divides (144: 8 chunks of 18) or not
        // (37: 2 chunks of 18 and 19; 200: 8 of 25), and group sizes of one sample, a few, and more than a chunk.
        var cases = new TheoryData<int, int>();
        foreach (int count in new[] { 9, 10, 37, 144, 200 })
        {
            foreach (int maxSamplesPerCall in new[] { 1, 3, 64 })
            {
                cases.Add(count, maxSamplesPerCall);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(CountsAndGroupSizes))]
    public void WholeDataInDatasetOrderMatchesThePerSampleObjective(int count, int maxSamplesPerCall)
    {
        Dataset data = Logistic.Create(count);
        var perSample = new StochasticObjective(Logistic.SamplePullback, data, Logistic.SampleLoss);
        var batch = StochasticObjective.FromBatchLoss(Logistic.BatchPullback, data, Logistic.BatchLoss, Logistic.SampleLength, maxSamplesPerCall);
        var batchWithoutLoss = StochasticObjective.FromBatchLoss(Logistic.BatchPullback, data, maxSamplesPerCall: maxSamplesPerCall);
        double[] expected = new double[4], actual = new double[4];

        double expectedLoss = perSample.MeanLossAndGradient(Start, expected);
        double actualLoss = batch.MeanLossAndGradient(Start, actual);

        AssertClose(expectedLoss, actualLoss);
        AssertClose(expected, actual);
        AssertClose(perSample.MeanLoss(Start), batch.MeanLoss(Start));
        AssertClose(perSample.MeanLoss(Start), batchWithoutLoss.MeanLoss(Start));
    }

    [Theory]
    [MemberData(nameof(CountsAndGroupSizes))]
    public void ShuffledMiniBatchMatchesThePerSampleObjective(int count, int maxSamplesPerCall)
    {
        // One SGD step of size 1 from 0 over a single shuffled batch of the whole data: x_1 = 0 - 1 * g exactly, so the
        // minimiser is minus the mini-batch gradient, summed in shuffled order (the gather path), and the epoch's trace
        // holds the mini-batch loss.
        Dataset data = Logistic.Create(count);
        var perSample = new StochasticObjective(Logistic.SamplePullback, data);
        var batch = StochasticObjective.FromBatchLoss(Logistic.BatchPullback, data, maxSamplesPerCall: maxSamplesPerCall);
        var solver = new SgdSolver(new SgdOptions
        {
            Epochs = 1,
            BatchSize = count,
            Seed = 3,
            StepSchedule = new ConstantStepSchedule(1),
            FinalFullDataPass = false,
            RecordTrace = true,
        });
        double[] zero = new double[4];

        StochasticResult expected = solver.Minimize(perSample, zero);
        StochasticResult actual = solver.Minimize(batch, zero);

        Assert.Equal(1, actual.Iterations);
        Assert.NotEqual(zero, expected.Minimizer);
        AssertClose(expected.Minimizer, actual.Minimizer);
        AssertClose(expected.Trace[0].Value, actual.Trace[0].Value);
        Assert.Equal(expected.Evaluations.Gradients, actual.Evaluations.Gradients);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    public void EveryCallTakesAtMostMaxSamplesPerCallAndCoversEverySampleOnce(int maxSamplesPerCall)
    {
        Dataset data = Logistic.Create(230);
        var recorder = new CallRecorder(data);
        var objective = StochasticObjective.FromBatchLoss(recorder.Pullback, data, recorder.Loss, maxSamplesPerCall: maxSamplesPerCall);

        // The whole data in dataset order: groups are runs of consecutive samples read in place.
        objective.MeanLossAndGradient(Start, new double[4]);
        recorder.AssertEverySampleSeen(times: 1, maxSamplesPerCall);
        Assert.True(recorder.AllCallsInPlace, "a group of consecutive samples was copied");

        recorder.Reset();
        objective.MeanLoss(Start);
        recorder.AssertEverySampleSeen(times: 1, maxSamplesPerCall);
        Assert.True(recorder.AllCallsInPlace, "a group of consecutive samples was copied");

        // Shuffled mini-batches of 50 (the last of each epoch 30), threaded: each sample once an epoch.
        recorder.Reset();
        StochasticResult result = new MomentumSolver(new MomentumOptions
        {
            Epochs = 3,
            BatchSize = 50,
            ParallelThreshold = 0,
            FinalFullDataPass = false,
        }).Minimize(objective, Start);
        recorder.AssertEverySampleSeen(times: 3, maxSamplesPerCall);
        Assert.Equal(3 * 230, result.Evaluations.Gradients); // samples, not calls
    }

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    public void SolverRunIsBitwiseIndependentOfParallelismAndReachesThePerSampleMinimiser(int maxSamplesPerCall)
    {
        // Each call busy-waits before it reads its samples, so chunks on different threads overlap in the gather and the
        // pullback: a gather buffer shared between chunks would hand a call another chunk's samples and change the bits.
        // The test host keeps its pool threads busy, and Parallel.For's helpers would then arrive after the batch is
        // done; more pool threads for this test let them start at once.
        Dataset data = Logistic.Create(1000);
        var batch = StochasticObjective.FromBatchLoss(
            (w, samples, seed, adjoint) =>
            {
                long until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 50_000); // 20 microseconds
                while (Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(10);
                }

                return Logistic.BatchPullback(w, samples, seed, adjoint);
            },
            data,
            Logistic.BatchLoss,
            maxSamplesPerCall: maxSamplesPerCall);
        var perSample = new StochasticObjective(Logistic.SamplePullback, data, Logistic.SampleLoss);
        var threaded = new MomentumOptions
        {
            Epochs = 6,
            BatchSize = 100,
            StepSchedule = new ConstantStepSchedule(0.5),
            ParallelThreshold = 0,
            MaxDegreeOfParallelism = -1,
        };
        var sequential = threaded with { MaxDegreeOfParallelism = 1 };

        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(workers + Environment.ProcessorCount, completionPorts);
        StochasticResult parallelRun;
        try
        {
            parallelRun = new MomentumSolver(threaded).Minimize(batch, Start);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }

        StochasticResult sequentialRun = new MomentumSolver(sequential).Minimize(batch, Start);
        StochasticResult perSampleRun = new MomentumSolver(sequential).Minimize(perSample, Start);

        Assert.Equal(sequentialRun.Minimizer, parallelRun.Minimizer);
        Assert.Equal(BitConverter.DoubleToInt64Bits(sequentialRun.Value), BitConverter.DoubleToInt64Bits(parallelRun.Value));
        Assert.Equal(perSampleRun.Evaluations.Gradients, sequentialRun.Evaluations.Gradients);

        // Moved well away from the start, to where the per-sample run went (rounding differs, the path does not).
        Assert.True(Distance(Start, perSampleRun.Minimizer) > 0.1, "the run did not move: the comparison below would be empty");
        Assert.True(Distance(perSampleRun.Minimizer, sequentialRun.Minimizer) < 1e-10, $"{Distance(perSampleRun.Minimizer, sequentialRun.Minimizer)}");
        Assert.Equal(perSampleRun.Value, sequentialRun.Value, 1e-12);
    }

    [Fact]
    public void ThrowingBatchPullbackSurfacesUnwrappedOnTheThreadedPath()
    {
        Dataset data = Logistic.Create(400);
        int calls = 0;
        var objective = StochasticObjective.FromBatchLoss(
            (w, samples, seed, adjoint) => Interlocked.Increment(ref calls) == 5
                ? throw new InvalidOperationException("once")
                : Logistic.BatchPullback(w, samples, seed, adjoint),
            data,
            maxSamplesPerCall: 8);
        var solver = new SgdSolver(new SgdOptions { BatchSize = 200, ParallelThreshold = 0 });

        var error = Assert.Throws<InvalidOperationException>(() => solver.Minimize(objective, Start));
        Assert.Equal("once", error.Message);
    }

    [Fact]
    public void FactoryChecksItsArguments()
    {
        Dataset data = Logistic.Create(10);

        var pullback = Assert.Throws<ArgumentNullException>(() => StochasticObjective.FromBatchLoss(null!, data));
        Assert.Equal("batchPullback", pullback.ParamName);
        var noData = Assert.Throws<ArgumentNullException>(() => StochasticObjective.FromBatchLoss(Logistic.BatchPullback, null!));
        Assert.Equal("data", noData.ParamName);
        foreach (int bad in new[] { 0, -1 })
        {
            var range = Assert.Throws<ArgumentOutOfRangeException>(
                () => StochasticObjective.FromBatchLoss(Logistic.BatchPullback, data, maxSamplesPerCall: bad));
            Assert.Equal("maxSamplesPerCall", range.ParamName);
        }

        var length = Assert.Throws<ArgumentException>(
            () => StochasticObjective.FromBatchLoss(Logistic.BatchPullback, data, expectedSampleLength: Logistic.SampleLength + 1));
        Assert.Equal("data", length.ParamName);
    }

    [Fact]
    public void ObjectivesReportTheDelegatesAndGroupSizeTheyWereGiven()
    {
        Dataset data = Logistic.Create(10);
        var batch = StochasticObjective.FromBatchLoss(Logistic.BatchPullback, data, Logistic.BatchLoss);
        var perSample = new StochasticObjective(Logistic.SamplePullback, data, Logistic.SampleLoss);

        Assert.Equal(64, batch.MaxSamplesPerCall);
        Assert.Equal(1, perSample.MaxSamplesPerCall);
        Assert.Equal(5, StochasticObjective.FromBatchLoss(Logistic.BatchPullback, data, maxSamplesPerCall: 5).MaxSamplesPerCall);
        Assert.Equal((SamplePullbackFunction)Logistic.BatchPullback, batch.Pullback);
        Assert.Equal((SampleLossFunction)Logistic.BatchLoss, batch.Loss);
        Assert.Same(data, batch.Data);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    public void GatherPathAllocatesNothingPerStepOnceWarm(int maxSamplesPerCall)
    {
        // Shuffled batches go through the per-chunk gather buffers: more epochs (more steps) must allocate nothing more.
        var objective = StochasticObjective.FromBatchLoss(Logistic.BatchPullback, Logistic.Create(256), maxSamplesPerCall: maxSamplesPerCall);
        StochasticSolver[] solvers =
        [
            new SgdSolver(new SgdOptions { Epochs = 2, BatchSize = 64, MaxDegreeOfParallelism = 1 }),
            new MomentumSolver(new MomentumOptions { Epochs = 2, BatchSize = 64, MaxDegreeOfParallelism = 1 }),
        ];
        AllocationTests.AssertNoAllocationPerStep(objective, Start, solvers);
    }

    private static double Distance(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return Math.Sqrt(sum);
    }

    // The batch pullback sums in another order than the per-sample one, so the two agree to rounding, not to the bit.
    private const double RelativeTolerance = 1e-14;

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= RelativeTolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    private static void AssertClose(double[] expected, double[] actual)
    {
        double scale = 0, error = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            error = Math.Max(error, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(error <= RelativeTolerance * scale, $"max error {error:R} against max |expected| {scale:R}");
    }

    /// <summary>
    /// Logistic regression, f(w, (x, y)) = softplus(z) - y z with z = w_0 + w_1 x_1 + w_2 x_2 + w_3 x_3: the per-sample
    /// loss and pullback, and a batch version that sums the packed samples' losses and gradients before scaling.
    /// </summary>
    private static class Logistic
    {
        public const int SampleLength = 4;

        private const int Dimension = 4;

        /// <summary>count samples, features uniform on [-1, 1], labels drawn from the model at (0.5, 2, -1, 1), seeded.</summary>
        public static Dataset Create(int count, int seed = 5)
        {
            var random = new Random(seed);
            var values = new double[count * SampleLength];
            for (int i = 0; i < count; i++)
            {
                Span<double> sample = values.AsSpan(i * SampleLength, SampleLength);
                for (int j = 0; j < 3; j++)
                {
                    sample[j] = (2 * random.NextDouble()) - 1;
                }

                double z = 0.5 + (2 * sample[0]) - sample[1] + sample[2];
                sample[3] = random.NextDouble() < Sigmoid(z) ? 1 : 0;
            }

            return new Dataset(values, SampleLength);
        }

        public static double SampleLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> sample)
        {
            double z = Logit(w, sample);
            return Softplus(z) - (sample[3] * z);
        }

        public static double SamplePullback(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, double seed, Span<double> wAdjoint)
        {
            Assert.Equal(SampleLength, sample.Length);
            double z = Logit(w, sample);
            double dz = seed * (Sigmoid(z) - sample[3]);
            wAdjoint[0] += dz;
            for (int j = 0; j < 3; j++)
            {
                wAdjoint[j + 1] += dz * sample[j];
            }

            return Softplus(z) - (sample[3] * z);
        }

        public static double BatchLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> samples)
        {
            CheckPacked(samples);
            double sum = 0;
            for (int start = 0; start < samples.Length; start += SampleLength)
            {
                sum += SampleLoss(w, samples.Slice(start, SampleLength));
            }

            return sum;
        }

        public static double BatchPullback(ReadOnlySpan<double> w, ReadOnlySpan<double> samples, double seed, Span<double> wAdjoint)
        {
            CheckPacked(samples);
            Span<double> gradientSum = stackalloc double[Dimension];
            gradientSum.Clear();
            double sum = 0;
            for (int start = 0; start < samples.Length; start += SampleLength)
            {
                ReadOnlySpan<double> sample = samples.Slice(start, SampleLength);
                double z = Logit(w, sample);
                double dz = Sigmoid(z) - sample[3];
                gradientSum[0] += dz;
                for (int j = 0; j < 3; j++)
                {
                    gradientSum[j + 1] += dz * sample[j];
                }

                sum += Softplus(z) - (sample[3] * z);
            }

            for (int i = 0; i < Dimension; i++)
            {
                wAdjoint[i] += seed * gradientSum[i];
            }

            return sum;
        }

        // A whole number of samples, at least one; the message is built only on failure, so a step stays allocation-free.
        private static void CheckPacked(ReadOnlySpan<double> samples)
        {
            if (samples.IsEmpty || samples.Length % SampleLength != 0)
            {
                Assert.Fail($"{samples.Length} values are not k >= 1 packed samples of length {SampleLength}");
            }
        }

        private static double Logit(ReadOnlySpan<double> w, ReadOnlySpan<double> sample) =>
            w[0] + (w[1] * sample[0]) + (w[2] * sample[1]) + (w[3] * sample[2]);

        private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

        private static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
    }

    /// <summary>
    /// Wraps the batch loss and pullback to record, for every call, which samples it received (recognised by their first
    /// feature, unique in the data), how many, and whether they were read in place from the dataset.
    /// </summary>
    private sealed class CallRecorder
    {
        private readonly Dataset _data;
        private readonly Dictionary<long, int> _indexByFirstFeature = [];
        private readonly int[] _seen;
        private readonly object _lock = new();
        private int _largestCall;

        public CallRecorder(Dataset data)
        {
            _data = data;
            _seen = new int[data.Count];
            for (int i = 0; i < data.Count; i++)
            {
                Assert.True(_indexByFirstFeature.TryAdd(BitConverter.DoubleToInt64Bits(data[i][0]), i), "first features must identify the samples");
            }
        }

        public bool AllCallsInPlace { get; private set; } = true;

        public double Pullback(ReadOnlySpan<double> w, ReadOnlySpan<double> samples, double seed, Span<double> wAdjoint)
        {
            Record(samples);
            return Logistic.BatchPullback(w, samples, seed, wAdjoint);
        }

        public double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> samples)
        {
            Record(samples);
            return Logistic.BatchLoss(w, samples);
        }

        public void Reset()
        {
            Array.Clear(_seen);
            _largestCall = 0;
            AllCallsInPlace = true;
        }

        /// <summary>
        /// Every sample was received <paramref name="times"/> times; no call had more than <paramref name="maxSamplesPerCall"/>
        /// samples, and some had more than one (so the batch path, not the per-sample one, ran).
        /// </summary>
        public void AssertEverySampleSeen(int times, int maxSamplesPerCall)
        {
            for (int i = 0; i < _seen.Length; i++)
            {
                Assert.True(_seen[i] == times, $"sample {i} seen {_seen[i]} times, expected {times}");
            }

            Assert.InRange(_largestCall, 2, maxSamplesPerCall);
        }

        private void Record(ReadOnlySpan<double> samples)
        {
            int count = samples.Length / Logistic.SampleLength;
            int first = _indexByFirstFeature[BitConverter.DoubleToInt64Bits(samples[0])];

            // In place: the span starts at the dataset's own storage of its first sample.
            bool inPlace = samples.Overlaps(_data[first], out int offset) && offset == 0;
            lock (_lock)
            {
                _largestCall = Math.Max(_largestCall, count);
                AllCallsInPlace &= inPlace;
                for (int j = 0; j < count; j++)
                {
                    _seen[_indexByFirstFeature[BitConverter.DoubleToInt64Bits(samples[j * Logistic.SampleLength])]]++;
                }
            }
        }
    }
}
