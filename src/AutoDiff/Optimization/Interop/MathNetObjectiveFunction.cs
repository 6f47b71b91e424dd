using System;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace AutoDiff.Optimization;

/// <summary>
/// Exposes an <see cref="Objective"/> as MathNet.Numerics' <see cref="IObjectiveFunction"/>, so MathNet's
/// minimisers (BFGS, L-BFGS, Newton, conjugate gradient) run on exact derivatives. <see cref="EvaluateAt"/>
/// computes f and the gradient in one call; the Hessian is computed on first access (from the dense Hessian
/// delegate, or from n Hessian-vector products) and cached for that point.
/// </summary>
/// <example><code>var result = new BfgsMinimizer(1e-8, 1e-8, 1e-8).FindMinimum(new MathNetObjectiveFunction(objective), x0);</code></example>
public sealed class MathNetObjectiveFunction : IObjectiveFunction
{
    private readonly Objective _objective;
    private Vector<double>? _point;
    private Vector<double>? _gradient;
    private Matrix<double>? _hessian;
    private double _value;

    /// <summary>Wraps <paramref name="objective"/>.</summary>
    /// <param name="objective">The objective.</param>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    public MathNetObjectiveFunction(Objective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _objective = objective;
    }

    /// <summary>The point last passed to <see cref="EvaluateAt"/>.</summary>
    /// <exception cref="InvalidOperationException"><see cref="EvaluateAt"/> was not called yet.</exception>
    public Vector<double> Point => _point ?? throw NotEvaluated();

    /// <summary>f at <see cref="Point"/>.</summary>
    public double Value => _point is null ? throw NotEvaluated() : _value;

    /// <summary>Always true: the objective has an exact gradient.</summary>
    public bool IsGradientSupported => true;

    /// <summary>The gradient at <see cref="Point"/>.</summary>
    public Vector<double> Gradient => _gradient ?? throw NotEvaluated();

    /// <summary>Whether the objective has a dense Hessian or Hessian-vector products.</summary>
    public bool IsHessianSupported => _objective.Hessian is not null || _objective.HessianVectorProduct is not null;

    /// <summary>The Hessian at <see cref="Point"/>, computed on first access.</summary>
    /// <exception cref="NotSupportedException">The objective has no second-order information.</exception>
    public Matrix<double> Hessian => _hessian ??= ComputeHessian();

    /// <summary>Evaluates f and the gradient at <paramref name="point"/>.</summary>
    /// <param name="point">The point.</param>
    /// <exception cref="ArgumentNullException"><paramref name="point"/> is null.</exception>
    public void EvaluateAt(Vector<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        double[] x = point.ToArray();
        var gradient = new double[x.Length];
        _value = _objective.Gradient(x, gradient);
        _point = point;
        _gradient = Vector<double>.Build.Dense(gradient);
        _hessian = null;
    }

    /// <summary>A new, unevaluated function over the same objective.</summary>
    /// <returns>The new function.</returns>
    public IObjectiveFunction CreateNew() => new MathNetObjectiveFunction(_objective);

    /// <summary>A copy that keeps this function's current point and values.</summary>
    /// <returns>The copy.</returns>
    public IObjectiveFunction Fork() => new MathNetObjectiveFunction(_objective)
    {
        _point = _point,
        _gradient = _gradient,
        _hessian = _hessian,
        _value = _value,
    };

    private Matrix<double> ComputeHessian()
    {
        double[] x = Point.ToArray();
        int n = x.Length;
        var rowMajor = new double[n * n];
        if (_objective.Hessian is { } hessian)
        {
            hessian(x, rowMajor);
        }
        else if (_objective.HessianVectorProduct is { } product)
        {
            var unit = new double[n];
            var column = new double[n];
            for (int j = 0; j < n; j++)
            {
                unit[j] = 1;
                product(x, unit, column);
                unit[j] = 0;
                for (int i = 0; i < n; i++)
                {
                    rowMajor[i * n + j] = column[i];
                }
            }
        }
        else
        {
            throw new NotSupportedException("The objective has no Hessian or Hessian-vector product.");
        }

        return Matrix<double>.Build.DenseOfRowMajor(n, n, rowMajor);
    }

    private static InvalidOperationException NotEvaluated() => new("Call EvaluateAt first.");
}
