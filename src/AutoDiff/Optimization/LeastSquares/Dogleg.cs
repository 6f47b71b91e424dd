using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Powell's dogleg step, MINPACK's <c>dogleg</c>: given J = Q R (no pivoting), D and delta, the convex combination of
/// the Gauss-Newton step and the scaled steepest-descent step that minimises ||Q'F + R p|| along the dogleg path
/// within ||D p|| &lt;= delta (M. J. D. Powell, "A hybrid method for nonlinear equations", in Numerical Methods
/// for Nonlinear Algebraic Equations, P. Rabinowitz (ed.), Gordon and Breach, 1970).
/// </summary>
internal sealed class Dogleg(int n)
{
    private readonly double[] _gradient = new double[n];
    private readonly double[] _work = new double[n];

    /// <summary>
    /// Writes the step's negative to <paramref name="x"/> (the caller negates it, as hybrj does). R is upper
    /// triangular in column-major <paramref name="r"/> with leading dimension <paramref name="ldr"/>; <paramref name="qtb"/> is Q'F.
    /// </summary>
    public void Step(double[] r, int ldr, ReadOnlySpan<double> diag, ReadOnlySpan<double> qtb, double delta, Span<double> x)
    {
        const double epsmch = PivotedQr.MachineEpsilon;

        // The Gauss-Newton direction R x = Q'F; a zero diagonal element is replaced by a tiny one so R stays invertible.
        for (int j = n - 1; j >= 0; j--)
        {
            double sum = 0;
            for (int i = j + 1; i < n; i++)
            {
                sum += r[i * ldr + j] * x[i];
            }

            double temp = r[j * ldr + j];
            if (temp == 0)
            {
                for (int i = 0; i <= j; i++)
                {
                    temp = Math.Max(temp, Math.Abs(r[j * ldr + i]));
                }

                temp = temp == 0 ? epsmch : epsmch * temp;
            }

            x[j] = (qtb[j] - sum) / temp;
        }

        // Accept the Gauss-Newton step if it lies within the trust region.
        for (int j = 0; j < n; j++)
        {
            _work[j] = diag[j] * x[j];
        }

        double qnorm = PivotedQr.Norm(_work);
        if (qnorm <= delta)
        {
            return;
        }

        // The scaled gradient direction D^-1 R'Q'F.
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i <= j; i++)
            {
                sum += r[j * ldr + i] * qtb[i];
            }

            _gradient[j] = sum / diag[j];
        }

        double gnorm = PivotedQr.Norm(_gradient);
        double sgnorm = 0;
        double alpha = delta / qnorm;
        if (gnorm != 0)
        {
            // The point along the scaled gradient that minimises the model (the Cauchy point).
            for (int j = 0; j < n; j++)
            {
                _gradient[j] = _gradient[j] / gnorm / diag[j];
            }

            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = j; i < n; i++)
                {
                    sum += r[i * ldr + j] * _gradient[i];
                }

                _work[j] = sum;
            }

            double temp = PivotedQr.Norm(_work);
            sgnorm = gnorm / temp / temp;

            // The Cauchy point inside the region: the dogleg crosses the boundary between it and Gauss-Newton.
            alpha = 0;
            if (sgnorm < delta)
            {
                double bnorm = PivotedQr.Norm(qtb[..n]);
                temp = bnorm / gnorm * (bnorm / qnorm) * (sgnorm / delta);
                temp = temp - delta / qnorm * (sgnorm / delta) * (sgnorm / delta)
                    + Math.Sqrt((temp - delta / qnorm) * (temp - delta / qnorm)
                        + (1 - delta / qnorm * (delta / qnorm)) * (1 - sgnorm / delta * (sgnorm / delta)));
                alpha = delta / qnorm * (1 - sgnorm / delta * (sgnorm / delta)) / temp;
            }
        }

        // The convex combination of the Gauss-Newton and scaled gradient directions.
        double scale = (1 - alpha) * Math.Min(sgnorm, delta);
        for (int j = 0; j < n; j++)
        {
            x[j] = scale * _gradient[j] + alpha * x[j];
        }
    }
}
