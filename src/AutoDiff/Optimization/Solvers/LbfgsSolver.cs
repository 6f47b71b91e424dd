using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Algorithms 7.4 and 7.5): the direction is -H_k g from the two-loop
/// recursion over the last m pairs s = x_{k+1} - x_k, y = g_{k+1} - g_k, with initial matrix gamma I,
/// gamma = s'y / y'y of the newest pair, and a strong Wolfe line search (c2 = 0.9) so that s'y &gt; 0.
/// A pair with s'y &lt;= 0 (possible with other line searches or round-off) is skipped rather than stored, which keeps
/// H_k positive definite. All history lives in arrays allocated at the start: no allocation per iteration.
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

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (LbfgsOptions)Options;
        int n = run.Dimension;
        var history = new History(options.Memory, n);
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

    /// <summary>The last m pairs (s, y) in a ring buffer, and the two-loop recursion over them.</summary>
    private sealed class History(int memory, int n)
    {
        private readonly double[][] _s = NewMatrix(memory, n);
        private readonly double[][] _y = NewMatrix(memory, n);
        private readonly double[] _rho = new double[memory];
        private readonly double[] _alpha = new double[memory];
        private int _newest = -1;

        public int Count { get; private set; }

        public void Clear()
        {
            Count = 0;
            _newest = -1;
        }

        /// <summary>Stores s = step p and y = g_new - g_old unless s'y &lt;= 0 (then H would lose positive definiteness).</summary>
        public void Push(double step, double[] p, double[] previousGradient, double[] gradient)
        {
            double sy = 0;
            for (int i = 0; i < n; i++)
            {
                sy += step * p[i] * (gradient[i] - previousGradient[i]);
            }

            if (!(sy > 0) || !double.IsFinite(sy))
            {
                return; // checked before writing: the slot may still hold the oldest pair in use
            }

            int slot = (_newest + 1) % memory;
            double[] s = _s[slot], y = _y[slot];
            for (int i = 0; i < n; i++)
            {
                s[i] = step * p[i];
                y[i] = gradient[i] - previousGradient[i];
            }

            _rho[slot] = 1 / sy;
            _newest = slot;
            Count = Math.Min(Count + 1, memory);
        }

        /// <summary>p = -H g by the two-loop recursion (Nocedal and Wright, Algorithm 7.4).</summary>
        public void Direction(double[] gradient, double[] p)
        {
            if (Count == 0)
            {
                return;
            }

            double[] q = p;
            gradient.CopyTo(q, 0);
            for (int k = 0; k < Count; k++)
            {
                int slot = (_newest - k + memory) % memory;
                _alpha[slot] = _rho[slot] * VectorMath.Dot(_s[slot], q);
                VectorMath.AddScaled(q, -_alpha[slot], _y[slot]);
            }

            // Initial matrix gamma I with gamma = s'y / y'y of the newest pair: the scale of H along y.
            double[] yNewest = _y[_newest];
            double gamma = 1 / (_rho[_newest] * VectorMath.NormSquared(yNewest));
            for (int i = 0; i < n; i++)
            {
                q[i] *= gamma;
            }

            for (int k = Count - 1; k >= 0; k--)
            {
                int slot = (_newest - k + memory) % memory;
                double beta = _rho[slot] * VectorMath.Dot(_y[slot], q);
                VectorMath.AddScaled(q, _alpha[slot] - beta, _s[slot]);
            }

            VectorMath.Negate(q, p);
        }

        private static double[][] NewMatrix(int rows, int columns)
        {
            var matrix = new double[rows][];
            for (int i = 0; i < rows; i++)
            {
                matrix[i] = new double[columns];
            }

            return matrix;
        }
    }
}
