using System;

namespace AutoDiff.Optimization;

/// <summary>
/// L-BFGS with box constraints by projection, the projected quasi-Newton method of Kim, Sra and Dhillon ("Tackling
/// box-constrained optimization via a new projected quasi-Newton approach", SIAM J. Sci. Comput. 32(6), 2010), after
/// Bertsekas' projected Newton (1982). Not L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995: no generalized Cauchy point, no
/// subspace minimisation). Each iteration:
/// the binding set B = {i : x_i = l_i and g_i &gt; 0, or x_i = u_i and g_i &lt; 0} is held fixed; the direction is the
/// two-loop recursion applied to g with its B components zeroed, then zeroed on B again (steepest descent on the free
/// variables when that is not a descent direction); the step backtracks along the projected arc x(a) = P(x + a p) until
/// the Armijo condition f(x(a)) &lt;= f(x) + c1 g'(x(a) - x) holds (Bertsekas, Nonlinear Programming, section 2.3).
/// </summary>
internal static class ProjectedLbfgs
{
    private const double C1 = 1e-4;
    private const int MaxTrials = 40;

    public static OptimizationResult Iterate(SolverRun run, LbfgsOptions options, BoxBounds box)
    {
        int n = run.Dimension;
        var history = new LbfgsHistory(options.Memory, n);
        var freeGradient = new double[n];
        var p = new double[n];
        var trialX = new double[n];
        var trialGradient = new double[n];
        var previousX = new double[n];
        var previousGradient = new double[n];
        while (true)
        {
            double[] x = run.X, g = run.Gradient;
            for (int i = 0; i < n; i++)
            {
                freeGradient[i] = IsBinding(box, x, g, i) ? 0 : g[i];
            }

            history.Direction(freeGradient, p);
            double initial = 1;
            if (history.Count == 0 || !(FreeDot(box, x, g, p) < 0))
            {
                // No curvature information yet (or it went bad): projected steepest descent, first step of length <= 1.
                history.Clear();
                VectorMath.Negate(freeGradient, p);
                initial = SolverRun.SafeInitialStep(Math.Min(1, 1 / Math.Sqrt(VectorMath.NormSquared(freeGradient))));
            }

            for (int i = 0; i < n; i++)
            {
                p[i] = IsBinding(box, x, g, i) ? 0 : p[i];
            }

            // Backtracking along the projected arc, halving, giving up when trials tie f to round-off.
            double step = initial, trialValue = double.NaN;
            bool accepted = false, sawNonFinite = false;
            int ties = 0;
            for (int trial = 0; trial < MaxTrials && ties < RoundOff.TiesBeforeGivingUp; trial++, step *= 0.5)
            {
                VectorMath.PointAlong(x, step, p, trialX);
                box.Project(trialX);
                trialValue = run.Objective.Gradient(trialX, trialGradient);
                if (!double.IsFinite(trialValue) || !VectorMath.AllFinite(trialGradient))
                {
                    sawNonFinite = true;
                    continue;
                }

                double decrease = 0;
                for (int i = 0; i < n; i++)
                {
                    decrease += g[i] * (trialX[i] - x[i]);
                }

                if (trialValue <= run.Value + C1 * decrease && decrease < 0)
                {
                    accepted = true;
                    break;
                }

                ties = RoundOff.Ties(trialValue, run.Value) ? ties + 1 : 0;
            }

            if (!accepted)
            {
                return run.Finish(run.NoDecreaseReason(sawNonFinite));
            }

            x.CopyTo(previousX, 0);
            g.CopyTo(previousGradient, 0);
            trialX.CopyTo(x, 0);
            trialGradient.CopyTo(g, 0);
            run.Value = trialValue;
            run.LastStep = step;
            run.LastStepLength = Math.Sqrt(DistanceSquared(previousX, x));
            history.PushDifferences(previousX, x, previousGradient, g);
            if (run.CompleteIteration() is { } reason)
            {
                return run.Finish(reason);
            }
        }
    }

    private static bool IsBinding(BoxBounds box, double[] x, double[] g, int i) =>
        (x[i] <= box.Lower[i] && g[i] > 0) || (x[i] >= box.Upper[i] && g[i] < 0);

    /// <summary>g'p over the free variables.</summary>
    private static double FreeDot(BoxBounds box, double[] x, double[] g, double[] p)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += IsBinding(box, x, g, i) ? 0 : g[i] * p[i];
        }

        return sum;
    }

    private static double DistanceSquared(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return sum;
    }
}
