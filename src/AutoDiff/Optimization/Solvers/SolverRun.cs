using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace AutoDiff.Optimization;

/// <summary>
/// The bookkeeping of one solver run, shared by every solver so each algorithm file holds only the algorithm:
/// the current iterate and its gradient, the evaluation counter, the best point so far, the stopping rules,
/// the callback, the trace and the clock. Every buffer is allocated here, once.
/// </summary>
internal sealed class SolverRun
{
    private readonly string _solverName;
    private readonly SolverOptions _options;
    private readonly StoppingCriteria _stopping;
    private readonly CancellationToken _cancellationToken;
    private readonly long _startTimestamp;
    private readonly List<TraceEntry>? _trace;
    private readonly double[] _bestX;
    private double _bestValue = double.NaN;
    private int _iterationsWithoutDecrease;
    private double _bestGradientNorm = double.NaN;
    private double _lastRecordedValue;
    private double _initialGradientNormSquared;

    public SolverRun(
        string solverName, Objective objective, ReadOnlySpan<double> x0, SolverOptions options, CancellationToken cancellationToken,
        BoxBounds? bounds = null)
    {
        Bounds = bounds;
        _solverName = solverName;
        _options = options;
        _stopping = options.Stopping;
        _cancellationToken = cancellationToken;
        _startTimestamp = Stopwatch.GetTimestamp();
        _trace = options.RecordTrace ? new List<TraceEntry>() : null;
        Objective = new CountingObjective(objective);
        X = x0.ToArray();
        bounds?.Project(X); // a start outside the box is moved to the nearest point inside
        _bestX = (double[])X.Clone();
        Gradient = new double[x0.Length];
    }

    public int Dimension => X.Length;

    /// <summary>The box the iterates stay in, or null; with bounds every gradient test uses the projected gradient.</summary>
    public BoxBounds? Bounds { get; }

    /// <summary>This run's own counting view of the objective.</summary>
    public CountingObjective Objective { get; }

    /// <summary>The current iterate.</summary>
    public double[] X { get; }

    /// <summary>The gradient at <see cref="X"/>.</summary>
    public double[] Gradient { get; }

    /// <summary>f at <see cref="X"/>.</summary>
    public double Value { get; set; }

    /// <summary>The last step length a (multiplier of the direction).</summary>
    public double LastStep { get; set; }

