using System;

namespace AutoDiff.Optimization;

/// <summary>
/// L-BFGS-B: Byrd, Lu, Nocedal and Zhu, "A limited memory algorithm for bound constrained optimization", SIAM J. Sci.
/// Comput. 16(5), 1995, with the subspace step of Morales and Nocedal, "Remark on Algorithm 778", ACM TOMS 38(1), 2011.
/// Each iteration works on the quadratic model m(x + d) = f + g'd + d'Bd / 2 with the compact limited-memory B of
/// <see cref="CompactLbfgsMatrix"/>:
/// <list type="number">
/// <item>the generalized Cauchy point x^c, the first local minimiser of m along the projected steepest-descent path
/// P(x - t g), found by walking its breakpoints in order (BLNZ section 4, Algorithm CP); the variables at a bound
/// there form the active set;</item>
/// <item>subspace minimisation: m minimised over the free variables with the active ones held at x^c, by the direct
/// primal method (BLNZ section 5.1, Sherman-Morrison-Woodbury on the reduced B), giving x^c + d^u; that point is
/// projected onto the box and kept when x̄ - x is still a descent direction, otherwise the step is cut back to the
/// box, x^c + alpha* d^u with the largest feasible alpha* &lt;= 1 (Morales and Nocedal's remark, L-BFGS-B 3.0);</item>
/// <item>a line search along d = x̄ - x, trying step 1 first (min(1, 1/||d||) on the first iteration) and never
/// stepping beyond the box (BLNZ section 6: the largest feasible step, 1 on the first iteration);</item>
/// <item>the pair s = x_new - x, y = g_new - g is stored unless s'y &lt;= eps y'y.</item>
/// </list>
/// The start is projected onto the box by <see cref="SolverRun"/>; convergence is tested on the projected gradient.
/// </summary>
internal sealed class LbfgsB
{
    private readonly SolverRun _run;
    private readonly LbfgsOptions _options;
    private readonly BoxBounds _box;
    private readonly CompactLbfgsMatrix _matrix;
    private readonly LineAlongDirection _line;

    // Work arrays for the Cauchy point and the subspace step, allocated once.
    private readonly double[] _cauchy;     // x^c
    private readonly double[] _xBar;       // x̄, the end of the subspace step
    private readonly double[] _direction;  // d = -g on the variables still moving along the path
    private readonly double[] _breakTimes;
    private readonly int[] _breakOrder;
    private readonly int[] _free;
    private readonly double[] _reduced;    // r^c, then d^u, on the free variables
    private readonly double[] _p, _c, _w, _v, _mc, _column, _system;
    private readonly double[] _previousX, _previousGradient, _s, _y;

    private LbfgsB(SolverRun run, LbfgsOptions options, BoxBounds box)
    {
        int n = run.Dimension, m2 = 2 * options.Memory;
        _run = run;
        _options = options;
        _box = box;
        _matrix = new CompactLbfgsMatrix(options.Memory, n);
        _line = new LineAlongDirection(run);
        _cauchy = new double[n];
        _xBar = new double[n];
        _direction = new double[n];
        _breakTimes = new double[n];
        _breakOrder = new int[n];
        _free = new int[n];
        _reduced = new double[n];
        _p = new double[m2];
        _c = new double[m2];
        _w = new double[m2];
        _v = new double[m2];
        _mc = new double[m2];
        _column = new double[m2];
        _system = new double[m2 * m2];
        _previousX = new double[n];
        _previousGradient = new double[n];
        _s = new double[n];
        _y = new double[n];
    }

    public static OptimizationResult Iterate(SolverRun run, LbfgsOptions options, BoxBounds box) =>
        new LbfgsB(run, options, box).Iterate();

