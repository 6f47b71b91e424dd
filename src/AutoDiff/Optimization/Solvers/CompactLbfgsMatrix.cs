using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The limited-memory BFGS matrix in compact form (Byrd, Nocedal and Schnabel, "Representations of quasi-Newton
/// matrices and their use in limited memory methods", Math. Programming 63, 1994, eq. 3.5; Byrd, Lu, Nocedal and Zhu
/// 1995, eqs. 3.2-3.4): B = theta I - W M W', with W = [Y, theta S] (n x 2k, the k newest pairs oldest first) and
/// M = K^-1, K = [[-D, L'], [L, theta S'S]], D = diag(s_i'y_i), L_ij = s_i'y_j for i &gt; j (strictly lower),
/// theta = y'y / s'y of the newest pair (1 before the first). L-BFGS-B needs B itself, not H = B^-1 as the two-loop
/// recursion gives, because the generalized Cauchy point and the subspace step are minimisers of the model
/// g'd + d'Bd / 2 along paths and on faces of the box.
/// </summary>
/// <remarks>
/// S'Y and S'S are kept up to date pair by pair (O(mn) per update) and K is inverted whenever a pair is added
/// (O(m^3), 2k &lt;= 2m is small). Everything is allocated at construction: nothing per update or per product.
/// </remarks>
internal sealed class CompactLbfgsMatrix
{
    private readonly int _memory;
    private readonly double[][] _s;
    private readonly double[][] _y;
    private readonly double[] _sy;     // _sy[a * m + b] = s_a'y_b, by ring slot
    private readonly double[] _ss;     // _ss[a * m + b] = s_a's_b, by ring slot
    private readonly double[] _middle; // M = K^-1, 2k x 2k row-major, chronological order
    private readonly double[] _work;   // K while it is being inverted
    private int _newest = -1;

    public CompactLbfgsMatrix(int memory, int n)
    {
        _memory = memory;
        _s = NewMatrix(memory, n);
        _y = NewMatrix(memory, n);
        _sy = new double[memory * memory];
        _ss = new double[memory * memory];
        _middle = new double[4 * memory * memory];
        _work = new double[4 * memory * memory];
    }

    /// <summary>k, the number of pairs held; W has 2k columns.</summary>
    public int Count { get; private set; }

    /// <summary>theta, the scale of the initial matrix theta I: y'y / s'y of the newest pair, 1 when there is none.</summary>
    public double Theta { get; private set; } = 1;

    /// <summary>Forgets every pair: B = I.</summary>
    public void Clear()
    {
        Count = 0;
        _newest = -1;
        Theta = 1;
    }

    /// <summary>
    /// Adds the pair (s, y) unless s'y &lt;= eps y'y (BLNZ 1995, section 4: the update would make B nearly singular or
    /// indefinite; eps is machine epsilon), dropping the oldest pair when m are held. Returns whether it was added.
    /// When the new K cannot be inverted (S nearly rank deficient) the memory is cleared, as L-BFGS-B's code does.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<double> s, ReadOnlySpan<double> y)
    {
        double sy = VectorMath.Dot(s, y), yy = VectorMath.NormSquared(y);
        if (!(sy > StoppingCriteria.MachineEpsilon * yy) || !double.IsFinite(sy) || !double.IsFinite(yy))
        {
            return false;
        }

        int slot = (_newest + 1) % _memory;
        s.CopyTo(_s[slot]);
        y.CopyTo(_y[slot]);
        _newest = slot;
        Count = Math.Min(Count + 1, _memory);
        for (int i = 0; i < Count; i++)
        {
            int other = Slot(i);
            _sy[slot * _memory + other] = VectorMath.Dot(_s[slot], _y[other]);
            _sy[other * _memory + slot] = VectorMath.Dot(_s[other], _y[slot]);
            _ss[slot * _memory + other] = _ss[other * _memory + slot] = VectorMath.Dot(_s[slot], _s[other]);
        }

        Theta = yy / sy;
        if (!InvertMiddle())
        {
            Clear();
        }

        return true;
    }

    /// <summary>Row <paramref name="i"/> of W: (y_1[i], ..., y_k[i], theta s_1[i], ..., theta s_k[i]), oldest pair first.</summary>
    public void Row(int i, Span<double> row)
    {
        int k = Count;
        for (int j = 0; j < k; j++)
        {
            int slot = Slot(j);
            row[j] = _y[slot][i];
            row[k + j] = Theta * _s[slot][i];
        }
    }

    /// <summary>result = W'v (2k entries).</summary>
    public void MultiplyWTranspose(ReadOnlySpan<double> v, Span<double> result)
    {
        int k = Count;
        for (int j = 0; j < k; j++)
        {
            int slot = Slot(j);
            result[j] = VectorMath.Dot(_y[slot], v);
            result[k + j] = Theta * VectorMath.Dot(_s[slot], v);
        }
    }

    /// <summary>result = M v for v of 2k entries; result must not overlap v.</summary>
    public void MultiplyMiddle(ReadOnlySpan<double> v, Span<double> result)
    {
        int size = 2 * Count;
        for (int a = 0; a < size; a++)
        {
            result[a] = VectorMath.Dot(_middle.AsSpan(a * size, size), v[..size]);
        }
    }

    /// <summary>The ring slot of the j-th pair in chronological order (0 = oldest held).</summary>
    private int Slot(int j) => (_newest - (Count - 1 - j) + _memory) % _memory;

    /// <summary>Builds K = [[-D, L'], [L, theta S'S]] and overwrites M with its inverse; false when K is singular to working precision.</summary>
    private bool InvertMiddle()
    {
        int k = Count, size = 2 * k;
        for (int a = 0; a < k; a++)
        {
            int slotA = Slot(a);
            for (int b = 0; b < k; b++)
            {
                int slotB = Slot(b);
                _work[a * size + b] = a == b ? -_sy[slotA * _memory + slotA] : 0;
                _work[a * size + k + b] = b > a ? _sy[slotB * _memory + slotA] : 0;   // L' : (L')_ab = L_ba = s_b'y_a
                _work[(k + a) * size + b] = a > b ? _sy[slotA * _memory + slotB] : 0; // L : s_a'y_b below the diagonal
                _work[(k + a) * size + k + b] = Theta * _ss[slotA * _memory + slotB];
            }
        }

        Span<double> inverse = _middle.AsSpan(0, size * size);
        inverse.Clear();
        for (int a = 0; a < size; a++)
        {
            inverse[a * size + a] = 1;
        }

        return SolveInPlace(_work.AsSpan(0, size * size), size, inverse, size);
    }

    /// <summary>
    /// Solves A X = B by Gaussian elimination with partial pivoting (A size x size, B size x columns, both row-major;
    /// A is destroyed, B becomes X). False when a pivot is zero or below 1e-14 of A's largest entry: K is indefinite, so
    /// no Cholesky, and 2m &lt;= 40 unknowns make anything cleverer pointless.
    /// </summary>
    internal static bool SolveInPlace(Span<double> a, int size, Span<double> b, int columns)
    {
        double largest = 0;
        foreach (double value in a)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        for (int col = 0; col < size; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < size; row++)
            {
                if (Math.Abs(a[row * size + col]) > Math.Abs(a[pivot * size + col]))
                {
                    pivot = row;
                }
            }

            if (!(Math.Abs(a[pivot * size + col]) > 1e-14 * largest))
            {
                return false;
            }

            if (pivot != col)
            {
                for (int j = 0; j < size; j++)
                {
                    (a[col * size + j], a[pivot * size + j]) = (a[pivot * size + j], a[col * size + j]);
                }

                for (int j = 0; j < columns; j++)
                {
                    (b[col * columns + j], b[pivot * columns + j]) = (b[pivot * columns + j], b[col * columns + j]);
                }
            }

            for (int row = col + 1; row < size; row++)
            {
                double factor = a[row * size + col] / a[col * size + col];
                if (factor == 0)
                {
                    continue;
                }

                for (int j = col; j < size; j++)
                {
                    a[row * size + j] -= factor * a[col * size + j];
                }

                for (int j = 0; j < columns; j++)
                {
                    b[row * columns + j] -= factor * b[col * columns + j];
                }
            }
        }

        for (int col = size - 1; col >= 0; col--)
        {
            for (int j = 0; j < columns; j++)
            {
                double sum = b[col * columns + j];
                for (int k = col + 1; k < size; k++)
                {
                    sum -= a[col * size + k] * b[k * columns + j];
                }

                b[col * columns + j] = sum / a[col * size + col];
            }
        }

        return true;
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
