using System;

namespace AutoDiff.Optimization;

/// <summary>What the iteration callback sees after each iteration. The spans are the solver's own buffers: read them, do not keep them.</summary>
public readonly ref struct IterationState
{
    /// <summary>Creates a state view; solvers create these, users only read them.</summary>
    /// <param name="iteration">The iteration number (0 is the start).</param>
    /// <param name="x">The current iterate.</param>
    /// <param name="gradient">The gradient there.</param>
    /// <param name="value">f there.</param>
    /// <param name="gradientNorm">||g||.</param>
    /// <param name="step">The last step length.</param>
    /// <param name="evaluations">The evaluations so far.</param>
    public IterationState(
        int iteration, ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double value, double gradientNorm, double step,
        EvaluationCounts evaluations)
    {
        Iteration = iteration;
        X = x;
        Gradient = gradient;
        Value = value;
        GradientNorm = gradientNorm;
        Step = step;
        Evaluations = evaluations;
    }

    /// <summary>The iteration number (0 is the start).</summary>
    public int Iteration { get; }

    /// <summary>The current iterate.</summary>
    public ReadOnlySpan<double> X { get; }

    /// <summary>The gradient at <see cref="X"/>.</summary>
    public ReadOnlySpan<double> Gradient { get; }

    /// <summary>f at <see cref="X"/>.</summary>
    public double Value { get; }

    /// <summary>||g|| at <see cref="X"/>.</summary>
    public double GradientNorm { get; }

    /// <summary>The last step length.</summary>
    public double Step { get; }

    /// <summary>The evaluations so far.</summary>
    public EvaluationCounts Evaluations { get; }
}

/// <summary>What the iteration callback tells the solver.</summary>
public enum CallbackAction
{
    /// <summary>Keep iterating.</summary>
    Continue,

    /// <summary>Stop now; the result's reason is <see cref="TerminationReason.StoppedByCallback"/>.</summary>
    Stop,
}

/// <summary>Called after every iteration (and once at the start, iteration 0).</summary>
/// <param name="state">The current state.</param>
/// <returns>Whether to continue.</returns>
public delegate CallbackAction IterationCallback(IterationState state);
