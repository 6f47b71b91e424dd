using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Truncated Newton (line-search Newton-CG, Nocedal and Wright, Algorithm 7.1): approximately solve H p = -g by
/// linear conjugate gradients using only Hessian-vector products, then an Armijo line search from step 1.
/// The inner solve stops when ||r|| &lt;= min(0.5, sqrt ||g||) ||g|| (a forcing sequence that gives superlinear
/// convergence) or on negative curvature d'Hd &lt;= 0, returning the CG iterate so far (or -g on the first pass).
/// Never forms H: O(n) memory, for large n.
/// </summary>
/// <example><code>var result = new NewtonConjugateGradientSolver().Minimize(objective, x0);</code></example>
public sealed class NewtonConjugateGradientSolver : OptimizationSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NewtonConjugateGradientSolver(NewtonConjugateGradientOptions? options = null)
        : base(options ?? new NewtonConjugateGradientOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "Newton-CG";

    private protected override void CheckObjective(Objective objective)
    {
        if (objective.HessianVectorProduct is null)
        {
            throw new ArgumentException("Newton-CG needs a Hessian-vector product.", nameof(objective));
        }
    }

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (NewtonConjugateGradientOptions)Options;
        int n = run.Dimension;
        int maxInner = options.MaxInnerIterations ?? n;
        var line = new LineAlongDirection(run);
        var residual = new double[n];
        var cgDirection = new double[n];
        var hessianTimesDirection = new double[n];
        while (true)
        {
            double gradientNorm = Math.Sqrt(run.GradientNormSquared);
            double forcing = Math.Min(0.5, Math.Sqrt(gradientNorm)) * gradientNorm;
            if (!SolveNewtonSystem(run, line.Direction, residual, cgDirection, hessianTimesDirection, forcing, maxInner))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

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

            if (run.CompleteIteration() is { } reason)
            {
                return run.Finish(reason);
            }
        }
    }

    /// <summary>CG on H z = -g from z = 0, written into <paramref name="z"/>; false when a product was not finite.</summary>
    private static bool SolveNewtonSystem(
        SolverRun run, double[] z, double[] r, double[] d, double[] hd, double tolerance, int maxIterations)
    {
        Array.Clear(z);
        run.Gradient.CopyTo(r, 0);
        VectorMath.Negate(r, d);
        double rr = VectorMath.NormSquared(r);
        for (int j = 0; j < maxIterations; j++)
        {
            run.Objective.HessianVectorProduct(run.X, d, hd);
            double curvature = VectorMath.Dot(d, hd);
            if (!double.IsFinite(curvature))
            {
                return false;
            }

            if (curvature <= 0)
            {
                // Negative curvature: H is not positive definite along d. Stop with what CG has (a descent
                // direction), or steepest descent if nothing yet.
                if (j == 0)
                {
                    VectorMath.Negate(run.Gradient, z);
                }

                return true;
            }

            double alpha = rr / curvature;
            VectorMath.AddScaled(z, alpha, d);
            VectorMath.AddScaled(r, alpha, hd);
            double rrNext = VectorMath.NormSquared(r);
            if (Math.Sqrt(rrNext) <= tolerance)
            {
                return true;
            }

            double beta = rrNext / rr;
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = -r[i] + beta * d[i];
            }

            rr = rrNext;
        }

        return true;
    }
}
