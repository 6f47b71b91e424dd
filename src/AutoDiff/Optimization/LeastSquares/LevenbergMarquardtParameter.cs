using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The Levenberg-Marquardt parameter of More (1978), MINPACK's <c>lmpar</c>: given A P = Q R, the scaling D and the
/// trust-region radius delta, find par &gt;= 0 such that the step x solving (A'A + par D'D) x = -A'b has
/// ||D x|| within 10% of delta, or par = 0 when the Gauss-Newton step already lies inside the region.
/// It is a safeguarded Newton iteration on phi(par) = ||D x(par)|| - delta with bounds parl &lt;= par &lt;= paru,
/// at most 10 iterations (J. J. More, "The Levenberg-Marquardt algorithm: implementation and theory",
/// Numerical Analysis, Lecture Notes in Mathematics 630, Springer, 1978, pp. 105-116).
/// </summary>
internal sealed class LevenbergMarquardtParameter(int n)
{
    private readonly double[] _work1 = new double[n];
    private readonly double[] _work2 = new double[n];
    private readonly double[] _sdiag = new double[n];
    private readonly double[] _scaledDiag = new double[n];

    /// <summary>
    /// Returns the new par (starting from <paramref name="par"/>) and writes the step's negative, x with
    /// (A'A + par D'D) x = A'b, to <paramref name="x"/>. <paramref name="r"/> holds R in its upper triangle
    /// (leading dimension <paramref name="ldr"/>); its strict lower triangle is overwritten.
    /// </summary>
    public double Solve(
        double[] r, int ldr, int[] permutation, ReadOnlySpan<double> diag, ReadOnlySpan<double> qtb, double delta,
        double par, Span<double> x)
    {
        const double dwarf = double.Epsilon * 4503599627370496.0; // the smallest normal double, MINPACK's dwarf
        double[] wa1 = _work1, wa2 = _work2;

        // The Gauss-Newton direction; a rank-deficient R gets a least-squares solution with trailing zeros.
        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            wa1[j] = qtb[j];
            if (r[j * ldr + j] == 0 && nsing == n)
            {
                nsing = j;
            }

            if (nsing < n)
            {
                wa1[j] = 0;
            }
        }

        for (int j = nsing - 1; j >= 0; j--)
        {
            wa1[j] /= r[j * ldr + j];
            double temp = wa1[j];
            for (int i = 0; i < j; i++)
            {
                wa1[i] -= r[j * ldr + i] * temp;
            }
        }

        for (int j = 0; j < n; j++)
        {
            x[permutation[j]] = wa1[j];
        }

        // Accept the Gauss-Newton step if it is within 10% of the region's boundary or inside it.
        for (int j = 0; j < n; j++)
        {
            wa2[j] = diag[j] * x[j];
        }

        double dxnorm = PivotedQr.Norm(wa2);
        double fp = dxnorm - delta;
        if (fp <= 0.1 * delta)
        {
            return 0;
        }

        // Lower bound parl from the Newton step at par = 0 (only when R is nonsingular).
        double parl = 0;
        if (nsing >= n)
        {
            for (int j = 0; j < n; j++)
            {
                int l = permutation[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }

            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < j; i++)
                {
                    sum += r[j * ldr + i] * wa1[i];
                }

                wa1[j] = (wa1[j] - sum) / r[j * ldr + j];
            }

            double temp = PivotedQr.Norm(wa1);
            parl = fp / delta / temp / temp;
        }

        // Upper bound paru = ||D^-1 A'b|| / delta.
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i <= j; i++)
            {
                sum += r[j * ldr + i] * qtb[i];
            }

            wa1[j] = sum / diag[permutation[j]];
        }

        double gnorm = PivotedQr.Norm(wa1);
        double paru = gnorm / delta;
        if (paru == 0)
        {
            paru = dwarf / Math.Min(delta, 0.1);
        }

        par = Math.Min(Math.Max(par, parl), paru);
        if (par == 0)
        {
            par = gnorm / dxnorm;
        }

        for (int iteration = 1; ; iteration++)
        {
            if (par == 0)
            {
                par = Math.Max(dwarf, 0.001 * paru);
            }

            double sqrtPar = Math.Sqrt(par);
            for (int j = 0; j < n; j++)
            {
                _scaledDiag[j] = sqrtPar * diag[j];
            }

            PivotedQr.SolveRegularized(n, r, ldr, permutation, _scaledDiag, qtb, x, _sdiag, wa2);
            for (int j = 0; j < n; j++)
            {
                wa2[j] = diag[j] * x[j];
            }

            dxnorm = PivotedQr.Norm(wa2);
            double previous = fp;
            fp = dxnorm - delta;

            // Stop when ||D x|| is within 10% of delta, when parl = 0 and phi is negative and growing
            // (the region is large compared with the step), or after ten iterations.
            if (Math.Abs(fp) <= 0.1 * delta || (parl == 0 && fp <= previous && previous < 0) || iteration == 10)
            {
                return par;
            }

            // Newton correction, using S from the regularised solve (its strict lower triangle is in r).
            for (int j = 0; j < n; j++)
            {
                int l = permutation[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }

            for (int j = 0; j < n; j++)
            {
                wa1[j] /= _sdiag[j];
                double temp = wa1[j];
                for (int i = j + 1; i < n; i++)
                {
                    wa1[i] -= r[j * ldr + i] * temp;
                }
            }

            double norm = PivotedQr.Norm(wa1);
            double parc = fp / delta / norm / norm;
            if (fp > 0)
            {
                parl = Math.Max(parl, par);
            }
            else if (fp < 0)
            {
                paru = Math.Min(paru, par);
            }

            par = Math.Max(parl, par + parc);
        }
    }
}
