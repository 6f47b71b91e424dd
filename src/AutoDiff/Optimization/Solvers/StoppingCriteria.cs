using System;

namespace AutoDiff.Optimization;

/// <summary>
/// When a solver stops. Every rule is independent; a tolerance of 0 (or a null limit) switches that rule off.
/// Defaults follow Optim.jl: ||g|| &lt;= 1e-8 (so ||g||^2 &lt;= 1e-16), 1000 iterations, no other limit.
/// </summary>
public sealed record StoppingCriteria
{
    /// <summary>Absolute gradient test ||g||^2 &lt;= this. Default 1e-16.</summary>
    public double GradientTolerance { get; init; } = 1e-16;

    /// <summary>Relative gradient test ||g||^2 &lt;= this * ||g0||^2. Default 0 (off).</summary>
    public double RelativeGradientTolerance { get; init; }

    /// <summary>Stop when |f_k - f_{k-1}| &lt;= this * max(1, |f_k|). Default 0 (off).</summary>
    public double FunctionChangeTolerance { get; init; }

    /// <summary>Stop when ||x_k - x_{k-1}|| &lt;= this * max(1, ||x_k||). Default 0 (off).</summary>
    public double StepTolerance { get; init; }

    /// <summary>
    /// Stop (not converged, <see cref="TerminationReason.Stalled"/>) after this many iterations in a row that ended
    /// at the best f seen, within 1e-10 relative, without going below it: round-off has taken over, typically just
    /// above a too-strict gradient tolerance. Default 100; 0 switches it off.
    /// </summary>
    public int StallIterations { get; init; } = 100;

    /// <summary>The iteration budget. Default 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>The budget of objective calls (all kinds), checked after each iteration. Default int.MaxValue.</summary>
    public int MaxEvaluations { get; init; } = int.MaxValue;

    /// <summary>The wall-clock limit, checked after each iteration; null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Throws when a value is out of range, naming the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or NaN, or a budget is not positive.</exception>
    public void Validate()
    {
        RequireNonNegative(GradientTolerance, nameof(GradientTolerance));
        RequireNonNegative(RelativeGradientTolerance, nameof(RelativeGradientTolerance));
        RequireNonNegative(FunctionChangeTolerance, nameof(FunctionChangeTolerance));
        RequireNonNegative(StepTolerance, nameof(StepTolerance));
        if (MaxIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "Must not be negative.");
        }

        if (StallIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StallIterations), StallIterations, "Must not be negative.");
        }

        if (MaxEvaluations <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEvaluations), MaxEvaluations, "Must be positive.");
        }

        if (TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "Must be positive.");
        }
    }

    internal static void RequireNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number >= 0.");
        }
    }
}
