using System;

namespace AutoDiff.Optimization;

/// <summary>
/// When line-search trial values have stopped changing: a value within 4 eps |reference| of the reference is the same
/// number up to the round-off of computing f, and after <see cref="TiesBeforeGivingUp"/> such trials in a row the
/// searches stop instead of spending the rest of their trial budget (40 or 50 calls) on noise.
/// </summary>
internal static class RoundOff
{
    public const int TiesBeforeGivingUp = 3;

    public static bool Ties(double value, double reference) =>
        double.IsFinite(value) && Math.Abs(value - reference) <= 4 * StoppingCriteria.MachineEpsilon * Math.Abs(reference);
}
