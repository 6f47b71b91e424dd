using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Box constraints l &lt;= x &lt;= u, one pair per coordinate; an infinite bound leaves that side unbounded. Solvers that
/// take bounds project the start onto the box (a start outside is moved to the nearest point inside), keep every iterate
/// inside, and test convergence on the projected gradient: g_i counts as 0 where x_i sits on a bound and -g_i points
/// out of the box.
/// </summary>
/// <example><code>var box = new BoxBounds([1.0, 1.0], [2.0, 2.0]);   // [1, 2]^2</code></example>
public sealed class BoxBounds
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Creates the box; the spans are copied.</summary>
    /// <param name="lower">Lower bounds, -infinity for none.</param>
    /// <param name="upper">Upper bounds, +infinity for none; the same length as <paramref name="lower"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or are 0, a bound is NaN, or some lower bound exceeds its upper bound.</exception>
    public BoxBounds(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (lower.IsEmpty || lower.Length != upper.Length)
        {
            throw new ArgumentException($"Need equal, non-zero lengths; got {lower.Length} and {upper.Length}.", nameof(upper));
        }

        for (int i = 0; i < lower.Length; i++)
        {
            if (double.IsNaN(lower[i]) || double.IsNaN(upper[i]) || lower[i] > upper[i] || double.IsPositiveInfinity(lower[i]) || double.IsNegativeInfinity(upper[i]))
            {
                throw new ArgumentException($"Bound {i}: need -inf <= lower <= upper <= +inf with lower < +inf and upper > -inf; got [{lower[i]}, {upper[i]}].", nameof(lower));
            }
        }

        _lower = lower.ToArray();
        _upper = upper.ToArray();
    }

    /// <summary>The number of coordinates.</summary>
    public int Dimension => _lower.Length;

    /// <summary>The lower bounds.</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>The upper bounds.</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>Whether every bound is infinite (the box constrains nothing).</summary>
    public bool IsUnbounded
    {
        get
        {
            for (int i = 0; i < _lower.Length; i++)
            {
                if (double.IsFinite(_lower[i]) || double.IsFinite(_upper[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Moves <paramref name="x"/> to the nearest point of the box, coordinate by coordinate.</summary>
    /// <param name="x">The point, of length <see cref="Dimension"/>; changed in place.</param>
    public void Project(Span<double> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Math.Clamp(x[i], _lower[i], _upper[i]);
        }
    }

    /// <summary>||P(g)||^2 where P zeroes g_i when a bound holds x_i (see <see cref="Holds"/>).</summary>
    internal double ProjectedGradientNormSquared(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Holds(x, gradient, i) ? 0 : gradient[i] * gradient[i];
        }

        return sum;
    }

    /// <summary>Whether x_i is on its lower bound with g_i &gt; 0 or on its upper bound with g_i &lt; 0: -g_i points out of the box.</summary>
    internal bool Holds(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, int i) =>
        (x[i] <= _lower[i] && gradient[i] > 0) || (x[i] >= _upper[i] && gradient[i] < 0);

    /// <summary>Throws when the box does not fit a point of <paramref name="dimension"/> coordinates.</summary>
    internal void CheckDimension(int dimension, string parameterName)
    {
        if (dimension != Dimension)
        {
            throw new ArgumentException($"The bounds have {Dimension} coordinates, the start {dimension}.", parameterName);
        }
    }
}