    private OptimizationResult Iterate()
    {
        int n = _run.Dimension;
        double[] d = _line.Direction;
        while (true)
        {
            double slope = SearchDirection(d);
            if (!(slope < 0) && _matrix.Count > 0)
            {
                // Round-off can make x̄ - x uphill when B is poorly conditioned: restart from B = I (as L-BFGS-B does).
                _matrix.Clear();
                slope = SearchDirection(d);
            }

            LineSearchResult search = Search(slope);
            if (!search.IsAcceptable && _matrix.Count > 0)
            {
                // The model may be stale; L-BFGS-B refreshes the memory and tries once more from B = I.
                _matrix.Clear();
                search = Search(SearchDirection(d));
            }

            if (!search.IsAcceptable)
            {
                return _run.Finish(_run.LineSearchFailure(search));
            }

            _run.X.CopyTo(_previousX, 0);
            _run.Gradient.CopyTo(_previousGradient, 0);
            if (!_line.TryMoveRun(search.Step))
            {
                return _run.Finish(TerminationReason.NonFiniteObjective);
            }

            for (int i = 0; i < n; i++)
            {
                _s[i] = _run.X[i] - _previousX[i];
                _y[i] = _run.Gradient[i] - _previousGradient[i];
            }

            _matrix.TryAdd(_s, _y);
            if (_run.CompleteIteration() is { } reason)
            {
                return _run.Finish(reason);
            }
        }
    }

    /// <summary>Writes d = x̄ - x (Cauchy point, then subspace step) and returns g'd.</summary>
    private double SearchDirection(double[] d)
    {
        CauchyPoint();
        SubspaceMinimization();
        double[] x = _run.X;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = _xBar[i] - x[i];
        }

