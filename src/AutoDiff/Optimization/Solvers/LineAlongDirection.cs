using System;

namespace AutoDiff.Optimization;

/// <summary>
/// phi(a) = f(x + a p) over a solver's buffers. It remembers its last trial so that accepting the step the line
/// search ended on reuses that evaluation instead of repeating it. Allocated once per run; no allocation per call.
/// </summary>
internal sealed class LineAlongDirection : ILineFunction
{
    private readonly SolverRun _run;
    private readonly double[] _trialX;
    private readonly double[] _trialGradient;
    private double _lastStep = double.NaN;
    private double _lastValue;
    private bool _lastHasGradient;

    public LineAlongDirection(SolverRun run)
    {
        _run = run;
        _trialX = new double[run.Dimension];
        _trialGradient = new double[run.Dimension];
        Direction = new double[run.Dimension];
    }

    /// <summary>The search direction p; solvers write it before each search.</summary>
    public double[] Direction { get; }

    /// <summary>
    /// Runs <paramref name="lineSearch"/> from the run's current point along <see cref="Direction"/>, whose slope is
    /// phi'(0) = <paramref name="slope"/>. A slope that is not finite (g'p overflowed although g is finite, as on an
    /// objective unbounded below) is a numerical event in the objective, not a bad argument: it gives a failed search
    /// that saw a non-finite value, so the solver ends with <see cref="TerminationReason.NonFiniteObjective"/> at its
    /// best point instead of the line search's <see cref="ArgumentException"/>.
    /// </summary>
    public LineSearchResult Search(ILineSearch lineSearch, double slope, double initialStep) =>
        double.IsFinite(slope) && double.IsFinite(_run.Value)
            ? lineSearch.Search(this, _run.Value, slope, initialStep)
            : new LineSearchResult(LineSearchStatus.Failed, 0, _run.Value, slope, 0, SawNonFiniteValue: true);

    /// <summary>
    /// As <see cref="Search(ILineSearch, double, double)"/>, with no step beyond <paramref name="maxStep"/>: the strong
    /// Wolfe search is capped there; the other searches start at most there and, when they extrapolate past it, see
    /// the path projected onto the box (every trial point is projected), so no trial leaves the box either way.
    /// </summary>
    public LineSearchResult Search(ILineSearch lineSearch, double slope, double initialStep, double maxStep)
    {
        if (!double.IsFinite(slope) || !double.IsFinite(_run.Value))
        {
            return new LineSearchResult(LineSearchStatus.Failed, 0, _run.Value, slope, 0, SawNonFiniteValue: true);
        }

        double initial = Math.Min(initialStep, maxStep);
        return lineSearch is StrongWolfeLineSearch wolfe
            ? wolfe.SearchUpTo(this, _run.Value, slope, initial, maxStep)
            : lineSearch.Search(this, _run.Value, slope, initial);
    }

    public double Value(double step)
    {
        VectorMath.PointAlong(_run.X, step, Direction, _trialX);
        _run.Bounds?.Project(_trialX); // only rounding: bounded solvers keep x + a p inside the box themselves
        _lastStep = step;
        _lastHasGradient = false;
        _lastValue = _run.Objective.Value(_trialX);
        return _lastValue;
    }

    public double ValueAndDerivative(double step, out double derivative)
    {
        VectorMath.PointAlong(_run.X, step, Direction, _trialX);
        _run.Bounds?.Project(_trialX); // only rounding: bounded solvers keep x + a p inside the box themselves
        _lastStep = step;
        _lastHasGradient = true;
        _lastValue = _run.Objective.Gradient(_trialX, _trialGradient);
        derivative = VectorMath.Dot(_trialGradient, Direction);
        return _lastValue;
    }

    /// <summary>
    /// Moves the run to x + step p with its value and gradient, reusing the last trial when it was at this step.
    /// Returns false, leaving the run where it was, when f or the gradient there is not finite.
    /// </summary>
    public bool TryMoveRun(double step)
    {
        if (!(step == _lastStep && _lastHasGradient))
        {
            VectorMath.PointAlong(_run.X, step, Direction, _trialX);
            _run.Bounds?.Project(_trialX); // only rounding: bounded solvers keep x + a p inside the box themselves
            _lastStep = step;
            _lastHasGradient = true;
            _lastValue = _run.Objective.Gradient(_trialX, _trialGradient);
        }

        if (!double.IsFinite(_lastValue) || !VectorMath.AllFinite(_trialGradient))
        {
            return false;
        }

        _trialX.CopyTo(_run.X, 0);
        _trialGradient.CopyTo(_run.Gradient, 0);
        _run.Value = _lastValue;
        _run.LastStep = step;
        _run.LastStepLength = Math.Abs(step) * Math.Sqrt(VectorMath.NormSquared(Direction));
        _lastStep = double.NaN; // x moved, so the remembered trial no longer lies on this line
        return true;
    }
}
