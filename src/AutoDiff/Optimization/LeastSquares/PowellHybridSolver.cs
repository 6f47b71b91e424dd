using System;
using System.Diagnostics;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// Solves the square nonlinear system F(x) = 0 with Powell's hybrid method (Powell 1970) as MINPACK's <c>hybrj</c>
/// and scipy's <c>root(method="hybr")</c> implement it: a trust region on ||F + J p||, the step taken along the
/// dogleg between the Gauss-Newton step and the scaled steepest-descent step, with J = Q R and the scaling D the
/// running maximum of J's column norms.
/// <para>
/// One deliberate difference from hybrj: the Jacobian is evaluated afresh at every accepted point instead of being
/// carried forward by Broyden rank-one updates of Q and R (hybrj re-evaluates it only after two failed steps or slow
/// progress). Broyden's updates exist to save Jacobian evaluations, which generated derivatives make cheap and exact;
/// a fresh Jacobian keeps the model honest. A failed step still reuses the factorisation with a smaller radius.
/// </para>
/// <para>
/// Arguments are checked up front (<see cref="ArgumentException"/> naming the argument); a run never throws for
/// numerical trouble. Converges on the relative step (xtol) or a zero (or small enough) ||F||; stops with
/// <see cref="TerminationReason.Stalled"/> when progress is too slow (hybrj's info 3, 4 and 5: often a local
/// minimum of ||F|| that is not a root).
/// </para>
/// </summary>
/// <example><code>var result = new PowellHybridSolver().Solve(Equations, Jacobian, initialGuess: [-1.2, 1.0]);</code></example>
public sealed class PowellHybridSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for MINPACK's defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public PowellHybridSolver(PowellHybridOptions? options = null)
    {
        Options = options ?? new PowellHybridOptions();
        Options.Validate();
    }

    /// <summary>The solver's name, as printed in results.</summary>
    public string Name => "Powell hybrid";

    /// <summary>The options this solver runs with.</summary>
    public PowellHybridOptions Options { get; }

    /// <summary>Solves F(x) = 0 for n equations in n unknowns from <paramref name="initialGuess"/>.</summary>
    /// <param name="equations">Writes F(x), n values.</param>
    /// <param name="jacobian">Writes J(x), n x n row-major.</param>
    /// <param name="initialGuess">x0: non-empty and finite; copied, never modified.</param>
    /// <param name="cancellationToken">Checked after every trial step.</param>
    /// <returns>The point found (<see cref="LeastSquaresResult.Parameters"/>), F there (<see cref="LeastSquaresResult.Residuals"/>), the work done and why the run stopped.</returns>
    /// <exception cref="ArgumentException">An argument is null, empty or not finite.</exception>
    public LeastSquaresResult Solve(
        ResidualFunction equations, JacobianFunction jacobian, ReadOnlySpan<double> initialGuess, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(equations);
        ArgumentNullException.ThrowIfNull(jacobian);
        LevenbergMarquardtSolver.CheckStart(initialGuess, null);
        return Run(equations, jacobian, initialGuess.ToArray(), cancellationToken);
    }

    /// <summary>Solves from a MathNet vector; see <see cref="Solve(ResidualFunction, JacobianFunction, ReadOnlySpan{double}, CancellationToken)"/>.</summary>
    /// <param name="equations">Writes F(x).</param>
    /// <param name="jacobian">Writes J(x), n x n row-major.</param>
    /// <param name="initialGuess">x0.</param>
    /// <param name="cancellationToken">Checked after every trial step.</param>
    /// <returns>The result; <see cref="LeastSquaresResult.ParameterVector"/> gives the solution as a vector.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public LeastSquaresResult Solve(
        ResidualFunction equations, JacobianFunction jacobian, Vector<double> initialGuess, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialGuess);
        return Solve(equations, jacobian, initialGuess.ToArray(), cancellationToken);
    }

    private LeastSquaresResult Run(ResidualFunction equations, JacobianFunction jacobianFunction, double[] x, CancellationToken cancellationToken)
    {
        const double epsmch = PivotedQr.MachineEpsilon;
        long start = Stopwatch.GetTimestamp();
        int n = x.Length;
        int maxEvaluations = Options.MaxResidualEvaluations > 0 ? Options.MaxResidualEvaluations : 100 * (n + 1);
        double[] f = new double[n], trialF = new double[n], trialX = new double[n], step = new double[n];
        double[] jacobian = new double[n * n], r = new double[n * n], qtf = new double[n], diag = new double[n];
        double[] rdiag = new double[n], columnNorms = new double[n], work = new double[n];
        int[] permutation = new int[n];
        var dogleg = new Dogleg(n);
        int evaluations = 1, jacobians = 0, iterations = 0;
        double gradientNorm = double.NaN;

        LeastSquaresResult Finish(TerminationReason reason, string message) => new(
            Name, x, (double[])f.Clone(), 0.5 * Norm2(f), gradientNorm, iterations, evaluations, jacobians,
            Stopwatch.GetElapsedTime(start), reason, message, null);

        double ScaledNorm(double[] v) => PivotedQr.ScaledNorm(diag, v, work);

        equations(x, f);
        if (!VectorMath.AllFinite(f))
        {
            return Finish(TerminationReason.NonFiniteObjective, "F is not finite at the starting point");
        }

        double fnorm = PivotedQr.Norm(f);
        double delta = 0, xnorm = 0;
        bool first = true;
        int successes = 0, failures = 0, slowSteps = 0, slowJacobians = 0;
        while (true)
        {
            if (fnorm <= Options.ResidualTolerance)
            {
                return Finish(TerminationReason.ResidualTolerance, "||F|| is at most the residual tolerance");
            }

            // A fresh Jacobian and its QR factorisation (no pivoting: the dogleg works with R as it is).
            jacobians++;
            jacobianFunction(x, jacobian);
            if (!VectorMath.AllFinite(jacobian))
            {
                return Finish(TerminationReason.NonFiniteObjective, "the Jacobian is not finite");
            }

            PivotedQr.LoadColumnMajor(jacobian, n, n, r, n);

            for (int j = 0; j < n; j++)
            {
                double g = 0;
                for (int i = 0; i < n; i++)
                {
                    g += r[j * n + i] * f[i];
                }

                work[j] = g;
            }

            gradientNorm = PivotedQr.Norm(work);
            PivotedQr.Factor(n, n, r, pivot: false, permutation, rdiag, columnNorms, work);
            f.CopyTo(qtf, 0);
            PivotedQr.ApplyQTransposeAndStoreR(n, n, r, rdiag, qtf);
            if (first)
            {
                for (int j = 0; j < n; j++)
                {
                    diag[j] = Options.ScaleByJacobian && columnNorms[j] != 0 ? columnNorms[j] : 1;
                }

                xnorm = ScaledNorm(x);
                delta = Options.InitialStepBound * xnorm;
                if (delta == 0)
                {
                    delta = Options.InitialStepBound;
                }
            }

            if (Options.ScaleByJacobian)
            {
                for (int j = 0; j < n; j++)
                {
                    diag[j] = Math.Max(diag[j], columnNorms[j]);
                }
            }

            bool freshJacobian = true;
            while (true)
            {
                dogleg.Step(r, n, diag, qtf, delta, step);
                for (int j = 0; j < n; j++)
                {
                    step[j] = -step[j];
                    trialX[j] = x[j] + step[j];
                }

                double pnorm = ScaledNorm(step);
                if (first)
                {
                    delta = Math.Min(delta, pnorm);
                }

                evaluations++;
                equations(trialX, trialF);
                double fnorm1 = VectorMath.AllFinite(trialF) ? PivotedQr.Norm(trialF) : double.PositiveInfinity;
                double actred = fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) : -1;

                // Predicted reduction of the linear model: ||Q'F + R p|| against ||F||.
                for (int i = 0; i < n; i++)
                {
                    double sum = 0;
                    for (int j = i; j < n; j++)
                    {
                        sum += r[j * n + i] * step[j];
                    }

                    work[i] = qtf[i] + sum;
                }

                double modelNorm = PivotedQr.Norm(work);
                double prered = modelNorm < fnorm ? 1 - (modelNorm / fnorm) * (modelNorm / fnorm) : 0;
                double ratio = prered > 0 ? actred / prered : 0;

                // Update the radius (Powell 1970; hybrj's constants).
                if (ratio < 0.1)
                {
                    successes = 0;
                    failures++;
                    delta *= 0.5;
                }
                else
                {
                    failures = 0;
                    successes++;
                    if (ratio >= 0.5 || successes > 1)
                    {
                        delta = Math.Max(delta, pnorm / 0.5);
                    }

                    if (Math.Abs(ratio - 1) <= 0.1)
                    {
                        delta = pnorm / 0.5;
                    }
                }

                bool accepted = ratio >= 1e-4;
                if (accepted)
                {
                    trialX.CopyTo(x, 0);
                    trialF.CopyTo(f, 0);
                    xnorm = ScaledNorm(x);
                    fnorm = fnorm1;
                    iterations++;
                }

                first = false;
                slowSteps = actred >= 0.001 ? 0 : slowSteps + 1;
                if (freshJacobian)
                {
                    slowJacobians = actred >= 0.1 ? 0 : slowJacobians + 1;
                }

                freshJacobian = false;
                if (fnorm <= Options.ResidualTolerance)
                {
                    return Finish(TerminationReason.ResidualTolerance, fnorm == 0 ? "F(x) is exactly zero" : "||F|| is at most the residual tolerance");
                }

                // hybrj's relative test delta <= xtol ||D x||, with scipy's floor xtol^2 so that a root at the
                // origin (where the relative test can never hold) also stops.
                if (delta <= Options.StepTolerance * (Options.StepTolerance + xnorm))
                {
                    return Finish(TerminationReason.StepTolerance, "the relative error between two consecutive iterates is at most xtol");
                }

                if (evaluations >= maxEvaluations)
                {
                    return Finish(TerminationReason.MaxEvaluations, "the evaluation budget ran out");
                }

                if (0.1 * Math.Max(0.1 * delta, pnorm) <= epsmch * xnorm)
                {
                    return Finish(TerminationReason.Stalled, "xtol is too small: no further improvement in the approximate solution is possible");
                }

                if (slowJacobians == 5)
                {
                    return Finish(TerminationReason.Stalled, "not making progress over the last five Jacobian evaluations (often a local minimum of ||F|| that is not a root)");
                }

                if (slowSteps == 10)
                {
                    return Finish(TerminationReason.Stalled, "not making progress over the last ten steps (often a local minimum of ||F|| that is not a root)");
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return Finish(TerminationReason.Cancelled, "cancelled");
                }

                if (accepted)
                {
                    break;
                }
            }
        }
    }

    private static double Norm2(double[] v)
    {
        double norm = PivotedQr.Norm(v);
        return norm * norm;
    }
}
