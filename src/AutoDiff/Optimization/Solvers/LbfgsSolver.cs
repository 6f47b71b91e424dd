using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Algorithms 7.4 and 7.5): the direction is -H_k g from the two-loop
/// recursion over the last m pairs s = x_{k+1} - x_k, y = g_{k+1} - g_k, with initial matrix gamma I,
/// gamma = s'y / y'y of the newest pair, and a strong Wolfe line search (c2 = 0.9) so that s'y &gt; 0.
/// A pair with s'y &lt;= 0 (possible with other line searches or round-off) is skipped rather than stored, which keeps
/// H_k positive definite. All history lives in arrays allocated at the start: no allocation per iteration.
/// With <see cref="LbfgsOptions.Bounds"/> the solver is L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995; see <c>LbfgsB</c>):
/// generalized Cauchy point, subspace minimisation over the free variables, and a line search kept inside the box.
/// </summary>
/// <example><code>var result = new LbfgsSolver(new LbfgsOptions { Memory = 5 }).Minimize(objective, x0, cancellationToken);</code></example>
public sealed class LbfgsSolver : OptimizationSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public LbfgsSolver(LbfgsOptions? options = null)
        : base(options ?? new LbfgsOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "L-BFGS";

    private protected override BoxBounds? Bounds => ((LbfgsOptions)Options).Bounds is { IsUnbounded: false } bounds ? bounds : null;

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (LbfgsOptions)Options;
        if (run.Bounds is { } box)
        {
            return LbfgsB.Iterate(run, options, box);
        }

        int n = run.Dimension;
        var history = new LbfgsHistory(options.Memory, n);
        var line = new LineAlongDirection(run);
        var previousGradient = new double[n];
        double[] p = line.Direction;
        while (true)
        {
            history.Direction(run.Gradient, p);
            double slope = VectorMath.Dot(run.Gradient, p);
            double initial = 1;
            if (history.Count == 0 || !(slope < 0))
            {
                // No curvature information yet (or it went bad): steepest descent with a step of length at most 1.
                history.Clear();
                VectorMath.Negate(run.Gradient, p);
                slope = -run.GradientNormSquared;
                initial = SolverRun.SafeInitialStep(Math.Min(1, 1 / Math.Sqrt(run.GradientNormSquared)));
            }

            LineSearchResult search = line.Search(options.LineSearch, slope, initial);
            if (!search.IsAcceptable && history.Count > 0)
            {
                // The quasi-Newton model may be stale; retry once along -g before giving up.
                history.Clear();
                VectorMath.Negate(run.Gradient, p);
                slope = -run.GradientNormSquared;
                search = line.Search(options.LineSearch, slope, SolverRun.SafeInitialStep(Math.Min(1, 1 / Math.Sqrt(run.GradientNormSquared))));
            }

            if (!search.IsAcceptable)
            {
                return run.Finish(run.LineSearchFailure(search));
            }

            run.Gradient.CopyTo(previousGradient, 0);
            if (!line.TryMoveRun(search.Step))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            history.Push(search.Step, p, previousGradient, run.Gradient);
            if (run.CompleteIteration() is { } reason)
            {
                return run.Finish(reason);
            }
        }
    }
}
