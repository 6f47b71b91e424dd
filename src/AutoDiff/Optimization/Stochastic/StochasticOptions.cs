using System;

namespace AutoDiff.Optimization;

/// <summary>
/// What every stochastic solver's options share: mini-batches, epochs, the seed, the step schedule, gradient clipping,
/// iterate averaging, parallelism and the epoch callback. Defaults follow common practice (batch 32, 10 epochs,
/// reshuffle every epoch).
/// </summary>
public abstract record StochasticOptions
{
    /// <summary>m, samples per mini-batch (the last batch of an epoch may be smaller). Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Passes over the data. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Seeds the shuffling RNG: the same seed gives the same run, bit for bit. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Reshuffle the sample order at the start of every epoch (sampling without replacement). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The step alpha_t, indexed by the step (mini-batch) number t. Default a constant 0.01 (Adam: 0.001).</summary>
    public IStepSchedule StepSchedule { get; init; } = new ConstantStepSchedule(0.01);

    /// <summary>
    /// When set, sample with a <see cref="VirtualShardSampler"/> over this many virtual shards (capped at N) instead of one
    /// global shuffle: the same run, bit for bit, as a data-parallel run over any number of processes (package
    /// AutoDiff.Mpi) with the same shard count. Default null (one global shuffle per epoch).
    /// </summary>
    public int? VirtualShards { get; init; }

    /// <summary>When set, a mini-batch gradient longer than this is rescaled to this norm (clipping by norm). Default null (off).</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>
    /// Box constraints, by projection: the start is projected onto the box and every step is followed by
    /// x = P(x) (projected SGD; averages of points in the box stay in it). Default null (unbounded).
    /// </summary>
    public BoxBounds? Bounds { get; init; }

    /// <summary>Return an average of the iterates instead of the last one. Default <see cref="IterateAveraging.None"/>.</summary>
    public IterateAveraging Averaging { get; init; }

    /// <summary>d for <see cref="IterateAveraging.Exponential"/>, in [0, 1). Default 0.999 (Polyak averaging as in TensorFlow's ExponentialMovingAverage).</summary>
    public double AveragingDecay { get; init; } = 0.999;

    /// <summary>
    /// Use threads for a mini-batch when batch size times dimension reaches this. Results do not depend on it (the
    /// summation order is fixed). Default 32768.
    /// </summary>
    public int ParallelThreshold { get; init; } = BatchGradientEvaluator.DefaultParallelThreshold;

    /// <summary>At most this many threads per mini-batch; -1 for the runtime's choice, 1 for none. Default -1.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Stop after this much wall-clock time (checked after each step); null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// Evaluate F and ||grad F|| on the whole dataset at the returned point (one more pass, counted). Default true. When
    /// false the result's value is the last epoch's mean mini-batch loss and its gradient norm is NaN (unknown).
    /// </summary>
    public bool FinalFullDataPass { get; init; } = true;

    /// <summary>Record one <see cref="TraceEntry"/> per epoch. Default false.</summary>
    public bool RecordTrace { get; init; }

    /// <summary>Called after every epoch; can stop the run. Default null.</summary>
    public EpochCallback? Callback { get; init; }

    /// <summary>Throws when an option is out of range, naming it.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public virtual void Validate()
    {
        if (BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be > 0.");
        }

        if (Epochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Must not be negative.");
        }

        if (VirtualShards is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(VirtualShards), VirtualShards, "Must be > 0.");
        }

        ArgumentNullException.ThrowIfNull(StepSchedule, nameof(StepSchedule));
        if (MaxGradientNorm is { } clip && !(clip > 0 && double.IsFinite(clip)))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), clip, "Must be finite and > 0.");
        }

        if (!Enum.IsDefined(Averaging))
        {
            throw new ArgumentOutOfRangeException(nameof(Averaging), Averaging, "Unknown averaging.");
        }

        if (!(AveragingDecay >= 0 && AveragingDecay < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AveragingDecay), AveragingDecay, "Must lie in [0, 1).");
        }

        if (ParallelThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ParallelThreshold), ParallelThreshold, "Must not be negative.");
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Must be -1 or > 0.");
        }

        if (TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "Must be positive.");
        }
    }

    internal static void RequireInRange(double value, double low, double high, string name)
    {
        if (!(value >= low && value < high))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must lie in [{low}, {high}).");
        }
    }
}
