using System;

namespace AutoDiff.Optimization;

/// <summary>
/// When a solver stops. Every rule is independent; a tolerance of 0 (or a null limit) switches that rule off.
/// The gradient tests come in two forms that cannot be confused: the lecture's squared form
/// (<see cref="SquaredGradientTolerance"/>, ||g||^2 &lt;= eps) and the norm form of scipy, Optim.jl and MathNet
/// (<see cref="GradientNormTolerance"/>, ||g|| &lt;= eps). Defaults: ||g||^2 &lt;= 1e-16 (that is, ||g|| &lt;= 1e-8, as
/// Optim.jl), the round-off rule of <see cref="RoundOffFunctionChangeTolerance"/>, 1000 iterations, no other limit.
/// </summary>
public sealed record StoppingCriteria
{
    /// <summary>Machine epsilon, 2^-52.</summary>
    internal const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The factor of the round-off rule's gradient condition sum |g_i x_i| &lt;= this |f|.</summary>
    internal const double RoundOffGradientFactor = 1e-4;

    /// <summary>Absolute gradient test in the lecture's squared form: ||g||^2 &lt;= this. Default 1e-16 (||g|| &lt;= 1e-8).</summary>
    public double SquaredGradientTolerance { get; init; } = 1e-16;

    /// <summary>
    /// Absolute gradient test in norm form, as scipy's <c>gtol</c>, Optim.jl's <c>g_abstol</c> and MathNet's
    /// <c>gradientTolerance</c>: ||g|| &lt;= this. Default 0 (off; the squared test's default is the same bar).
    /// </summary>
    public double GradientNormTolerance { get; init; }

    /// <summary>Gradient test scaled by the objective: ||g|| &lt;= this * max(1, |f|). Default 0 (off).</summary>
    public double ScaledGradientNormTolerance { get; init; }

    /// <summary>Relative gradient test in squared form: ||g||^2 &lt;= this * ||g0||^2. Default 0 (off).</summary>
    public double RelativeSquaredGradientTolerance { get; init; }

    /// <summary>
    /// Stop (converged) when |f_k - f_{k+1}| / max(|f_k|, |f_{k+1}|, 1) &lt;= this, scipy L-BFGS-B's <c>ftol</c> rule.
    /// Default 0 (off): set it when a relative change of f is all you need.
    /// </summary>
    public double FunctionChangeTolerance { get; init; }

    /// <summary>
    /// The round-off rule, always on unless 0: when an iteration changes f by at most this relative amount,
    /// |f_k - f_{k+1}| &lt;= this * max(|f_k|, |f_{k+1}|) (relative to |f| alone, so near f* = 0 a small absolute change
    /// still counts as progress), or a line search finds no decrease at all, and the gradient is small relative to f
    /// and to the scale of x, sum_i |g_i x_i| &lt;= 1e-4 |f| (a relative change of every x_i by d changes f by at most
    /// 1e-4 d |f| to first order), the run ends <see cref="TerminationReason.MachinePrecision"/> (converged). Without
    /// the gradient condition the run goes on (f can be flat for a while far from a minimum), and the stall rule ends it.
    /// Default 10 eps = 2.2e-15, scipy's <c>factr = 10</c> ("extremely high accuracy"): f computed as a sum carries a
    /// relative error of a few eps, so a smaller change is indistinguishable from none. The 1e-4 is measured: on the
    /// More-Garbow-Hillstrom problems with large f* a run that had reached f* to 1e-10 had sum |g_i x_i| / |f| at most
    /// 1.3e-5 (Meyer, whose Hessian is very badly scaled); near f* = 0 the condition is strict because |f| is small.
    /// </summary>
    public double RoundOffFunctionChangeTolerance { get; init; } = 10 * MachineEpsilon;

    /// <summary>Stop when ||x_k - x_{k-1}|| &lt;= this * max(1, ||x_k||). Default 0 (off).</summary>
    public double StepTolerance { get; init; }

    /// <summary>
    /// Stop (not converged, <see cref="TerminationReason.Stalled"/>) after this many iterations in a row that ended
    /// at the best f seen, within 1e-10 relative, without going below it: round-off has taken over, typically just
    /// above a too-strict gradient tolerance where the round-off rule's gradient condition does not hold either.
    /// Default 20 (it was 100, which on the More-Garbow-Hillstrom problems with large f* cost up to 40 times the calls
    /// the run had needed to reach f*); 0 switches it off.
    /// </summary>
    public int StallIterations { get; init; } = 20;

    /// <summary>The iteration budget. Default 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>The budget of objective calls (all kinds), checked after each iteration. Default int.MaxValue.</summary>
    public int MaxEvaluations { get; init; } = int.MaxValue;

    /// <summary>The wall-clock limit, checked after each iteration; null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// The machine-precision gradient condition of <see cref="RoundOffFunctionChangeTolerance"/>: sum |g_i x_i| &lt;= 1e-4 |f|,
    /// over the projected gradient when there are bounds (a component a bound holds is no gradient left to reduce).
    /// </summary>
    internal static bool GradientIsAtRoundOff(ReadOnlySpan<double> gradient, ReadOnlySpan<double> x, double value, BoxBounds? bounds = null)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += bounds is not null && bounds.Holds(x, gradient, i) ? 0 : Math.Abs(gradient[i] * x[i]);
        }

        return sum <= RoundOffGradientFactor * Math.Abs(value);
    }

    /// <summary>|f_k - f_{k+1}| / max(|f_k|, |f_{k+1}|, 1), scipy L-BFGS-B's measure of a change of f.</summary>
    internal static double RelativeChange(double previous, double current) =>
        Math.Abs(previous - current) / Math.Max(Math.Max(Math.Abs(previous), Math.Abs(current)), 1);

    /// <summary>Throws when a value is out of range, naming the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or NaN, or a budget is not positive.</exception>
    public void Validate()
    {
        RequireNonNegative(SquaredGradientTolerance, nameof(SquaredGradientTolerance));
        RequireNonNegative(GradientNormTolerance, nameof(GradientNormTolerance));
        RequireNonNegative(ScaledGradientNormTolerance, nameof(ScaledGradientNormTolerance));
        RequireNonNegative(RelativeSquaredGradientTolerance, nameof(RelativeSquaredGradientTolerance));
        RequireNonNegative(RoundOffFunctionChangeTolerance, nameof(RoundOffFunctionChangeTolerance));
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
