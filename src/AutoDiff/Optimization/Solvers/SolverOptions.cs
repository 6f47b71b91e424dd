using System;

namespace AutoDiff.Optimization;

/// <summary>What every solver's options share: stopping rules, the optional trace and the iteration callback.</summary>
public abstract record SolverOptions
{
    /// <summary>When to stop. Default <c>new StoppingCriteria()</c>.</summary>
    public StoppingCriteria Stopping { get; init; } = new();

    /// <summary>Record (iteration, f, ||g||, step) each iteration into <see cref="OptimizationResult.Trace"/>. Default false (the trace allocates).</summary>
    public bool RecordTrace { get; init; }

    /// <summary>Called after every iteration; can stop the run. Default null.</summary>
    public IterationCallback? Callback { get; init; }

    /// <summary>Throws when an option is out of range, naming it.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public virtual void Validate()
    {
        if (Stopping is null)
        {
            throw new ArgumentNullException(nameof(Stopping));
        }

        Stopping.Validate();
    }
}
