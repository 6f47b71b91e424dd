using System;

namespace AutoDiff.Optimization;

/// <summary>What the epoch callback sees after each epoch. The spans are the solver's buffers: read them, do not keep them.</summary>
public readonly ref struct EpochState
{
    /// <summary>Creates a state view; solvers create these.</summary>
    /// <param name="epoch">Epochs completed (1 after the first).</param>
    /// <param name="x">The current iterate.</param>
    /// <param name="average">The averaged iterate (the current iterate when not averaging).</param>
    /// <param name="meanBatchLoss">The mean of this epoch's mini-batch losses (each at the iterate before its step).</param>
    /// <param name="steps">Steps taken so far.</param>
    /// <param name="samplesSeen">Samples used so far.</param>
    /// <param name="step">The last step length.</param>
    /// <param name="elapsed">Time since the run started.</param>
    public EpochState(
        int epoch, ReadOnlySpan<double> x, ReadOnlySpan<double> average, double meanBatchLoss, int steps, long samplesSeen, double step,
        TimeSpan elapsed)
    {
        Epoch = epoch;
        X = x;
        Average = average;
        MeanBatchLoss = meanBatchLoss;
        Steps = steps;
        SamplesSeen = samplesSeen;
        Step = step;
        Elapsed = elapsed;
    }

    /// <summary>Epochs completed (1 after the first).</summary>
    public int Epoch { get; }

    /// <summary>The current iterate.</summary>
    public ReadOnlySpan<double> X { get; }

    /// <summary>The averaged iterate (the current iterate when not averaging): what the run would return now.</summary>
    public ReadOnlySpan<double> Average { get; }

    /// <summary>The mean of this epoch's mini-batch losses: a free, noisy estimate of F (no extra pass over the data).</summary>
    public double MeanBatchLoss { get; }

    /// <summary>Steps (mini-batches) so far.</summary>
    public int Steps { get; }

    /// <summary>Samples used so far (epochs times N, for whole epochs).</summary>
    public long SamplesSeen { get; }

    /// <summary>The last step length alpha_t.</summary>
    public double Step { get; }

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed { get; }
}

/// <summary>Called after every epoch; can stop the run.</summary>
/// <param name="state">The state after the epoch.</param>
/// <returns>Whether to continue.</returns>
public delegate CallbackAction EpochCallback(EpochState state);
