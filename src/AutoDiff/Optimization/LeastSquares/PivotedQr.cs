using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Householder QR with column pivoting and the regularised solve, as MINPACK's <c>qrfac</c> and <c>qrsolv</c>
/// (J. J. More, B. S. Garbow, K. E. Hillstrom, "User Guide for MINPACK-1", Argonne ANL-80-74, 1980).
/// Written here rather than taken from MathNet because Levenberg-Marquardt needs what a library QR does not give:
/// the pivoted R left in place next to the Householder vectors, the column norms of J, and the solve of
/// [R; sqrt(par) D] x ~ [Q'r; 0] by Givens rotations that reuses R for every trial par without refactoring J.
/// Matrices are column-major with leading dimension m: element (i, j) of A is <c>a[j * m + i]</c>.
/// </summary>
internal static class PivotedQr
{
    /// <summary>
    /// Factors A P = Q R in place (m &gt;= n). On return the upper triangle of A's first n rows holds R above its
    /// diagonal, the diagonal of R is in <paramref name="rdiag"/>, and the columns below the diagonal hold the
    /// Householder vectors, scaled so that A(j, j) is the vector's leading element. With <paramref name="pivot"/>
    /// false the columns keep their order (the Powell hybrid method).
    /// </summary>
    public static void Factor(
        int m, int n, double[] a, bool pivot, int[] permutation, double[] rdiag, double[] columnNorms, double[] work)
    {
        for (int j = 0; j < n; j++)
        {
            columnNorms[j] = Norm(a.AsSpan(j * m, m));
            rdiag[j] = columnNorms[j];
            work[j] = rdiag[j];
            permutation[j] = j;
        }

        int steps = Math.Min(m, n);
        for (int j = 0; j < steps; j++)
        {
            if (pivot)
            {
                // Bring the column of largest remaining norm to the pivot position.
                int kmax = j;
                for (int k = j; k < n; k++)
                {
                    if (rdiag[k] > rdiag[kmax])
                    {
                        kmax = k;
                    }
                }

                if (kmax != j)
                {
                    for (int i = 0; i < m; i++)
                    {
                        (a[j * m + i], a[kmax * m + i]) = (a[kmax * m + i], a[j * m + i]);
                    }

                    rdiag[kmax] = rdiag[j];
                    work[kmax] = work[j];
                    (permutation[j], permutation[kmax]) = (permutation[kmax], permutation[j]);
                }
            }

            // The Householder reflection that zeroes column j below the diagonal.
            int cj = j * m;
            double ajnorm = Norm(a.AsSpan(cj + j, m - j));
            if (ajnorm != 0)
            {
                if (a[cj + j] < 0)
                {
                    ajnorm = -ajnorm;
                }

                for (int i = j; i < m; i++)
                {
                    a[cj + i] /= ajnorm;
                }

                a[cj + j] += 1;
                for (int k = j + 1; k < n; k++)
                {
                    int ck = k * m;
                    double sum = 0;
                    for (int i = j; i < m; i++)
                    {
                        sum += a[cj + i] * a[ck + i];
                    }

                    double temp = sum / a[cj + j];
                    for (int i = j; i < m; i++)
                    {
                        a[ck + i] -= temp * a[cj + i];
                    }

                    if (pivot && rdiag[k] != 0)
                    {
                        // Downdate the remaining norm of column k; recompute it when cancellation has eaten it.
                        temp = a[ck + j] / rdiag[k];
                        rdiag[k] *= Math.Sqrt(Math.Max(0, 1 - temp * temp));
                        if (0.05 * (rdiag[k] / work[k]) * (rdiag[k] / work[k]) <= MachineEpsilon)
                        {
                            rdiag[k] = Norm(a.AsSpan(ck + j + 1, m - j - 1));
                            work[k] = rdiag[k];
                        }
                    }
                }
            }

            rdiag[j] = -ajnorm;
        }
    }

    /// <summary>
    /// Overwrites <paramref name="b"/> (length m) with Q'b using the Householder vectors <see cref="Factor"/> left in
    /// <paramref name="a"/>, then puts R's diagonal into A so that A's first n rows hold R (MINPACK lmder's loop).
    /// </summary>
    public static void ApplyQTransposeAndStoreR(int m, int n, double[] a, double[] rdiag, Span<double> b)
    {
        for (int j = 0; j < n; j++)
        {
            int cj = j * m;
            if (a[cj + j] != 0)
            {
                double sum = 0;
                for (int i = j; i < m; i++)
                {
                    sum += a[cj + i] * b[i];
                }

                double temp = -sum / a[cj + j];
                for (int i = j; i < m; i++)
                {
                    b[i] += temp * a[cj + i];
                }
            }

            a[cj + j] = rdiag[j];
        }
    }

