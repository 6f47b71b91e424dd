using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The step test of a trust-region method (Nocedal and Wright, Algorithm 4.1), shared by
/// <see cref="TrustRegionNewtonSolver"/> and dense Newton's trust-region fallback: evaluate x + p, take
/// rho = actual / predicted reduction, shrink the radius to a quarter of the step when rho &lt; 1/4, double it (up to a
/// maximum) when rho &gt; 3/4 and the step reached the boundary, and accept the step when rho &gt; eta. Trials that tie f
/// to round-off, or a radius below the round-off of x, mean no decrease can be found.
/// </summary>
internal sealed class TrustRegionTrial(int n)
{
    private readonly double[] _trialX = new double[n];
    private readonly double[] _trialGradient = new double[n];
    private int _ties;

    /// <summary>What a trial led to.</summary>
    public enum Outcome
    {
        /// <summary>The step was taken: the run is at x + p (the iteration is not completed yet).</summary>
        Accepted,

        /// <summary>The step was refused; try again with the new radius.</summary>
        Rejected,

        /// <summary>Refused, and no decrease can be found at round-off: end with <see cref="SolverRun.NoDecreaseReason"/>.</summary>
        NoDecrease,
    }

    /// <summary>Whether a trial since the last accepted step gave a NaN or infinite value or gradient.</summary>
    public bool SawNonFinite { get; private set; }

    /// <summary>Tries the step <paramref name="p"/>, whose model reduction is <paramref name="predicted"/>, and resizes <paramref name="radius"/>.</summary>
    public Outcome Try(
        SolverRun run, double[] p, double predicted, bool onBoundary, ref double radius, double maxRadius, double acceptanceThreshold)
    {
        VectorMath.PointAlong(run.X, 1, p, _trialX);
        double trialValue = run.Objective.Gradient(_trialX, _trialGradient);
        bool finite = double.IsFinite(trialValue) && VectorMath.AllFinite(_trialGradient);
        SawNonFinite |= !finite;
        double rho = finite && predicted > 0 ? (run.Value - trialValue) / predicted : double.NegativeInfinity;
        double stepLength = Math.Sqrt(VectorMath.NormSquared(p));
        if (rho < 0.25)
        {
            radius = 0.25 * stepLength;
        }
        else if (rho > 0.75 && onBoundary)
        {
            radius = Math.Min(2 * radius, maxRadius);
        }

        if (rho > acceptanceThreshold)
        {
            _trialX.CopyTo(run.X, 0);
            _trialGradient.CopyTo(run.Gradient, 0);
            run.Value = trialValue;
            run.LastStep = 1;
            run.LastStepLength = stepLength;
            _ties = 0;
            SawNonFinite = false;
            return Outcome.Accepted;
        }

        _ties = finite && RoundOff.Ties(trialValue, run.Value) ? _ties + 1 : 0;
        return _ties >= RoundOff.TiesBeforeGivingUp
            || radius <= StoppingCriteria.MachineEpsilon * Math.Max(1, Math.Sqrt(VectorMath.NormSquared(run.X)))
            ? Outcome.NoDecrease
            : Outcome.Rejected;
    }
}