    /// <summary>||x_k - x_{k-1}||.</summary>
    public double LastStepLength { get; set; }

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; private set; }

    /// <summary>||g||^2, or with bounds the projected gradient's.</summary>
    public double GradientNormSquared { get; private set; }

    /// <summary>
    /// Evaluates f and g at x0, shows x0 to the callback and applies the stopping rules there; returns a reason when
    /// the run is already over.
    /// </summary>
    public TerminationReason? Start()
    {
        Value = Objective.Gradient(X, Gradient);
        GradientNormSquared = Bounds is null ? VectorMath.NormSquared(Gradient) : Bounds.ProjectedGradientNormSquared(X, Gradient);
        _initialGradientNormSquared = GradientNormSquared;
        RecordIterate();
        bool callbackStop = CallbackAsksToStop();
        if (!double.IsFinite(Value) || !VectorMath.AllFinite(Gradient))
        {
            return TerminationReason.NonFiniteObjective;
        }

        return CheckGradient() ?? (callbackStop ? TerminationReason.StoppedByCallback : CheckBudgets());
    }

    /// <summary>
    /// Call after each accepted step: counts it, records it, shows it to the callback (every iterate exactly once,
    /// so the callback and the trace end with the final one however the run ends), and applies every stopping rule.
    /// A convergence test that holds wins over the callback's stop.
    /// </summary>
    public TerminationReason? CompleteIteration()
    {
        Iteration++;
        GradientNormSquared = Bounds is null ? VectorMath.NormSquared(Gradient) : Bounds.ProjectedGradientNormSquared(X, Gradient);
        double previous = _lastRecordedValue;
        RecordIterate();
        bool callbackStop = CallbackAsksToStop();
        if (CheckGradient() is { } gradientReason)
        {
            return gradientReason;
        }

        double change = StoppingCriteria.RelativeChange(previous, Value);
        if (_stopping.FunctionChangeTolerance > 0 && change <= _stopping.FunctionChangeTolerance)
        {
            return TerminationReason.FunctionChangeTolerance;
        }

        // Relative to |f| alone (not max(.., 1)): near f* = 0 a tiny absolute change is still progress, not round-off.
        if (_stopping.RoundOffFunctionChangeTolerance > 0
            && Math.Abs(previous - Value) <= _stopping.RoundOffFunctionChangeTolerance * Math.Max(Math.Abs(previous), Math.Abs(Value))
            && IsAtRoundOff())
        {
            return TerminationReason.MachinePrecision;
        }

        if (_stopping.StepTolerance > 0
            && LastStepLength <= _stopping.StepTolerance * Math.Max(1, Math.Sqrt(VectorMath.NormSquared(X))))
        {
            return TerminationReason.StepTolerance;
        }

        if (callbackStop)
        {
            return TerminationReason.StoppedByCallback;
        }

        if (_stopping.StallIterations > 0 && _iterationsWithoutDecrease >= _stopping.StallIterations)
        {
            return TerminationReason.Stalled;
        }

        return CheckBudgets();
    }

    /// <summary>
    /// The reason to report when a line search gave no acceptable step: <see cref="TerminationReason.MachinePrecision"/>
    /// when the round-off rule is on and the gradient is at round-off (no step can decrease f any more), else
    /// <see cref="TerminationReason.NonFiniteObjective"/> when a trial was not finite, else
    /// <see cref="TerminationReason.LineSearchFailed"/>.
    /// </summary>
    public TerminationReason LineSearchFailure(LineSearchResult search) =>
        double.IsFinite(search.Slope) ? NoDecreaseReason(search.SawNonFiniteValue) : TerminationReason.NonFiniteObjective;

    /// <summary>
    /// The reason to report when no trial step decreased f (a failed line search, a collapsed trust region):
    /// <see cref="TerminationReason.MachinePrecision"/> when the round-off rule is on and its gradient condition holds,
    /// else <see cref="TerminationReason.NonFiniteObjective"/> when a trial was not finite, else
    /// <see cref="TerminationReason.LineSearchFailed"/>.
    /// </summary>
    public TerminationReason NoDecreaseReason(bool sawNonFiniteValue) =>
        _stopping.RoundOffFunctionChangeTolerance > 0 && IsAtRoundOff()
            ? TerminationReason.MachinePrecision
            : sawNonFiniteValue ? TerminationReason.NonFiniteObjective : TerminationReason.LineSearchFailed;

    /// <summary>The gradient condition of the round-off rule at the current iterate.</summary>
    private bool IsAtRoundOff() =>
        StoppingCriteria.GradientIsAtRoundOff(Gradient, X, Value, Bounds);

    /// <summary>
    /// A first trial step the line search accepts: the guess when it is positive and finite (extrapolations such as
    /// alpha_{k-1} phi'_{k-1}(0) / phi'_k(0) can overflow or underflow when gradients become tiny), clamped to
    /// [1e-10, 1e10], and 1 otherwise.
    /// </summary>
    public static double SafeInitialStep(double guess) => guess > 0 && double.IsFinite(guess) ? Math.Clamp(guess, 1e-10, 1e10) : 1;

    /// <summary>Builds the result: the current point when a convergence test held there, otherwise the best point seen.</summary>
    public OptimizationResult Finish(TerminationReason reason)
    {
        bool converged = OptimizationResult.IsConvergence(reason);
        double[] minimizer = converged ? X : _bestX;
        double value = converged ? Value : _bestValue;
        double gradientNorm = converged ? Math.Sqrt(GradientNormSquared) : _bestGradientNorm;
        if (double.IsNaN(value))
        {
            // Nothing finite was ever seen (f(x0) was not finite): report x0 and what it gave.
            value = Value;
            gradientNorm = Math.Sqrt(VectorMath.NormSquared(Gradient));
        }

        return new OptimizationResult(
            _solverName, (double[])minimizer.Clone(), value, gradientNorm, Iteration, Objective.Counts,
            Stopwatch.GetElapsedTime(_startTimestamp), reason, Describe(reason), _trace ?? (IReadOnlyList<TraceEntry>)Array.Empty<TraceEntry>());
    }

    private void RecordIterate()
    {
        double gradientNorm = Math.Sqrt(GradientNormSquared);
        // A stalled iteration ends at the best f so far, not below it and not clearly above it (a diverging run
        // climbs away and is left to the other rules).
        bool stalled = Value >= _bestValue && Value - _bestValue <= 1e-10 * Math.Max(1, Math.Abs(_bestValue));
        _iterationsWithoutDecrease = stalled ? _iterationsWithoutDecrease + 1 : 0;
        if (!(Value >= _bestValue))
        {
            // Not "Value < best": the first finite value replaces the NaN placeholder.
            X.CopyTo(_bestX, 0);
            _bestValue = Value;
            _bestGradientNorm = gradientNorm;
        }

        _lastRecordedValue = Value;
        _trace?.Add(new TraceEntry(Iteration, Value, gradientNorm, LastStep));
    }

    private TerminationReason? CheckGradient()
    {
        double normSquared = GradientNormSquared;
        if (normSquared <= _stopping.SquaredGradientTolerance)
        {
            return TerminationReason.SquaredGradientTolerance;
        }

        double norm = Math.Sqrt(normSquared);
        if (norm <= _stopping.GradientNormTolerance)
        {
            return TerminationReason.GradientNormTolerance;
        }

        if (norm <= _stopping.ScaledGradientNormTolerance * Math.Max(1, Math.Abs(Value)))
        {
            return TerminationReason.ScaledGradientNormTolerance;
        }

        if (_stopping.RelativeSquaredGradientTolerance > 0
            && normSquared <= _stopping.RelativeSquaredGradientTolerance * _initialGradientNormSquared)
        {
            return TerminationReason.RelativeSquaredGradientTolerance;
        }

        return null;
    }

    private bool CallbackAsksToStop()
    {
        if (_options.Callback is not { } callback)
        {
            return false;
        }

        var state = new IterationState(Iteration, X, Gradient, Value, Math.Sqrt(GradientNormSquared), LastStep, Objective.Counts);
        return callback(state) == CallbackAction.Stop;
    }

    private TerminationReason? CheckBudgets()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return TerminationReason.Cancelled;
        }

        if (Iteration >= _stopping.MaxIterations)
        {
            return TerminationReason.MaxIterations;
        }

        if (Objective.Counts.Total >= _stopping.MaxEvaluations)
        {
            return TerminationReason.MaxEvaluations;
        }

        if (_stopping.TimeLimit is { } limit && Stopwatch.GetElapsedTime(_startTimestamp) >= limit)
        {
            return TerminationReason.TimeLimit;
        }

        return null;
    }

    private string Describe(TerminationReason reason)
    {
        FormattableString text = reason switch
        {
            TerminationReason.SquaredGradientTolerance => $"||g||^2 <= {_stopping.SquaredGradientTolerance:G3}",
            TerminationReason.GradientNormTolerance => $"||g|| <= {_stopping.GradientNormTolerance:G3}",
            TerminationReason.ScaledGradientNormTolerance => $"||g|| <= {_stopping.ScaledGradientNormTolerance:G3} max(1, |f|)",
            TerminationReason.RelativeSquaredGradientTolerance => $"||g||^2 <= {_stopping.RelativeSquaredGradientTolerance:G3} ||g0||^2",
            TerminationReason.FunctionChangeTolerance => $"|f change| <= {_stopping.FunctionChangeTolerance:G3} max(|f_k|, |f_k+1|, 1)",
            TerminationReason.MachinePrecision => $"converged to machine precision: f stopped changing at round-off with sum |g_i x_i| <= 1e-4 |f|",
            TerminationReason.StepTolerance => $"||step|| <= {_stopping.StepTolerance:G3} max(1, ||x||)",
            TerminationReason.Stalled => $"f stayed at its best value without decreasing for {_stopping.StallIterations} iterations in a row",
            TerminationReason.MaxIterations => $"reached the limit of {_stopping.MaxIterations} iterations",
            TerminationReason.MaxEvaluations => $"reached the limit of {_stopping.MaxEvaluations} evaluations",
            TerminationReason.TimeLimit => $"reached the time limit of {_stopping.TimeLimit}",
            TerminationReason.Cancelled => $"cancelled through the cancellation token",
            TerminationReason.StoppedByCallback => $"the iteration callback asked to stop",
            TerminationReason.LineSearchFailed => $"the line search found no step with sufficient decrease",
            TerminationReason.NonFiniteObjective => $"the objective or its gradient was NaN or infinite",
            _ => $"{reason}",
        };
        return text.ToString(CultureInfo.InvariantCulture);
    }
}