    /// <summary>
    /// Solves min || [A; D] x - [b; 0] || given A P = Q R, with D diagonal, as MINPACK's <c>qrsolv</c>: Givens rotations
    /// reduce [R; P'DP] to the upper triangle S (diagonal in <paramref name="sdiag"/>, the rest below R's diagonal in
    /// <paramref name="r"/>, whose upper triangle stays intact), then back substitution. A singular S gives the
    /// least-squares solution with the trailing components zero. <paramref name="qtb"/> is the first n components of Q'b.
    /// </summary>
    public static void SolveRegularized(
        int n, double[] r, int ldr, int[] permutation, ReadOnlySpan<double> diag, ReadOnlySpan<double> qtb,
        Span<double> x, Span<double> sdiag, Span<double> work)
    {
        // Copy R and Q'b; save the diagonal of R in x.
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                r[j * ldr + i] = r[i * ldr + j];
            }

            x[j] = r[j * ldr + j];
            work[j] = qtb[j];
        }

        // Eliminate the diagonal matrix D with Givens rotations, one row of D at a time.
        for (int j = 0; j < n; j++)
        {
            int l = permutation[j];
            if (diag[l] != 0)
            {
                sdiag[j..].Clear();
                sdiag[j] = diag[l];
                double qtbpj = 0;
                for (int k = j; k < n; k++)
                {
                    if (sdiag[k] == 0)
                    {
                        continue;
                    }

                    double rkk = r[k * ldr + k];
                    double sin, cos;
                    if (Math.Abs(rkk) < Math.Abs(sdiag[k]))
                    {
                        double cotan = rkk / sdiag[k];
                        sin = 0.5 / Math.Sqrt(0.25 + 0.25 * cotan * cotan);
                        cos = sin * cotan;
                    }
                    else
                    {
                        double tan = sdiag[k] / rkk;
                        cos = 0.5 / Math.Sqrt(0.25 + 0.25 * tan * tan);
                        sin = cos * tan;
                    }

                    r[k * ldr + k] = cos * rkk + sin * sdiag[k];
                    double temp = cos * work[k] + sin * qtbpj;
                    qtbpj = -sin * work[k] + cos * qtbpj;
                    work[k] = temp;
                    for (int i = k + 1; i < n; i++)
                    {
                        double rik = r[k * ldr + i];
                        temp = cos * rik + sin * sdiag[i];
                        sdiag[i] = -sin * rik + cos * sdiag[i];
                        r[k * ldr + i] = temp;
                    }
                }
            }

            // Store the diagonal element of S and restore the diagonal element of R.
            sdiag[j] = r[j * ldr + j];
            r[j * ldr + j] = x[j];
        }

        // Back substitution in S z = Q'b; a singular S gets a least-squares solution.
        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            if (sdiag[j] == 0 && nsing == n)
            {
                nsing = j;
            }

            if (nsing < n)
            {
                work[j] = 0;
            }
        }

        for (int j = nsing - 1; j >= 0; j--)
        {
            double sum = 0;
            for (int i = j + 1; i < nsing; i++)
            {
                sum += r[j * ldr + i] * work[i];
            }

            work[j] = (work[j] - sum) / sdiag[j];
        }

        for (int j = 0; j < n; j++)
        {
            x[permutation[j]] = work[j];
        }
    }

    /// <summary>
    /// Copies the row-major m x n matrix <paramref name="rowMajor"/> into the column-major <paramref name="a"/> with
    /// leading dimension <paramref name="ld"/> &gt;= m, zeroing the padding rows.
    /// </summary>
    public static void LoadColumnMajor(ReadOnlySpan<double> rowMajor, int m, int n, double[] a, int ld)
    {
        Array.Clear(a, 0, ld * n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[j * ld + i] = rowMajor[i * n + j];
            }
        }
    }

    /// <summary>||D v|| for the diagonal scaling D, using <paramref name="work"/> for D v.</summary>
    public static double ScaledNorm(ReadOnlySpan<double> diag, ReadOnlySpan<double> v, Span<double> work)
    {
        for (int j = 0; j < v.Length; j++)
        {
            work[j] = diag[j] * v[j];
        }

        return Norm(work[..v.Length]);
    }

    /// <summary>The Euclidean norm, scaled so that it neither overflows nor underflows (MINPACK's enorm guards the same).</summary>
    public static double Norm(ReadOnlySpan<double> x)
    {
        double scale = 0;
        foreach (double v in x)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        if (scale == 0 || !double.IsFinite(scale))
        {
            return scale;
        }

        double sum = 0;
        foreach (double v in x)
        {
            double t = v / scale;
            sum += t * t;
        }

        return scale * Math.Sqrt(sum);
    }

    /// <summary>The machine precision, MINPACK's epsmch.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;
}
