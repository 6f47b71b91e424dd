using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Trust-region Newton-CG (scipy's <c>trust-ncg</c>): each step minimises the quadratic model
/// m(p) = f + g'p + p'Hp/2 over ||p|| &lt;= Delta by Steihaug-Toint truncated conjugate gradients on Hessian-vector
/// products (Steihaug 1983; Toint 1981; Nocedal and Wright, Algorithm 7.2), which stops at the boundary on negative
/// curvature instead of giving up, so saddle regions and indefinite Hessians are handled. The radius follows
/// Nocedal and Wright, Algorithm 4.1: rho = actual / predicted reduction; shrink to Delta/4 when rho &lt; 1/4, double
/// (up to <see cref="TrustRegionNewtonOptions.MaxRadius"/>) when rho &gt; 3/4 and the step reached the boundary, accept
/// the step when rho &gt; eta. Never forms H: O(n) memory.
/// </summary>
/// <remarks>
/// A rejected step is not an iteration: the callback and the trace see accepted iterates only. When rejected trials
/// stop changing f at round-off, or the radius falls below round-off of x, the run ends as a line search that finds
/// no decrease does (<see cref="TerminationReason.MachinePrecision"/> when the round-off rule's gradient condition holds).
/// </remarks>
/// <example><code>var result = new TrustRegionNewtonSolver().Minimize(objective, x0);</code></example>
public sealed class TrustRegionNewtonSolver : OptimizationSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public TrustRegionNewtonSolver(TrustRegionNewtonOptions? options = null)
        : base(options ?? new TrustRegionNewtonOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "Trust-region Newton-CG";

    private protected override void CheckObjective(Objective objective)
    {
        if (objective.HessianVectorProduct is null)
        {
            throw new ArgumentException("Trust-region Newton-CG needs a Hessian-vector product.", nameof(objective));
        }
    }

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (TrustRegionNewtonOptions)Options;
        int n = run.Dimension;
        var steihaug = new SteihaugConjugateGradient(n, options.MaxInnerIterations ?? n);
        var trial = new TrustRegionTrial(n);
        double radius = options.InitialRadius;
        while (true)
        {
            double gradientNorm = Math.Sqrt(run.GradientNormSquared);
            double forcing = Math.Min(0.5, Math.Sqrt(gradientNorm)) * gradientNorm;
            if (!steihaug.Solve(run, radius, forcing, out double predicted, out bool onBoundary))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            switch (trial.Try(run, steihaug.Step, predicted, onBoundary, ref radius, options.MaxRadius, options.AcceptanceThreshold))
            {
                case TrustRegionTrial.Outcome.Accepted when run.CompleteIteration() is { } reason:
                    return run.Finish(reason);
                case TrustRegionTrial.Outcome.NoDecrease:
                    return run.Finish(run.NoDecreaseReason(trial.SawNonFinite));
            }
        }
    }

    /// <summary>Steihaug-Toint CG for min g'p + p'Hp/2 subject to ||p|| &lt;= Delta (Nocedal and Wright, Algorithm 7.2).</summary>
    private sealed class SteihaugConjugateGradient(int n, int maxIterations)
    {
        private readonly double[] _residual = new double[n];
        private readonly double[] _direction = new double[n];
        private readonly double[] _hessianTimesDirection = new double[n];
        private readonly double[] _hessianTimesStep = new double[n];

        /// <summary>The step p of the last solve.</summary>
        public double[] Step { get; } = new double[n];

        /// <summary>
        /// Solves from p = 0 until ||r|| &lt;= tolerance, negative curvature or the boundary; the predicted reduction is
        /// -(g'p + p'Hp/2). False when a Hessian-vector product was not finite.
        /// </summary>
        public bool Solve(SolverRun run, double radius, double tolerance, out double predicted, out bool onBoundary)
        {
            double[] z = Step, r = _residual, d = _direction, hd = _hessianTimesDirection, hz = _hessianTimesStep;
            Array.Clear(z);
            Array.Clear(hz);
            run.Gradient.CopyTo(r, 0);
            VectorMath.Negate(r, d);
            double rr = VectorMath.NormSquared(r);
            onBoundary = false;
            for (int j = 0; j < maxIterations; j++)
            {
                run.Objective.HessianVectorProduct(run.X, d, hd);
                double curvature = VectorMath.Dot(d, hd);
                if (!double.IsFinite(curvature))
                {
                    predicted = double.NaN;
                    return false;
                }

                double alpha = rr / curvature;
                if (curvature <= 0 || NormOfSum(z, alpha, d) >= radius)
                {
                    // Negative curvature, or the CG step leaves the region: go along d to the boundary.
                    double tau = ToBoundary(z, d, radius);
                    VectorMath.AddScaled(z, tau, d);
                    VectorMath.AddScaled(hz, tau, hd);
                    onBoundary = true;
                    break;
                }

                VectorMath.AddScaled(z, alpha, d);
                VectorMath.AddScaled(hz, alpha, hd);
                VectorMath.AddScaled(r, alpha, hd);
                double rrNext = VectorMath.NormSquared(r);
                if (Math.Sqrt(rrNext) <= tolerance)
                {
                    break;
                }

                double beta = rrNext / rr;
                for (int i = 0; i < d.Length; i++)
                {
                    d[i] = -r[i] + beta * d[i];
                }

                rr = rrNext;
            }

            predicted = -(VectorMath.Dot(run.Gradient, z) + 0.5 * VectorMath.Dot(z, hz));
            return true;
        }

        private static double NormOfSum(double[] z, double alpha, double[] d)
        {
            double sum = 0;
            for (int i = 0; i < z.Length; i++)
            {
                double v = z[i] + alpha * d[i];
                sum += v * v;
            }

            return Math.Sqrt(sum);
        }

        /// <summary>The tau &gt;= 0 with ||z + tau d|| = Delta (z lies inside, so there is exactly one).</summary>
        private static double ToBoundary(double[] z, double[] d, double radius)
        {
            double dd = VectorMath.NormSquared(d), zd = VectorMath.Dot(z, d), zz = VectorMath.NormSquared(z);
            double discriminant = Math.Max(0, zd * zd + dd * (radius * radius - zz));
            return (-zd + Math.Sqrt(discriminant)) / dd;
        }
    }
}
