namespace AutoDiff.Optimization;

/// <summary>How a line search ended.</summary>
public enum LineSearchStatus
{
    /// <summary>Every condition the search promises holds at the returned step.</summary>
    Satisfied,

    /// <summary>The budget ran out; the returned step satisfies sufficient decrease (Armijo) but not the curvature condition.</summary>
    SufficientDecreaseOnly,

    /// <summary>No step with sufficient decrease was found; the returned step is 0.</summary>
    Failed,

    /// <summary>phi'(0) &gt;= 0, so p is not a descent direction; the returned step is 0.</summary>
    NotDescentDirection,
}

/// <summary>The outcome of a line search.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Step">The accepted step, or 0 when none. Never a step where phi was not finite.</param>
/// <param name="Value">phi(Step).</param>
/// <param name="Slope">phi'(Step), or NaN when the search did not evaluate it (value-only searches).</param>
/// <param name="Evaluations">How many trial steps were evaluated.</param>
/// <param name="SawNonFiniteValue">Whether some trial step gave NaN or infinity (and was shrunk away from).</param>
public readonly record struct LineSearchResult(
    LineSearchStatus Status, double Step, double Value, double Slope, int Evaluations, bool SawNonFiniteValue)
{
    /// <summary>Whether the step can be taken: it is positive and satisfies at least sufficient decrease.</summary>
    public bool IsAcceptable => Step > 0 && Status is LineSearchStatus.Satisfied or LineSearchStatus.SufficientDecreaseOnly;
}
