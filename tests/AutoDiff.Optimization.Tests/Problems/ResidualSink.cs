using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>
/// Assembles f = sum r_i^2 and its exact derivatives from each residual's hand-written local gradient and Hessian:
/// grad f = 2 sum r_i grad r_i, and H v = 2 sum (grad r_i (grad r_i' v) + r_i (Hess r_i) v).
/// A residual reports the variables it touches, so sparse problems (extended Rosenbrock, n = 1000) stay O(n).
/// </summary>
public ref struct ResidualSink
{
    private readonly Span<double> _gradient;
    private readonly ReadOnlySpan<double> _direction;
    private readonly Span<double> _hessianTimesDirection;
    private readonly Span<double> _hessianRowMajor;
    private readonly int _n;

    private ResidualSink(int n, Span<double> gradient, ReadOnlySpan<double> direction, Span<double> hv, Span<double> hessian)
    {
        _n = n;
        _gradient = gradient;
        _direction = direction;
        _hessianTimesDirection = hv;
        _hessianRowMajor = hessian;
        gradient.Clear();
        hv.Clear();
        hessian.Clear();
        Value = 0;
    }

    /// <summary>f so far.</summary>
    public double Value { get; private set; }

    public static ResidualSink ForValue(int n) => new(n, default, default, default, default);

    public static ResidualSink ForGradient(Span<double> gradient) => new(gradient.Length, gradient, default, default, default);

    public static ResidualSink ForHessianVectorProduct(ReadOnlySpan<double> v, Span<double> hv) => new(v.Length, default, v, hv, default);

    public static ResidualSink ForHessian(int n, Span<double> hessianRowMajor) => new(n, default, default, default, hessianRowMajor);

    /// <summary>Adds one residual.</summary>
    /// <param name="r">The residual's value.</param>
    /// <param name="variables">The (0-based) variables it depends on.</param>
    /// <param name="gradient">dr/dx for those variables.</param>
    /// <param name="hessian">d2r/dx2 for those variables, row-major k x k; empty for a linear residual.</param>
    public void Add(double r, scoped ReadOnlySpan<int> variables, scoped ReadOnlySpan<double> gradient, scoped ReadOnlySpan<double> hessian)
    {
        int k = variables.Length;
        Value += r * r;
        if (!_gradient.IsEmpty)
        {
            for (int a = 0; a < k; a++)
            {
                _gradient[variables[a]] += 2 * r * gradient[a];
            }
        }

        if (!_hessianTimesDirection.IsEmpty)
        {
            double jv = 0;
            for (int a = 0; a < k; a++)
            {
                jv += gradient[a] * _direction[variables[a]];
            }

            for (int a = 0; a < k; a++)
            {
                double curvature = 0;
                for (int b = 0; b < k && !hessian.IsEmpty; b++)
                {
                    curvature += hessian[a * k + b] * _direction[variables[b]];
                }

                _hessianTimesDirection[variables[a]] += 2 * (gradient[a] * jv + r * curvature);
            }
        }

        if (!_hessianRowMajor.IsEmpty)
        {
            for (int a = 0; a < k; a++)
            {
                for (int b = 0; b < k; b++)
                {
                    double second = hessian.IsEmpty ? 0 : hessian[a * k + b];
                    _hessianRowMajor[variables[a] * _n + variables[b]] += 2 * (gradient[a] * gradient[b] + r * second);
                }
            }
        }
    }
}
