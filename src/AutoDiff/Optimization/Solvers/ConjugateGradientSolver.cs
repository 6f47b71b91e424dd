using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Nonlinear conjugate gradients, Polak-Ribiere+ (Nocedal and Wright, section 5.2):
/// p_{k+1} = -g_{k+1} + beta p_k with beta = max(0, g_{k+1}'(g_{k+1} - g_k) / ||g_k||^2), a strong Wolfe line search
/// with c2 = 0.1, and restarts to -g every n iterations, when successive gradients lose orthogonality, or when p is
/// not a descent direction. Needs only gradients and O(n) memory.
/// </summary>
/// <example><code>var result = new ConjugateGradientSolver().Minimize(objective, x0);</code></example>
public sealed class ConjugateGradientSolver : OptimizationSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public ConjugateGradientSolver(ConjugateGradientOptions? options = null)
        : base(options ?? new ConjugateGradientOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "Conjugate gradient (PR+)";

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (ConjugateGradientOptions)Options;
        int n = run.Dimension;
        int restartInterval = options.RestartInterval ?? n;
        var line = new LineAlongDirection(run);
        var previousGradient = new double[n];
        double[] p = line.Direction;
        VectorMath.Negate(run.Gradient, p);
        double previousSlope = 0;
        int sinceRestart = 0;
        while (true)
        {
            double slope = VectorMath.Dot(run.Gradient, p);
            if (!(slope < 0))
            {
                VectorMath.Negate(run.Gradient, p);
                slope = -run.GradientNormSquared;
                sinceRestart = 0;
            }

            // First step of length at most 1; then expect the same first-order decrease as last time (N&W 3.60).
            double initial = SolverRun.SafeInitialStep(run.Iteration == 0
                ? Math.Min(1, 1 / Math.Sqrt(run.GradientNormSquared))
                : run.LastStep * previousSlope / slope);
            LineSearchResult search = line.Search(options.LineSearch, slope, initial);
            if (!search.IsAcceptable)
            {
                return run.Finish(run.LineSearchFailure(search));
            }

            double previousNormSquared = run.GradientNormSquared;
            run.Gradient.CopyTo(previousGradient, 0);
            if (!line.TryMoveRun(search.Step))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            if (run.CompleteIteration() is { } reason)
            {
                return run.Finish(reason);
            }

            previousSlope = slope;
            sinceRestart++;
            double[] g = run.Gradient;
            double overlap = VectorMath.Dot(g, previousGradient);
            double beta = Math.Max(0, (run.GradientNormSquared - overlap) / previousNormSquared);
            if (sinceRestart >= restartInterval || Math.Abs(overlap) >= options.OrthogonalityThreshold * run.GradientNormSquared)
            {
                beta = 0;
                sinceRestart = 0;
            }

            for (int i = 0; i < n; i++)
            {
                p[i] = -g[i] + beta * p[i];
            }
        }
    }
}
