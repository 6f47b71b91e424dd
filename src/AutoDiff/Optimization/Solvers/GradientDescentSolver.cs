using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Gradient descent x_{k+1} = x_k - alpha_k g_k, with the step from a schedule (fixed or decaying) or from a line
/// search along -g. Slow on ill-conditioned problems (it zig-zags across valleys) but the baseline every other
/// method is measured against.
/// </summary>
/// <example><code>var result = new GradientDescentSolver().Minimize(objective, x0);</code></example>
public sealed class GradientDescentSolver : OptimizationSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults (Armijo line search).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public GradientDescentSolver(GradientDescentOptions? options = null)
        : base(options ?? new GradientDescentOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "Gradient descent";

    private protected override BoxBounds? Bounds => ((GradientDescentOptions)Options).Bounds is { IsUnbounded: false } bounds ? bounds : null;

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (GradientDescentOptions)Options;
        if (run.Bounds is { } box)
        {
            return IterateProjected(run, options, box);
        }

        var line = new LineAlongDirection(run);
        double previousSlope = 0;
        while (true)
        {
            VectorMath.Negate(run.Gradient, line.Direction);
            double slope = -run.GradientNormSquared;
            double step;
            if (options.StepSchedule is { } schedule)
            {
                step = schedule.StepAt(run.Iteration);
            }
            else
            {
                // First step of length at most 1; then Nocedal and Wright's (3.60): expect the same first-order
                // decrease as last time, alpha_{k-1} phi'_{k-1}(0) / phi'_k(0).
                double initial = SolverRun.SafeInitialStep(run.Iteration == 0
                    ? Math.Min(1, 1 / Math.Sqrt(run.GradientNormSquared))
                    : run.LastStep * previousSlope / slope);
                LineSearchResult search = line.Search(options.LineSearch, slope, initial);
                if (!search.IsAcceptable)
                {
                    return run.Finish(run.LineSearchFailure(search));
                }

                step = search.Step;
            }

            previousSlope = slope;
            if (!line.TryMoveRun(step))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            if (run.CompleteIteration() is { } reason)
            {
                return run.Finish(reason);
            }
        }
    }

    /// <summary>
    /// Gradient projection (Bertsekas, Nonlinear Programming, section 2.3, Armijo rule along the feasible direction):
    /// d = P(x - s g) - x, then a step a in (0, 1] along d, so every trial stays in the box.
    /// </summary>
    private static OptimizationResult IterateProjected(SolverRun run, GradientDescentOptions options, BoxBounds box)
    {
        var line = new LineAlongDirection(run);
        double[] d = line.Direction;
        double scale = SolverRun.SafeInitialStep(Math.Min(1, 1 / Math.Sqrt(VectorMath.NormSquared(run.Gradient))));
        while (true)
        {
            double s = options.StepSchedule is { } schedule ? schedule.StepAt(run.Iteration) : scale;
            VectorMath.PointAlong(run.X, -s, run.Gradient, d);
            box.Project(d);
            VectorMath.AddScaled(d, -1, run.X);
            double step = 1;
            if (options.StepSchedule is null)
            {
                LineSearchResult search = line.Search(options.LineSearch, VectorMath.Dot(run.Gradient, d), 1.0);
                if (!search.IsAcceptable)
                {
                    return run.Finish(run.LineSearchFailure(search));
                }

                step = search.Step;
                scale = SolverRun.SafeInitialStep(step == 1 ? 2 * s : step * s);
            }

            if (!line.TryMoveRun(step))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            if (run.CompleteIteration() is { } reason)
            {
                return run.Finish(reason);
            }
        }
    }
}
