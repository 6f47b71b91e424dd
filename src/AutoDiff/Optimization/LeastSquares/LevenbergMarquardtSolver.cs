using System;
using System.Diagnostics;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// Levenberg-Marquardt for min 1/2 sum rho(r_i(p)^2) over lower &lt;= p &lt;= upper, in the scaled trust-region form of
/// More (1978) as MINPACK's <c>lmder</c> implements it: each iteration factors J P = Q R once (Householder, column
/// pivoting), then finds the step p solving min ||r + J p|| subject to ||D p|| &lt;= delta through the
/// Levenberg-Marquardt parameter (<c>lmpar</c>), with D the running maximum of J's column norms; the radius grows or
/// shrinks with the ratio of actual to predicted reduction. Stops on relative reduction (ftol), relative step (xtol)
/// or the cosine between r and J's columns (gtol), as MINPACK does.
/// <para>
/// Bounds are handled by projection, in the spirit of scipy's trf: a parameter on a bound whose gradient J'r pushes
/// it outward is held fixed for the iteration (its column dropped from J), the step of the others is computed as
/// above, and the trial point is clipped onto the box; the predicted reduction is then that of the clipped step.
/// Robust losses rescale r and J as scipy does (see <see cref="RobustLoss"/>).
/// </para>
/// <para>
/// Arguments are checked up front (<see cref="ArgumentException"/> naming the argument); a run never throws for
/// numerical trouble. A residual or Jacobian with NaN or infinity at the start ends the run with
/// <see cref="TerminationReason.NonFiniteObjective"/>; at a trial point it counts as a failed step (the region shrinks).
/// </para>
/// </summary>
/// <example><code>
/// var result = new LevenbergMarquardtSolver().Minimize(Residuals, Jacobian, residualCount: m, initialGuess: [1.0, 0.1]);
/// double[]? errors = result.Uncertainty?.StandardErrors;
/// </code></example>
public sealed class LevenbergMarquardtSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for MINPACK's defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public LevenbergMarquardtSolver(LevenbergMarquardtOptions? options = null)
    {
        Options = options ?? new LevenbergMarquardtOptions();
        Options.Validate();
    }

    /// <summary>The solver's name, as printed in results.</summary>
    public string Name => "Levenberg-Marquardt";

    /// <summary>The options this solver runs with.</summary>
    public LevenbergMarquardtOptions Options { get; }

    /// <summary>Minimises the cost of the residuals <paramref name="residuals"/> from <paramref name="initialGuess"/>.</summary>
    /// <param name="residuals">Writes the m residuals r(p).</param>
    /// <param name="jacobian">Writes J(p), m x n row-major.</param>
    /// <param name="residualCount">m, the number of residuals (at least 1).</param>
    /// <param name="initialGuess">p0: non-empty and finite; copied, never modified. Clipped onto <paramref name="bounds"/> when outside.</param>
    /// <param name="bounds">Box bounds on the parameters, or null for none.</param>
    /// <param name="cancellationToken">Checked after every trial step; cancelling returns a result with reason <see cref="TerminationReason.Cancelled"/>.</param>
    /// <returns>The parameters found, residuals, cost, work done, why the run stopped and the parameters' uncertainty.</returns>
    /// <exception cref="ArgumentException">An argument is null, empty, not finite, or of the wrong length.</exception>
    public LeastSquaresResult Minimize(
        ResidualFunction residuals, JacobianFunction jacobian, int residualCount, ReadOnlySpan<double> initialGuess,
        ParameterBounds? bounds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(jacobian);
        if (residualCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(residualCount), residualCount, "Must be positive.");
        }

        CheckStart(initialGuess, bounds);
        return new Run(this, residuals, jacobian, residualCount, initialGuess, bounds, cancellationToken).Solve();
    }

    /// <summary>Minimises from a MathNet vector; see <see cref="Minimize(ResidualFunction, JacobianFunction, int, ReadOnlySpan{double}, ParameterBounds?, CancellationToken)"/>.</summary>
    /// <param name="residuals">Writes the m residuals r(p).</param>
    /// <param name="jacobian">Writes J(p), m x n row-major.</param>
    /// <param name="residualCount">m.</param>
    /// <param name="initialGuess">p0.</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="cancellationToken">Checked after every trial step.</param>
    /// <returns>The result; <see cref="LeastSquaresResult.ParameterVector"/> gives the parameters as a vector.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public LeastSquaresResult Minimize(
        ResidualFunction residuals, JacobianFunction jacobian, int residualCount, Vector<double> initialGuess,
        ParameterBounds? bounds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialGuess);
        return Minimize(residuals, jacobian, residualCount, initialGuess.ToArray(), bounds, cancellationToken);
    }

    internal static void CheckStart(ReadOnlySpan<double> initialGuess, ParameterBounds? bounds)
    {
        if (initialGuess.IsEmpty)
        {
            throw new ArgumentException("The starting point must not be empty.", nameof(initialGuess));
        }

        if (!VectorMath.AllFinite(initialGuess))
        {
            throw new ArgumentException("The starting point must be finite (no NaN or infinity).", nameof(initialGuess));
        }

        if (bounds is not null && bounds.Count != initialGuess.Length)
        {
            throw new ArgumentException($"Expected bounds on {initialGuess.Length} parameters; got {bounds.Count}.", nameof(bounds));
        }
    }

    internal static string Describe(TerminationReason reason) => reason switch
    {
        TerminationReason.FunctionChangeTolerance => "the actual and predicted relative reductions of the cost are at most ftol",
        TerminationReason.StepTolerance => "the relative change of the parameters is at most xtol",
        TerminationReason.GradientNormTolerance => "the residuals are orthogonal to the Jacobian's columns within gtol",
        TerminationReason.ResidualTolerance => "the residuals are zero",
        TerminationReason.MaxEvaluations => "the residual evaluation budget ran out",
        TerminationReason.Stalled => "no further reduction is possible at machine precision (the tolerances are too small)",
        TerminationReason.Cancelled => "cancelled",
        TerminationReason.NonFiniteObjective => "the residuals or the Jacobian are not finite at the starting point",
        _ => reason.ToString(),
    };

    /// <summary>One run's buffers and state; the loop is MINPACK lmder's, statement for statement where it can be.</summary>
    private sealed class Run
    {
        private const double Epsilon = PivotedQr.MachineEpsilon;
        private readonly LevenbergMarquardtSolver _solver;
        private readonly LevenbergMarquardtOptions _options;
        private readonly ResidualFunction _residuals;
        private readonly JacobianFunction _jacobian;
        private readonly ParameterBounds? _bounds;
        private readonly CancellationToken _cancellationToken;
        private readonly long _start = Stopwatch.GetTimestamp();
        private readonly int _m, _n, _ld; // residuals, parameters, and rows of the factored matrix (m padded to n)
        private readonly double[] _x, _f, _trialX, _trialF, _jacobianRows, _a, _scaledF, _qtf, _diag, _step, _work;
        private readonly double[] _rdiag, _columnNorms, _gradient;
        private readonly int[] _permutation;
        private readonly bool[] _fixed;
        private readonly LevenbergMarquardtParameter _lmpar;
        private int _residualEvaluations, _jacobianEvaluations, _iterations;
        private double _gradientNorm;

        public Run(
            LevenbergMarquardtSolver solver, ResidualFunction residuals, JacobianFunction jacobian, int m,
            ReadOnlySpan<double> initialGuess, ParameterBounds? bounds, CancellationToken cancellationToken)
        {
            _solver = solver;
            _options = solver.Options;
            _residuals = residuals;
            _jacobian = jacobian;
            _bounds = bounds;
            _cancellationToken = cancellationToken;
            _m = m;
            _n = initialGuess.Length;
            _ld = Math.Max(m, _n); // MINPACK needs m >= n; zero rows change nothing when m < n
            _x = initialGuess.ToArray();
            bounds?.Project(_x);
            _f = new double[m];
            _trialF = new double[m];
            _trialX = new double[_n];
            _jacobianRows = new double[m * _n];
            _a = new double[_ld * _n];
            _scaledF = new double[_ld];
            _qtf = new double[_ld];
            _diag = new double[_n];
            _step = new double[_n];
            _work = new double[_n];
            _rdiag = new double[_n];
            _columnNorms = new double[_n];
            _gradient = new double[_n];
            _permutation = new int[_n];
            _fixed = new bool[_n];
            _lmpar = new LevenbergMarquardtParameter(_n);
        }

        public LeastSquaresResult Solve()
        {
            int n = _n, ld = _ld;
            int maxEvaluations = _options.MaxResidualEvaluations > 0 ? _options.MaxResidualEvaluations : 100 * (n + 1);
            if (!Evaluate(_x, _f))
            {
                return Finish(TerminationReason.NonFiniteObjective);
            }

            double fnorm = Math.Sqrt(RobustLossFunction.TwiceCost(_options.Loss, _options.LossScale, _f));
            double par = 0, delta = 0, xnorm = 0;
            bool first = true;
            while (true)
            {
                // Outer iteration: the Jacobian at x, its pivoted QR, and the scaling.
                if (!FactorJacobian())
                {
                    return Finish(TerminationReason.NonFiniteObjective);
                }

                if (first)
                {
                    for (int j = 0; j < n; j++)
                    {
                        _diag[j] = _options.ScaleByJacobian && _columnNorms[j] != 0 ? _columnNorms[j] : 1;
                    }

                    xnorm = ScaledNorm(_x);
                    delta = _options.InitialStepBound * xnorm;
                    if (delta == 0)
                    {
                        delta = _options.InitialStepBound;
                    }
                }

                double scaledNorm = PivotedQr.Norm(_scaledF);
                if (scaledNorm == 0)
                {
                    return Finish(TerminationReason.ResidualTolerance);
                }

                // gnorm: the largest cosine between the residuals and a column of J.
                double gnorm = 0;
                for (int j = 0; j < n; j++)
                {
                    int l = _permutation[j];
                    if (_columnNorms[l] != 0)
                    {
                        double sum = 0;
                        for (int i = 0; i <= j; i++)
                        {
                            sum += _a[j * ld + i] * (_qtf[i] / scaledNorm);
                        }

                        gnorm = Math.Max(gnorm, Math.Abs(sum / _columnNorms[l]));
                    }
                }

                if (gnorm <= _options.GradientTolerance)
                {
                    return Finish(TerminationReason.GradientNormTolerance);
                }

                if (_options.ScaleByJacobian)
                {
                    for (int j = 0; j < n; j++)
                    {
                        _diag[j] = Math.Max(_diag[j], _columnNorms[j]);
                    }
                }

                // Inner iteration: trial steps from this factorisation until one reduces the cost enough.
                while (true)
                {
                    par = _lmpar.Solve(_a, ld, _permutation, _diag, _qtf, delta, par, _step);
                    bool projected = false;
                    for (int j = 0; j < n; j++)
                    {
                        _step[j] = _fixed[j] ? 0 : -_step[j];
                        _trialX[j] = _x[j] + _step[j];
                    }

                    if (_bounds is not null)
                    {
                        _bounds.Project(_trialX);
                        for (int j = 0; j < n; j++)
                        {
                            double clipped = _trialX[j] - _x[j];
                            projected |= clipped != _step[j];
                            _step[j] = clipped;
                        }
                    }

                    double pnorm = ScaledNorm(_step);
                    if (first)
                    {
                        delta = Math.Min(delta, pnorm);
                    }

                    bool finite = Evaluate(_trialX, _trialF);
                    double fnorm1 = finite
                        ? Math.Sqrt(RobustLossFunction.TwiceCost(_options.Loss, _options.LossScale, _trialF))
                        : double.PositiveInfinity;
                    double actred = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) : -1;

                    // Predicted reduction of the linear model ||r + J p||^2 relative to the cost: for the
                    // Levenberg-Marquardt step, ||J p||^2 + 2 par ||D p||^2 (More's form, free of cancellation);
                    // for a clipped step, -(2 r'J p + ||J p||^2), with J p = Q R P'p.
                    double jpSquared = RTimesPermutedStep(out double residualDotJp);
                    double fnormSquared = fnorm * fnorm;
                    double prered, dirder;
                    if (!projected)
                    {
                        prered = (jpSquared + 2 * par * pnorm * pnorm) / fnormSquared;
                        dirder = -(jpSquared + par * pnorm * pnorm) / fnormSquared;
                    }
                    else
                    {
                        prered = -(2 * residualDotJp + jpSquared) / fnormSquared;
                        dirder = residualDotJp / fnormSquared;
                    }

                    double ratio = prered > 0 ? actred / prered : 0;

                    // Update the trust-region radius (More 1978, section 4).
                    if (ratio <= 0.25)
                    {
                        double temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred);
                        if (0.1 * fnorm1 >= fnorm || temp < 0.1 || !double.IsFinite(temp))
                        {
                            temp = 0.1;
                        }

                        delta = temp * Math.Min(delta, pnorm / 0.1);
                        par /= temp;
                    }
                    else if (par == 0 || ratio >= 0.75)
                    {
                        delta = pnorm / 0.5;
                        par *= 0.5;
                    }

                    bool accepted = ratio >= 1e-4;
                    if (accepted)
                    {
                        _trialX.CopyTo(_x, 0);
                        _trialF.CopyTo(_f, 0);
                        xnorm = ScaledNorm(_x);
                        fnorm = fnorm1;
                        _iterations++;
                    }

                    first = false;

                    // Convergence tests.
                    bool ftol = Math.Abs(actred) <= _options.FunctionTolerance && prered > 0 && prered <= _options.FunctionTolerance && 0.5 * ratio <= 1;
                    if (ftol)
                    {
                        return Finish(TerminationReason.FunctionChangeTolerance);
                    }

                    // MINPACK's relative test delta <= xtol ||D x||, with scipy's floor xtol^2 so that a solution at
                    // the origin (where the relative test can never hold) also stops.
                    if (delta <= _options.StepTolerance * (_options.StepTolerance + xnorm))
                    {
                        return Finish(TerminationReason.StepTolerance);
                    }

                    if (fnorm == 0)
                    {
                        return Finish(TerminationReason.ResidualTolerance);
                    }

                    // Tests for termination and stringent tolerances.
                    if (_residualEvaluations >= maxEvaluations)
                    {
                        return Finish(TerminationReason.MaxEvaluations);
                    }

                    if ((Math.Abs(actred) <= Epsilon && prered <= Epsilon && 0.5 * ratio <= 1)
                        || delta <= Epsilon * xnorm || gnorm <= Epsilon)
                    {
                        return Finish(TerminationReason.Stalled);
                    }

                    if (_cancellationToken.IsCancellationRequested)
                    {
                        return Finish(TerminationReason.Cancelled);
                    }

                    if (accepted)
                    {
                        break;
                    }
                }
            }
        }

        /// <summary>Evaluates r at x into f; false when a value is NaN or infinite.</summary>
        private bool Evaluate(double[] x, double[] f)
        {
            _residualEvaluations++;
            _residuals(x, f);
            return VectorMath.AllFinite(f);
        }

        /// <summary>
        /// J at x, scaled for the loss, with the columns of parameters held on a bound zeroed; factors it as J P = Q R
        /// and forms Q'r. False when J is not finite.
        /// </summary>
        private bool FactorJacobian()
        {
            int m = _m, n = _n, ld = _ld;
            _jacobianEvaluations++;
            _jacobian(_x, _jacobianRows);
            if (!VectorMath.AllFinite(_jacobianRows))
            {
                return false;
            }

            PivotedQr.LoadColumnMajor(_jacobianRows, m, n, _a, ld);
            Array.Clear(_scaledF);

            _f.CopyTo(_scaledF, 0);
            if (_options.Loss != RobustLoss.Linear)
            {
                RobustLossFunction.ScaleResidualsAndJacobian(_options.Loss, _options.LossScale, _scaledF.AsSpan(0, m), _a, ld, n);
            }

            // The gradient J'r; a parameter on a bound that the gradient pushes outward is held there.
            ReadOnlySpan<double> lower = _bounds is null ? default : _bounds.Lower.Span;
            ReadOnlySpan<double> upper = _bounds is null ? default : _bounds.Upper.Span;
            for (int j = 0; j < n; j++)
            {
                double g = VectorMath.Dot(_a.AsSpan(j * ld, ld), _scaledF);
                _fixed[j] = _bounds is not null && ((_x[j] <= lower[j] && g > 0) || (_x[j] >= upper[j] && g < 0));
                if (_fixed[j])
                {
                    Array.Clear(_a, j * ld, ld);
                    g = 0;
                }

                _gradient[j] = g;
            }

            _gradientNorm = PivotedQr.Norm(_gradient);
            PivotedQr.Factor(ld, n, _a, pivot: true, _permutation, _rdiag, _columnNorms, _work);
            _scaledF.CopyTo(_qtf, 0);
            PivotedQr.ApplyQTransposeAndStoreR(ld, n, _a, _rdiag, _qtf);
            return true;
        }

        /// <summary>||D v||.</summary>
        private double ScaledNorm(double[] v) => PivotedQr.ScaledNorm(_diag, v, _work);

        /// <summary>w = R P'p for the current step p; returns ||w||^2 = ||J p||^2 and (Q'r)'w = r'J p.</summary>
        private double RTimesPermutedStep(out double residualDotJp)
        {
            int n = _n, ld = _ld;
            Array.Clear(_work);
            for (int j = 0; j < n; j++)
            {
                double temp = _step[_permutation[j]];
                for (int i = 0; i <= j; i++)
                {
                    _work[i] += _a[j * ld + i] * temp;
                }
            }

            residualDotJp = VectorMath.Dot(_qtf.AsSpan(0, n), _work);
            double norm = PivotedQr.Norm(_work);
            return norm * norm;
        }

        private LeastSquaresResult Finish(TerminationReason reason)
        {
            ParameterUncertainty? uncertainty = null;
            if (_options.ComputeUncertainty && reason != TerminationReason.NonFiniteObjective)
            {
                _jacobianEvaluations++;
                _jacobian(_x, _jacobianRows);
                if (VectorMath.AllFinite(_jacobianRows))
                {
                    uncertainty = ParameterUncertainty.FromJacobian(_jacobianRows, _f, _n);
                }
            }

            double cost = 0.5 * RobustLossFunction.TwiceCost(_options.Loss, _options.LossScale, _f);
            return new LeastSquaresResult(
                _solver.Name, (double[])_x.Clone(), (double[])_f.Clone(), cost, _gradientNorm, _iterations,
                _residualEvaluations, _jacobianEvaluations, Stopwatch.GetElapsedTime(_start), reason, Describe(reason), uncertainty);
        }
    }
}