        return VectorMath.Dot(_run.Gradient, d);
    }

    /// <summary>
    /// The line search along d from step 1, or min(1, 1/||d||) on a first iteration, limited to the largest step that
    /// stays in the box (1 on a first iteration, where B = I makes x̄ a plain projected-gradient point and a longer step
    /// is not to be trusted). L-BFGS-B's lnsrlb tries 1 on a first iteration when every variable has both bounds; we do
    /// not, because a wide box does not make x - g a safe first trial (measured: Jennrich-Sampson in [-1e10, 1e10]^2
    /// jumped to where the exponentials underflow, f = 2020 with g = 0).
    /// </summary>
    private LineSearchResult Search(double slope)
    {
        double[] d = _line.Direction;
        if (_matrix.Count == 0)
        {
            double initial = SolverRun.SafeInitialStep(Math.Min(1, 1 / Math.Sqrt(VectorMath.NormSquared(d))));
            return _line.Search(_options.LineSearch, slope, initial, maxStep: 1);
        }

        return _line.Search(_options.LineSearch, slope, 1, MaxFeasibleStep(d));
    }

    /// <summary>The largest a with l &lt;= x + a d &lt;= u; at least 1, because x + d = x̄ is in the box.</summary>
    private double MaxFeasibleStep(double[] d)
    {
        double[] x = _run.X;
        ReadOnlySpan<double> lower = _box.Lower, upper = _box.Upper;
        double max = double.PositiveInfinity;
        for (int i = 0; i < d.Length; i++)
        {
            if (d[i] < 0 && double.IsFinite(lower[i]))
            {
                max = Math.Min(max, (lower[i] - x[i]) / d[i]);
            }
            else if (d[i] > 0 && double.IsFinite(upper[i]))
            {
                max = Math.Min(max, (upper[i] - x[i]) / d[i]);
            }
        }

        return Math.Max(max, 1);
    }

    /// <summary>
    /// Algorithm CP of BLNZ 1995: the first local minimiser x^c of the model along x(t) = P(x - t g). Along each
    /// segment between breakpoints (where a variable reaches its bound and stops) the model is a parabola in t with
    /// slope f' and curvature f'', updated in O(m) per breakpoint from p = W'd and c = W'(x(t) - x). Leaves c = W'(x^c - x)
    /// in <see cref="_c"/> for the subspace step.
    /// </summary>
    private void CauchyPoint()
    {
        double[] x = _run.X, g = _run.Gradient, d = _direction, xc = _cauchy;
        ReadOnlySpan<double> lower = _box.Lower, upper = _box.Upper;
        int k2 = 2 * _matrix.Count;
        double theta = _matrix.Theta;
        x.CopyTo(xc, 0);
        Array.Clear(_c);

        // Breakpoints t_i, the time x_i - t g_i reaches its bound; variables held by a bound do not move (d_i = 0).
        int breaks = 0, moving = 0;
        double slope = 0;
        for (int i = 0; i < x.Length; i++)
        {
            bool held = (x[i] <= lower[i] && g[i] >= 0) || (x[i] >= upper[i] && g[i] <= 0);
            d[i] = held ? 0 : -g[i];
            if (d[i] == 0)
            {
                continue;
            }

            moving++;
            slope -= g[i] * g[i];
            double breakTime = g[i] < 0 ? (x[i] - upper[i]) / g[i] : (x[i] - lower[i]) / g[i];
            if (double.IsFinite(breakTime))
            {
                _breakTimes[breaks] = breakTime;
                _breakOrder[breaks] = i;
                breaks++;
            }
        }

        if (moving == 0)
        {
            return; // the projected gradient is 0: x is its own Cauchy point
        }

        // f' = g'd = -d'd and f'' = d'Bd = theta d'd - p'Mp with p = W'd.
        Span<double> p = _p.AsSpan(0, k2), c = _c.AsSpan(0, k2), w = _w.AsSpan(0, k2), v = _v.AsSpan(0, k2);
        _matrix.MultiplyWTranspose(d, p);
        _matrix.MultiplyMiddle(p, v);
        double curvature = -theta * slope - VectorMath.Dot(p, v);
        double curvatureFloor = StoppingCriteria.MachineEpsilon * curvature;
        double minimizer = -slope / curvature;
        Array.Sort(_breakTimes, _breakOrder, 0, breaks);

        double tOld = 0;
        for (int j = 0; j < breaks; j++)
        {
            double dt = _breakTimes[j] - tOld;
            if (minimizer < dt)
            {
                break; // the parabola's minimiser lies inside this segment
            }

            // Variable b reaches its bound: fix it there and update f', f'', p and c for the next segment.
            int b = _breakOrder[j];
            double gb = g[b];
            xc[b] = d[b] > 0 ? upper[b] : lower[b];
            double zb = xc[b] - x[b];
            VectorMath.AddScaled(c, dt, p);
            slope += dt * curvature + gb * gb + theta * gb * zb;
            curvature -= theta * gb * gb;
            if (k2 > 0)
            {
                _matrix.Row(b, w);
                _matrix.MultiplyMiddle(w, v);
                slope -= gb * VectorMath.Dot(v, c);
                curvature -= 2 * gb * VectorMath.Dot(v, p) + gb * gb * VectorMath.Dot(v, w);
                VectorMath.AddScaled(p, gb, w);
            }

            // Keep f'' positive: it is d'Bd on the remaining variables, and cancellation can drive it to 0 or below.
            curvature = Math.Max(curvature, curvatureFloor);
            d[b] = 0;
            moving--;
            minimizer = -slope / curvature;
            tOld = _breakTimes[j];
        }

        // Every moving variable reached its bound: x^c is the last breakpoint. Otherwise stop at the minimiser.
        double extra = moving == 0 ? 0 : Math.Max(minimizer, 0);
        double t = tOld + extra;
        for (int i = 0; i < x.Length; i++)
        {
            if (d[i] != 0)
            {
                xc[i] = x[i] + t * d[i];
            }
        }

        VectorMath.AddScaled(c, extra, p);
    }

    /// <summary>
    /// BLNZ section 5.1, the direct primal method: with Z the free variables at x^c (strictly inside their bounds),
    /// the reduced model has gradient r = Z'(g + theta (x^c - x) - W M c) and Hessian theta I - Z'W M W'Z, whose inverse
    /// by Sherman-Morrison-Woodbury gives d^u = -r / theta - Z'W N^-1 M W'Z r / theta^2 with N = I - M W'Z Z'W / theta
    /// (2k x 2k). Then Morales and Nocedal's projection with the backtracking of BLNZ as the fallback.
    /// </summary>
    private void SubspaceMinimization()
    {
        double[] x = _run.X, g = _run.Gradient, xc = _cauchy, xBar = _xBar;
        ReadOnlySpan<double> lower = _box.Lower, upper = _box.Upper;
        int k2 = 2 * _matrix.Count, free = 0;
        xc.CopyTo(xBar, 0);
        double theta = _matrix.Theta;
        for (int i = 0; i < x.Length; i++)
        {
            if (xc[i] > lower[i] && xc[i] < upper[i])
            {
                _free[free++] = i;
            }
        }

        if (free == 0)
        {
            return;
        }

        // r_i = g_i + theta (x^c_i - x_i) - w_i'M c; then W'Z r and sum over free i of w_i w_i' (into the system).
        Span<double> w = _w.AsSpan(0, k2), v = _v.AsSpan(0, k2), mc = _mc.AsSpan(0, k2);
        Span<double> system = _system.AsSpan(0, k2 * k2);
        _matrix.MultiplyMiddle(_c.AsSpan(0, k2), mc);
        Span<double> wr = _p.AsSpan(0, k2); // p is no longer needed
        wr.Clear();
        system.Clear();
        for (int f = 0; f < free; f++)
        {
            int i = _free[f];
            _matrix.Row(i, w);
            double r = g[i] + theta * (xc[i] - x[i]) - VectorMath.Dot(w, mc);
            _reduced[f] = r;
            VectorMath.AddScaled(wr, r, w);
            for (int a = 0; a < k2; a++)
            {
                VectorMath.AddScaled(system.Slice(a * k2, k2), w[a], w);
            }
        }

        bool solved = true;
        if (k2 > 0)
        {
            // v = M W'Z r; N = I - M (W'Z Z'W) / theta overwrites the system (row by row through mc as scratch); v = N^-1 v.
            _matrix.MultiplyMiddle(wr, v);
            Span<double> column = _c.AsSpan(0, k2), product = mc, nColumn = _column.AsSpan(0, k2); // c and M c are no longer needed
            for (int b = 0; b < k2; b++)
            {
                for (int a = 0; a < k2; a++)
                {
                    column[a] = system[a * k2 + b];
                }

                _matrix.MultiplyMiddle(column, product);
                for (int a = 0; a < k2; a++)
                {
                    nColumn[a] = (a == b ? 1 : 0) - product[a] / theta;
                }

                for (int a = 0; a < k2; a++)
                {
                    system[a * k2 + b] = nColumn[a];
                }
            }

            solved = CompactLbfgsMatrix.SolveInPlace(system, k2, v, 1);
        }

        if (!solved)
        {
            return; // N is singular to working precision: keep the Cauchy point
        }

        // d^u on the free variables, into _reduced.
        for (int f = 0; f < free; f++)
        {
            int i = _free[f];
            double correction = 0;
            if (k2 > 0)
            {
                _matrix.Row(i, w);
                correction = VectorMath.Dot(w, v);
            }

            _reduced[f] = -_reduced[f] / theta - correction / (theta * theta);
        }

        // Morales-Nocedal: project x^c + d^u onto the box, and keep it when it is downhill from x.
        for (int f = 0; f < free; f++)
        {
            int i = _free[f];
            xBar[i] = Math.Clamp(xc[i] + _reduced[f], lower[i], upper[i]);
        }

        double downhill = 0;
        for (int i = 0; i < x.Length; i++)
        {
            downhill += (xBar[i] - x[i]) * g[i];
        }

        if (downhill <= 0)
        {
            return;
        }

        // Otherwise BLNZ's backtrack: x^c + alpha* d^u with the largest alpha* <= 1 that stays in the box.
        double alpha = 1;
        for (int f = 0; f < free; f++)
        {
            int i = _free[f];
            double du = _reduced[f], start = xc[i];
            if (du < 0 && double.IsFinite(lower[i]))
            {
                alpha = Math.Min(alpha, (lower[i] - start) / du);
            }
            else if (du > 0 && double.IsFinite(upper[i]))
            {
                alpha = Math.Min(alpha, (upper[i] - start) / du);
            }
        }

        for (int f = 0; f < free; f++)
        {
            int i = _free[f];
            xBar[i] = Math.Clamp(xc[i] + alpha * _reduced[f], lower[i], upper[i]); // the clamp only absorbs rounding
        }
    }
}
