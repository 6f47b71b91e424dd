using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using AutoDiff.Optimization;

namespace AutoDiff.Mpi;

/// <summary>
/// Runs one of AutoDiff's stochastic solvers (SGD, momentum, Nesterov, Adam/AdamW) data-parallel: every rank runs this
/// loop with the same options; each step every rank computes its shards' part of the mini-batch gradient and the ranks
/// combine them (<see cref="DistributedStochasticObjective"/>), so every rank holds the same iterate. Sampling is the
/// <see cref="VirtualShardSampler"/>'s, so with <see cref="GradientReduction.Fold"/> a run gives the same bits for any
/// number of ranks, and the same as the single-process solver with <see cref="StochasticOptions.VirtualShards"/> = S.
/// Stopping (cancellation, time limit, the epoch callback) is agreed by all ranks: any rank that wants to stop stops all.
/// With <see cref="CheckpointPath"/> set, rank 0 writes the whole state every <see cref="CheckpointInterval"/> steps (and
/// when a run stops early) to a temporary file renamed over the checkpoint, so a crash never leaves half a file; a run
/// resumed with <see cref="Resume"/>, on the same or another number of ranks, ends with the same bits as one that never
/// stopped.
/// </summary>
public sealed class DistributedStochasticSolver
{
    private const string Magic = "AutoDiff.Mpi checkpoint v1";

    /// <summary>Creates the distributed version of <paramref name="solver"/>.</summary>
    /// <param name="solver">An <see cref="SgdSolver"/>, <see cref="MomentumSolver"/>, <see cref="NesterovSolver"/> or <see cref="AdamSolver"/>; its options are used as they are.</param>
    /// <exception cref="ArgumentNullException"><paramref name="solver"/> is null.</exception>
    /// <exception cref="ArgumentException">Another kind of solver.</exception>
    public DistributedStochasticSolver(StochasticSolver solver)
    {
        ArgumentNullException.ThrowIfNull(solver);
        _ = DistributedRule.For(solver, 1);
        Solver = solver;
    }

    /// <summary>The solver whose algorithm and options this runs.</summary>
    public StochasticSolver Solver { get; }

    /// <summary>Where rank 0 writes checkpoints; null (the default) for none. The directory must exist.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Write a checkpoint every this many steps. Default 100.</summary>
    public int CheckpointInterval { get; init; } = 100;

    /// <summary>
    /// Called on every rank after every step with the number of steps taken (for progress and for tests that kill a
    /// rank mid-run); it must not make collective calls. Default null.
    /// </summary>
    public Action<int>? StepCallback { get; init; }

