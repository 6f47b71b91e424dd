using System;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// Newton's method with a dense Hessian. Where H is positive definite: solve H p = -g by Cholesky (MathNet.Numerics),
/// then an Armijo line search from step 1; quadratically convergent near a nondegenerate minimum. Where it is not
/// (Cholesky fails): a dense trust-region step instead (Nocedal and Wright, Algorithm 4.1), the subproblem
/// min g'p + p'Hp/2 over ||p|| &lt;= Delta solved nearly exactly by More and Sorensen's method (1983), which uses the
/// negative curvature instead of shifting it away. (Shifting H by tau I until Cholesky succeeds, Nocedal and Wright's
/// Algorithm 3.3, failed Osborne 1 and Biggs EXP6 from their standard starts: its long steps went into flat valleys.)
/// O(n^3) per iteration, so for large n use <see cref="NewtonConjugateGradientSolver"/> or
/// <see cref="TrustRegionNewtonSolver"/>.
/// </summary>
/// <remarks>
/// The Hessian comes from <see cref="Objective.Hessian"/> when supplied, otherwise from n Hessian-vector products
/// with the unit vectors (symmetrised). One of the two is required.
/// </remarks>
/// <example><code>var result = new NewtonSolver().Minimize(objective, x0);</code></example>
public sealed class NewtonSolver : OptimizationSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NewtonSolver(NewtonOptions? options = null)
        : base(options ?? new NewtonOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "Newton";

    private protected override void CheckObjective(Objective objective)
    {
        if (objective.Hessian is null && objective.HessianVectorProduct is null)
        {
            throw new ArgumentException("Newton's method needs a Hessian or a Hessian-vector product.", nameof(objective));
        }
    }

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (NewtonOptions)Options;
        int n = run.Dimension;
        var line = new LineAlongDirection(run);
        var hessian = new double[n * n];
        var factor = new double[n * n];
        var unit = new double[n];
        var column = new double[n];
        var trustRegion = new TrustRegionFallback(run, n);
        while (true)
        {
            EvaluateHessian(run, hessian, unit, column);
            if (!VectorMath.AllFinite(hessian))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            TerminationReason? reason;
            if (TryFactor(hessian, factor, n))
            {
                // H is positive definite: the Newton direction is downhill, and step 1 is tried first.
                VectorMath.Negate(run.Gradient, line.Direction);
                LinearAlgebraControl.Provider.CholeskySolveFactored(factor, n, line.Direction, 1);
                double slope = VectorMath.Dot(run.Gradient, line.Direction);
                LineSearchResult search = line.Search(options.LineSearch, slope, 1.0);
                if (!search.IsAcceptable)
                {
                    return run.Finish(run.LineSearchFailure(search));
                }

                if (!line.TryMoveRun(search.Step))
                {
                    return run.Finish(TerminationReason.NonFiniteObjective);
                }

                reason = run.CompleteIteration();
            }
            else
            {
                reason = trustRegion.Step(hessian);
            }

            if (reason is { } stop)
            {
                return run.Finish(stop);
            }
        }
    }

    /// <summary>Cholesky of H (MathNet); false when H is not positive definite.</summary>
    private static bool TryFactor(double[] hessian, double[] factor, int n)
    {
        hessian.CopyTo(factor, 0);
        try
        {
            LinearAlgebraControl.Provider.CholeskyFactor(factor, n);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // MathNet reports a matrix that is not positive definite by exception
        }
    }

    private static void EvaluateHessian(SolverRun run, double[] hessian, double[] unit, double[] column)
    {
        int n = run.Dimension;
        if (run.Objective.Objective.Hessian is not null)
        {
            run.Objective.Hessian(run.X, hessian);
            return;
        }

        for (int j = 0; j < n; j++)
        {
            unit[j] = 1;
            run.Objective.HessianVectorProduct(run.X, unit, column);
            unit[j] = 0;
            for (int i = 0; i < n; i++)
            {
                hessian[i * n + j] = column[i];
            }
        }

        // Products carry round-off, so H e_j and H e_i need not agree exactly; Cholesky wants a symmetric matrix.
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double mean = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
                hessian[i * n + j] = mean;
                hessian[j * n + i] = mean;
            }
        }
    }

    /// <summary>
    /// Where H is not positive definite: a dense trust-region step (Nocedal and Wright, Algorithm 4.1, with the
    /// subproblem solved by <see cref="MoreSorensenStep"/>), repeated with a smaller radius until one is accepted.
    /// The radius starts at the Cauchy step length of the first such iteration and persists across them; the other
    /// constants are those of <see cref="TrustRegionNewtonOptions"/>' defaults.
    /// </summary>
    private sealed class TrustRegionFallback(SolverRun run, int n)
    {
        private const double AcceptanceThreshold = 0.15;
        private const double MaxRadius = 1000;

        private readonly MoreSorensenStep _subproblem = new(n);
        private readonly TrustRegionTrial _trial = new(n);
        private double _radius = double.NaN;

        /// <summary>
        /// ||g||^3 / g'Hg, the distance to the minimiser of the model along -g (the Cauchy point without a radius), or
        /// ||g|| when the model has no minimiser along -g: a first radius on the scale of the problem, where a fixed 1
        /// is not (measured: from Delta = 1, as scipy's trust-exact, Biggs EXP6 drifts into the valley where f tends to
        /// 0.2427 as x_3 and x_4 grow; from the Cauchy length it reaches f = 0).
        /// </summary>
        private double CauchyStepLength(double[] hessian)
        {
            double gg = VectorMath.NormSquared(run.Gradient), gHg = 0;
            for (int i = 0; i < n; i++)
            {
                gHg += run.Gradient[i] * VectorMath.Dot(hessian.AsSpan(i * n, n), run.Gradient);
            }

            double length = gHg > 0 ? gg * Math.Sqrt(gg) / gHg : Math.Sqrt(gg);
            return Math.Min(length, MaxRadius);
        }

        /// <summary>Takes one accepted step and completes the iteration; returns the run's stopping reason, if any.</summary>
        public TerminationReason? Step(double[] hessian)
        {
            if (double.IsNaN(_radius))
            {
                _radius = CauchyStepLength(hessian);
            }

            while (true)
            {
                double predicted = _subproblem.Solve(hessian, run.Gradient, _radius);
                if (double.IsNaN(predicted))
                {
                    return TerminationReason.NonFiniteObjective;
                }

                // The exact subproblem solution is on the boundary when it is as long as the radius (to round-off).
                double[] p = _subproblem.Step;
                bool onBoundary = Math.Sqrt(VectorMath.NormSquared(p)) >= (1 - 1e-6) * _radius;
                switch (_trial.Try(run, p, predicted, onBoundary, ref _radius, MaxRadius, AcceptanceThreshold))
                {
                    case TrustRegionTrial.Outcome.Accepted:
                        return run.CompleteIteration();
                    case TrustRegionTrial.Outcome.NoDecrease:
                        return run.NoDecreaseReason(_trial.SawNonFinite);
                }
            }
        }
    }
}
