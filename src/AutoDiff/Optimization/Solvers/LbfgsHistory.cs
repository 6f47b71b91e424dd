using System;

namespace AutoDiff.Optimization;

/// <summary>The last m pairs (s, y) in a ring buffer, and the two-loop recursion over them.</summary>
internal sealed class LbfgsHistory(int memory, int n)
{
    private readonly double[][] _s = NewMatrix(memory, n);
    private readonly double[][] _y = NewMatrix(memory, n);
    private readonly double[] _rho = new double[memory];
    private readonly double[] _alpha = new double[memory];
    private double[] _sNext = new double[n];
    private double[] _yNext = new double[n];
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
        for (int i = 0; i < n; i++)
        {
            _sNext[i] = step * p[i];
            _yNext[i] = gradient[i] - previousGradient[i];
        }

        Commit();
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

    /// <summary>
    /// Keeps the pair in (_sNext, _yNext) when s'y &gt; 0, swapping its buffers with the oldest slot's (so the check
    /// happens before the oldest pair in use is overwritten, and nothing is copied or allocated).
    /// </summary>
    private void Commit()
    {
        double sy = VectorMath.Dot(_sNext, _yNext);
        if (!(sy > 0) || !double.IsFinite(sy))
        {
            return;
        }

        int slot = (_newest + 1) % memory;
        (_s[slot], _sNext) = (_sNext, _s[slot]);
        (_y[slot], _yNext) = (_yNext, _y[slot]);
        _rho[slot] = 1 / sy;
        _newest = slot;
        Count = Math.Min(Count + 1, memory);
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
