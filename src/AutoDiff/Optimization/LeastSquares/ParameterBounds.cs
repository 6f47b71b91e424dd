using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Box bounds lower &lt;= p &lt;= upper on the parameters; use infinities for a side without a bound. A starting point
/// outside the box is clipped onto it (documented choice: the run starts from the nearest feasible point).
/// </summary>
public sealed class ParameterBounds
{
    /// <summary>Creates the bounds, copying the arrays.</summary>
    /// <param name="lower">Lower bounds; <see cref="double.NegativeInfinity"/> for none. Not NaN.</param>
    /// <param name="upper">Upper bounds, as long as <paramref name="lower"/>; <see cref="double.PositiveInfinity"/> for none.</param>
    /// <exception cref="ArgumentException">A bound is NaN, the lengths differ, or a lower bound exceeds its upper bound.</exception>
    public ParameterBounds(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (upper.Length != lower.Length)
        {
            throw new ArgumentException($"Expected {lower.Length} upper bounds, as many as lower bounds; got {upper.Length}.", nameof(upper));
        }

        for (int j = 0; j < lower.Length; j++)
        {
            if (double.IsNaN(lower[j]) || lower[j] == double.PositiveInfinity)
            {
                throw new ArgumentException($"Lower bound {j} is {lower[j]}.", nameof(lower));
            }

            if (double.IsNaN(upper[j]) || upper[j] == double.NegativeInfinity || upper[j] < lower[j])
            {
                throw new ArgumentException($"Upper bound {j} is {upper[j]}, below lower bound {lower[j]} or not a number.", nameof(upper));
            }
        }

        Lower = lower.ToArray();
        Upper = upper.ToArray();
    }

    /// <summary>The lower bounds (a copy is kept; do not modify).</summary>
    public ReadOnlyMemory<double> Lower { get; }

    /// <summary>The upper bounds.</summary>
    public ReadOnlyMemory<double> Upper { get; }

    /// <summary>The number of parameters bounded.</summary>
    public int Count => Lower.Length;

    /// <summary>Bounds with only a lower limit on each parameter (for example 0 for positivity).</summary>
    /// <param name="lower">The lower bounds.</param>
    /// <returns>The bounds.</returns>
    public static ParameterBounds AtLeast(ReadOnlySpan<double> lower)
    {
        var upper = new double[lower.Length];
        Array.Fill(upper, double.PositiveInfinity);
        return new ParameterBounds(lower, upper);
    }

    /// <summary>Clips <paramref name="x"/> onto the box.</summary>
    internal void Project(Span<double> x)
    {
        ReadOnlySpan<double> lower = Lower.Span, upper = Upper.Span;
        for (int j = 0; j < x.Length; j++)
        {
            x[j] = Math.Clamp(x[j], lower[j], upper[j]);
        }
    }
}