    /// <summary>Minimises F from <paramref name="x0"/>. Collective: every rank calls it with the same x0 and options.</summary>
    /// <param name="objective">This rank's view of the distributed objective.</param>
    /// <param name="x0">The start, the same on every rank; copied.</param>
    /// <param name="cancellationToken">Checked after every step; a cancel on any rank stops every rank.</param>
    /// <returns>The result, the same on every rank.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException">x0 is empty, not finite or of the wrong length, or the options' VirtualShards differ from the objective's shard count.</exception>
    public StochasticResult Minimize(DistributedStochasticObjective objective, ReadOnlySpan<double> x0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (x0.Length != objective.Dimension)
        {
            throw new ArgumentException($"Expected {objective.Dimension} parameters, got {x0.Length}.", nameof(x0));
        }

        foreach (double v in x0)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("The starting point must be finite (no NaN or infinity).", nameof(x0));
            }
        }

        var run = new Run(this, objective);
        x0.CopyTo(run.X);
        return run.Execute(cancellationToken);
    }

    /// <summary>Continues the run saved in a checkpoint. Collective; rank 0 reads the file and sends it to the others.</summary>
    /// <param name="objective">This rank's view of the objective (any number of ranks; the same data, shard count and options as the saved run).</param>
    /// <param name="checkpointPath">The checkpoint rank 0 reads.</param>
    /// <param name="cancellationToken">As in <see cref="Minimize"/>.</param>
    /// <returns>The result of the whole run (its steps, epochs and samples count from the start; its time and trace from the resume).</returns>
    /// <exception cref="IOException">Rank 0 cannot read the file (other ranks see an <see cref="InvalidDataException"/>).</exception>
    /// <exception cref="InvalidDataException">The checkpoint is not one of this run (other solver, data size, shards, batch size or seed).</exception>
    public StochasticResult Resume(DistributedStochasticObjective objective, string checkpointPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(checkpointPath);
        MpiCommunicator world = objective.Communicator;
        byte[] bytes = [];
        int length = -1;
        if (world.IsRoot)
        {
            try
            {
                bytes = File.ReadAllBytes(checkpointPath);
                length = bytes.Length;
            }
            catch (Exception)
            {
                // Tell the other ranks (waiting for the length) before failing, so none of them hangs.
                world.Broadcast(-1);
                throw;
            }
        }

        length = world.Broadcast(length);
        if (length < 0)
        {
            throw new InvalidDataException($"Rank 0 could not read the checkpoint {checkpointPath}.");
        }

        if (!world.IsRoot)
        {
            bytes = new byte[length];
        }

        world.Broadcast(bytes.AsSpan());
        var run = new Run(this, objective);
        using (var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8))
        {
            run.Read(reader);
        }

        return run.Execute(cancellationToken);
    }

    /// <summary>One run's state: everything a checkpoint holds.</summary>
    private sealed class Run
    {
        private readonly DistributedStochasticSolver _owner;
        private readonly DistributedStochasticObjective _objective;
        private readonly StochasticOptions _options;
        private readonly VirtualShardSampler _sampler;
        private readonly DistributedRule _rule;
        private readonly DistributedAverager? _averager;
        private readonly int[][] _permutations;
        private int _permutationEpoch = -1;

        // The saved state.
        private int _epochs, _stepInEpoch, _steps, _batches;
        private long _samplesSeen;
        private double _lossSum, _lastMeanLoss = double.NaN, _batchGradientNorm, _step;

        public Run(DistributedStochasticSolver owner, DistributedStochasticObjective objective)
        {
            _owner = owner;
            _objective = objective;
            _options = owner.Solver.Options;
            if (_options.VirtualShards is { } shards && shards != objective.ShardCount)
            {
                throw new ArgumentException(
                    $"The options say VirtualShards = {shards} but the objective has {objective.ShardCount} shards; leave it null or make them equal.",
                    nameof(objective));
            }

            if (owner.CheckpointInterval <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(owner), owner.CheckpointInterval, "CheckpointInterval must be > 0.");
            }

            int n = objective.Dimension;
            X = new double[n];
            _sampler = new VirtualShardSampler(objective.SampleCount, objective.ShardCount, _options.BatchSize, _options.Seed, _options.Shuffle);
            _rule = DistributedRule.For(owner.Solver, n);
            _averager = _options.Averaging == IterateAveraging.None ? null : new DistributedAverager(_options.Averaging, n, _options.AveragingDecay);
            _permutations = new int[objective.LocalShardCount][];
            for (int k = 0; k < objective.LocalShardCount; k++)
            {
                _permutations[k] = new int[objective.ShardSize(objective.FirstShard + k)];
            }
        }

        public double[] X { get; }

        public StochasticResult Execute(CancellationToken cancellationToken)
        {
            long start = Stopwatch.GetTimestamp();
            MpiCommunicator world = _objective.Communicator;
            StochasticOptions options = _options;
            int n = X.Length, stepsPerEpoch = _sampler.StepsPerEpoch;
            var gradient = new double[n];

            // The iterate before the last step, to go back to when a mini-batch's loss or gradient is not finite, as the
            // single-process solver does (X on entry until a step is taken here).
            var previousX = (double[])X.Clone();
            var trace = options.RecordTrace ? new List<TraceEntry>() : null;
            long evaluatedBefore = _objective.LocalSampleGradients;
            TerminationReason? reason = null;
            while (reason is null && _epochs < options.Epochs)
            {
                if (_permutationEpoch != _epochs)
                {
                    for (int k = 0; k < _permutations.Length; k++)
                    {
                        _sampler.FillShardPermutation(_epochs, _objective.FirstShard + k, _permutations[k]);
                    }

                    _permutationEpoch = _epochs;
                }

                int size = _sampler.BatchCount(_stepInEpoch);
                double loss = _objective.MiniBatch(X, _sampler, _permutations, _stepInEpoch, gradient);
                if (!double.IsFinite(loss) || !AllFinite(gradient))
                {
                    // Every rank holds the same gradient, so every rank stops here, and goes back to the iterate before
                    // the last step, whose mini-batch was finite.
                    reason = TerminationReason.NonFiniteObjective;
                    previousX.CopyTo(X, 0);
                    break;
                }

                _batchGradientNorm = Math.Sqrt(NormSquared(gradient));
                if (options.MaxGradientNorm is { } clip && _batchGradientNorm > clip)
                {
                    double scale = clip / _batchGradientNorm;
                    for (int i = 0; i < n; i++)
                    {
                        gradient[i] *= scale;
                    }
                }

                _step = options.StepSchedule.StepAt(_steps);
                if (_averager is { Kind: IterateAveraging.StepWeighted })
                {
                    _averager.Add(X, _step);
                }

                X.CopyTo(previousX, 0);
                _rule.Apply(X, gradient, _step);
                if (_averager is { Kind: not IterateAveraging.StepWeighted })
                {
                    _averager.Add(X);
                }

                _steps++;
                _stepInEpoch++;
                _samplesSeen += size;
                _lossSum += loss;
                _batches++;
                _owner.StepCallback?.Invoke(_steps);

                // Agree on stopping: 1 cancelled, 2 time limit (the largest wins, on every rank).
                int wish = cancellationToken.IsCancellationRequested ? 1
                    : options.TimeLimit is { } limit && Stopwatch.GetElapsedTime(start) >= limit ? 2 : 0;
                int agreed = world.AllreduceMax(wish);
                reason = agreed switch
                {
                    1 => TerminationReason.Cancelled,
                    2 => TerminationReason.TimeLimit,
                    _ => null,
                };

                if (_stepInEpoch == stepsPerEpoch)
                {
                    _epochs++;
                    _stepInEpoch = 0;
                    double meanLoss = _lossSum / Math.Max(1, _batches);
                    _lastMeanLoss = meanLoss;
                    _lossSum = 0;
                    _batches = 0;
                    trace?.Add(new TraceEntry(_epochs, meanLoss, _batchGradientNorm, _step));
                    if (options.Callback is { } callback)
                    {
                        ReadOnlySpan<double> average = _averager is null || _averager.Count == 0 ? X : _averager.Average;
                        var state = new EpochState(
                            _epochs, X, average, meanLoss, _steps, _samplesSeen, _step, Stopwatch.GetElapsedTime(start));
                        int stop = world.AllreduceMax(callback(state) == CallbackAction.Stop ? 1 : 0);
                        if (stop == 1 && reason is null)
                        {
                            reason = TerminationReason.StoppedByCallback;
                        }
                    }
                }

                if (_owner.CheckpointPath is { } path && (_steps % _owner.CheckpointInterval == 0 || reason is not null))
                {
                    WriteCheckpoint(path);
                }
            }

            reason ??= TerminationReason.MaxEpochs;
            double[] minimizer = _averager is null || _averager.Count == 0 ? (double[])X.Clone() : (double[])_averager.Average.Clone();
            double value = _lastMeanLoss, gradientNorm = double.NaN;
            if (options.FinalFullDataPass)
            {
                value = _objective.MeanLossAndGradient(minimizer, gradient);
                gradientNorm = Math.Sqrt(NormSquared(gradient));
            }

            long evaluated = _objective.LocalSampleGradients - evaluatedBefore;
            var evaluations = new EvaluationCounts(0, (int)Math.Min(int.MaxValue, evaluated), 0, 0);
            string name = $"{_owner.Solver.Name} on {world.Size} rank{(world.Size == 1 ? "" : "s")} ({_objective.Reduction}, {_objective.ShardCount} shards)";
            return new StochasticResult(
                name, minimizer, value, gradientNorm, _steps, _epochs, _samplesSeen, evaluations, Stopwatch.GetElapsedTime(start),
                reason.Value, Describe(reason.Value, _epochs), trace is null ? Array.Empty<TraceEntry>() : trace);
        }

        public void Read(BinaryReader reader)
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("Not an AutoDiff.Mpi checkpoint.");
            }

            string solver = reader.ReadString();
            int n = reader.ReadInt32(), count = reader.ReadInt32(), shards = reader.ReadInt32(), batch = reader.ReadInt32(), seed = reader.ReadInt32();
            bool shuffle = reader.ReadBoolean();
            if (solver != _owner.Solver.Name || n != X.Length || count != _sampler.SampleCount || shards != _sampler.ShardCount
                || batch != _sampler.BatchSize || seed != _sampler.Seed || shuffle != _sampler.Shuffle)
            {
                throw new InvalidDataException(
                    $"The checkpoint is of a run of {solver} with {n} parameters, {count} samples, {shards} shards, batch {batch}, seed {seed}, shuffle {shuffle}; "
                    + $"this run has {_owner.Solver.Name}, {X.Length}, {_sampler.SampleCount}, {_sampler.ShardCount}, {_sampler.BatchSize}, {_sampler.Seed}, {_sampler.Shuffle}.");
            }

            _epochs = reader.ReadInt32();
            _stepInEpoch = reader.ReadInt32();
            _steps = reader.ReadInt32();
            _batches = reader.ReadInt32();
            _samplesSeen = reader.ReadInt64();
            _lossSum = reader.ReadDouble();
            _lastMeanLoss = reader.ReadDouble();
            _batchGradientNorm = reader.ReadDouble();
            _step = reader.ReadDouble();
            DistributedRule.ReadArray(reader, X);
            _rule.Read(reader);
            bool averaged = reader.ReadBoolean();
            if (averaged != _averager is not null)
            {
                throw new InvalidDataException("The checkpoint's run and this one differ in averaging.");
            }

            _averager?.Read(reader);
        }

        private void WriteCheckpoint(string path)
        {
            if (!_objective.Communicator.IsRoot)
            {
                return;
            }

            string temporary = path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(_owner.Solver.Name);
                writer.Write(X.Length);
                writer.Write(_sampler.SampleCount);
                writer.Write(_sampler.ShardCount);
                writer.Write(_sampler.BatchSize);
                writer.Write(_sampler.Seed);
                writer.Write(_sampler.Shuffle);
                writer.Write(_epochs);
                writer.Write(_stepInEpoch);
                writer.Write(_steps);
                writer.Write(_batches);
                writer.Write(_samplesSeen);
                writer.Write(_lossSum);
                writer.Write(_lastMeanLoss);
                writer.Write(_batchGradientNorm);
                writer.Write(_step);
                DistributedRule.WriteArray(writer, X);
                _rule.Write(writer);
                writer.Write(_averager is not null);
                _averager?.Write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            // rename(2) replaces the old checkpoint atomically: a reader sees the old file or the new one, never half of one.
            File.Move(temporary, path, overwrite: true);
        }

        private static bool AllFinite(ReadOnlySpan<double> values)
        {
            foreach (double v in values)
            {
                if (!double.IsFinite(v))
                {
                    return false;
                }
            }

            return true;
        }

        private static double NormSquared(ReadOnlySpan<double> a)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                sum += a[i] * a[i];
            }

            return sum;
        }

        private static string Describe(TerminationReason reason, int epochs) => reason switch
        {
            TerminationReason.MaxEpochs => $"ran the epoch budget ({epochs}); SGD has no convergence test, check F and ||grad F||",
            TerminationReason.NonFiniteObjective => "a mini-batch loss or gradient was NaN or infinite (step too large?); returned the last finite iterate",
            TerminationReason.Cancelled => "cancelled (on at least one rank)",
            TerminationReason.TimeLimit => "time limit reached (on at least one rank)",
            TerminationReason.StoppedByCallback => "the epoch callback asked to stop (on at least one rank)",
            _ => reason.ToString(),
        };
    }
}
