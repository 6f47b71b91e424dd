using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Wraps an <see cref="Objective"/> for one solver run and counts every delegate call. Each run creates its own,
/// so two runs on the same objective never share counters. Calls forward straight to the delegates: no allocation.
/// </summary>
public sealed class CountingObjective
{
    private int _values;
    private int _gradients;
    private int _hessianVectorProducts;
    private int _hessians;

    /// <summary>Starts counting evaluations of <paramref name="objective"/> from zero.</summary>
    /// <param name="objective">The objective to evaluate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    public CountingObjective(Objective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Objective = objective;
    }

    /// <summary>The wrapped objective.</summary>
    public Objective Objective { get; }

    /// <summary>The calls made so far.</summary>
    public EvaluationCounts Counts => new(_values, _gradients, _hessianVectorProducts, _hessians);

    /// <summary>Evaluates f(x).</summary>
    /// <param name="x">The point.</param>
    /// <returns>f(x).</returns>
    public double Value(ReadOnlySpan<double> x)
    {
        _values++;
        return Objective.Value(x);
    }

    /// <summary>Evaluates f(x) and writes the gradient.</summary>
    /// <param name="x">The point.</param>
    /// <param name="gradient">Receives the gradient.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> is not as long as <paramref name="x"/>.</exception>
    public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        RequireLength(gradient.Length, x.Length, nameof(gradient));
        _gradients++;
        return Objective.Gradient(x, gradient);
    }

    /// <summary>Evaluates H(x) v.</summary>
    /// <param name="x">The point.</param>
    /// <param name="v">The direction.</param>
    /// <param name="hv">Receives H(x) v.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="InvalidOperationException">The objective has no Hessian-vector product.</exception>
    /// <exception cref="ArgumentException"><paramref name="v"/> or <paramref name="hv"/> is not as long as <paramref name="x"/>.</exception>
    public double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        RequireLength(v.Length, x.Length, nameof(v));
        RequireLength(hv.Length, x.Length, nameof(hv));
        HessianVectorProductFunction product = Objective.HessianVectorProduct
            ?? throw new InvalidOperationException("The objective has no Hessian-vector product.");
        _hessianVectorProducts++;
        return product(x, v, hv);
    }

    /// <summary>Evaluates the dense Hessian.</summary>
    /// <param name="x">The point.</param>
    /// <param name="hessianRowMajor">Receives the n x n Hessian, row-major.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="InvalidOperationException">The objective has no dense Hessian.</exception>
    /// <exception cref="ArgumentException"><paramref name="hessianRowMajor"/> does not hold n x n values.</exception>
    public double Hessian(ReadOnlySpan<double> x, Span<double> hessianRowMajor)
    {
        RequireLength(hessianRowMajor.Length, x.Length * x.Length, nameof(hessianRowMajor));
        HessianFunction hessian = Objective.Hessian
            ?? throw new InvalidOperationException("The objective has no dense Hessian.");
        _hessians++;
        return hessian(x, hessianRowMajor);
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected length {expected}, got {actual}.", name);
        }
    }
}
