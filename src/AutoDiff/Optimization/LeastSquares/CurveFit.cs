using System;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// Fits a scalar model y = f(p, x) to data in one call, as scipy's <c>curve_fit</c>: minimises
/// sum w_i (f(p, x_i) - y_i)^2 with <see cref="LevenbergMarquardtSolver"/>, the Jacobian built row by row from the
/// model's gradient (the generated <c>ModelGradient</c> of a <c>[Differentiable]</c> model, passed as a method group),
/// and returns the parameters with their standard errors and the residuals.
/// </summary>
/// <example><code>
/// [Differentiable]
/// public static double Decay(ReadOnlySpan&lt;double&gt; p, [Constant] double x) =&gt; p[0] * (1 - Math.Exp(-p[1] * x));
///
/// CurveFitResult fit = CurveFit.Fit(Models.DecayGradient, x, y, initialGuess: [500, 1e-4]);
/// Console.WriteLine($"{fit.Parameters[0]} +/- {fit.StandardErrors?[0]}");
/// </code></example>
public static class CurveFit
{
    /// <summary>Fits <paramref name="modelGradient"/> to (x, y).</summary>
    /// <param name="modelGradient">f(p, x) with its gradient in p (one Jacobian row per data point).</param>
    /// <param name="x">The independent variable, one value per observation.</param>
    /// <param name="y">The observations, as many as <paramref name="x"/>.</param>
    /// <param name="initialGuess">p0: non-empty and finite; clipped onto <paramref name="bounds"/> when outside.</param>
    /// <param name="weights">Optional positive weights w_i (1 / sigma_i^2 for known measurement errors), as many as <paramref name="x"/>; empty for all 1.</param>
    /// <param name="bounds">Optional box bounds on p.</param>
    /// <param name="options">Solver options; null for MINPACK's defaults.</param>
    /// <param name="cancellationToken">Checked after every trial step.</param>
    /// <returns>The fit: parameters, standard errors, residuals y - f and the solver's result.</returns>
    /// <exception cref="ArgumentException">An argument is null, empty, not finite or of the wrong length, or a weight is not positive.</exception>
    public static CurveFitResult Fit(
        ModelGradientFunction modelGradient, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> initialGuess,
        ReadOnlySpan<double> weights = default, ParameterBounds? bounds = null, LevenbergMarquardtOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelGradient);
        if (x.IsEmpty)
        {
            throw new ArgumentException("There must be at least one observation.", nameof(x));
        }

        if (y.Length != x.Length)
        {
            throw new ArgumentException($"Expected {x.Length} observations, as many as x values; got {y.Length}.", nameof(y));
        }

        if (!VectorMath.AllFinite(x))
        {
            throw new ArgumentException("x must be finite.", nameof(x));
        }

        if (!VectorMath.AllFinite(y))
        {
            throw new ArgumentException("y must be finite.", nameof(y));
        }

        if (!weights.IsEmpty && weights.Length != x.Length)
        {
            throw new ArgumentException($"Expected {x.Length} weights or none; got {weights.Length}.", nameof(weights));
        }

        foreach (double w in weights)
        {
            if (!(w > 0) || !double.IsFinite(w))
            {
                throw new ArgumentException("Weights must be positive and finite.", nameof(weights));
            }
        }

        LevenbergMarquardtSolver.CheckStart(initialGuess, bounds);
        var model = new WeightedModel(modelGradient, x.ToArray(), y.ToArray(), weights.IsEmpty ? null : weights.ToArray(), initialGuess.Length);
        LeastSquaresResult result = new LevenbergMarquardtSolver(options)
            .Minimize(model.Residuals, model.Jacobian, x.Length, initialGuess, bounds, cancellationToken);
        var residuals = new double[x.Length];
        var gradient = new double[initialGuess.Length];
        for (int i = 0; i < x.Length; i++)
        {
            residuals[i] = y[i] - modelGradient(result.Parameters, x[i], gradient);
        }

        return new CurveFitResult(result, residuals);
    }

    /// <summary>Fits from MathNet vectors; see <see cref="Fit(ModelGradientFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ParameterBounds?, LevenbergMarquardtOptions?, CancellationToken)"/>.</summary>
    /// <param name="modelGradient">f(p, x) with its gradient in p.</param>
    /// <param name="x">The independent variable.</param>
    /// <param name="y">The observations.</param>
    /// <param name="initialGuess">p0.</param>
    /// <param name="weights">Optional weights, or null.</param>
    /// <param name="bounds">Optional box bounds.</param>
    /// <param name="options">Solver options, or null.</param>
    /// <param name="cancellationToken">Checked after every trial step.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static CurveFitResult Fit(
        ModelGradientFunction modelGradient, Vector<double> x, Vector<double> y, Vector<double> initialGuess,
        Vector<double>? weights = null, ParameterBounds? bounds = null, LevenbergMarquardtOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(initialGuess);
        return Fit(modelGradient, x.ToArray(), y.ToArray(), initialGuess.ToArray(), weights?.ToArray(), bounds, options, cancellationToken);
    }

    /// <summary>r_i = sqrt(w_i) (f(p, x_i) - y_i) and its Jacobian row sqrt(w_i) grad f(p, x_i).</summary>
    private sealed class WeightedModel(ModelGradientFunction model, double[] x, double[] y, double[]? weights, int n)
    {
        private readonly double[] _gradient = new double[n];

        public void Residuals(ReadOnlySpan<double> p, Span<double> r)
        {
            for (int i = 0; i < x.Length; i++)
            {
                r[i] = Weight(i) * (model(p, x[i], _gradient) - y[i]);
            }
        }

        public void Jacobian(ReadOnlySpan<double> p, Span<double> jacobian)
        {
            for (int i = 0; i < x.Length; i++)
            {
                Span<double> row = jacobian.Slice(i * n, n);
                model(p, x[i], row);
                VectorMath.Scale(row, Weight(i));
            }
        }

        private double Weight(int i) => weights is null ? 1 : Math.Sqrt(weights[i]);
    }
}

/// <summary>The outcome of <see cref="CurveFit.Fit(ModelGradientFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ParameterBounds?, LevenbergMarquardtOptions?, CancellationToken)"/>.</summary>
public sealed class CurveFitResult
{
    internal CurveFitResult(LeastSquaresResult result, double[] residuals)
    {
        Result = result;
        Residuals = residuals;
    }

    /// <summary>The fitted parameters.</summary>
    public double[] Parameters => Result.Parameters;

    /// <summary>The parameters' standard errors sqrt(diag((J'WJ)^-1) s^2), or null when J is rank-deficient or m &lt;= n (see <see cref="Uncertainty"/>).</summary>
    public double[]? StandardErrors => Result.Uncertainty?.StandardErrors;

    /// <summary>y_i - f(p, x_i) at the fitted parameters (unweighted).</summary>
    public double[] Residuals { get; }

    /// <summary>Covariance, correlations and the reason they may be missing.</summary>
    public ParameterUncertainty? Uncertainty => Result.Uncertainty;

    /// <summary>The solver's full result: weighted residual sum of squares, counts, reason.</summary>
    public LeastSquaresResult Result { get; }

    /// <summary>True when the solver converged.</summary>
    public bool Converged => Result.Converged;

    /// <summary>The solver's summary.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Result.ToString();
}
