using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The loss rho applied to each squared residual z = (r / C)^2, with C the scale: the cost is
/// 1/2 sum C^2 rho(z). The set and its definitions are scipy.optimize.least_squares's.
/// </summary>
public enum RobustLoss
{
    /// <summary>rho(z) = z: ordinary least squares.</summary>
    Linear,

    /// <summary>rho(z) = z for z &lt;= 1, 2 sqrt(z) - 1 beyond: quadratic near zero, linear in |r| for outliers.</summary>
    Huber,

    /// <summary>rho(z) = 2 (sqrt(1 + z) - 1): a smooth approximation of the absolute value.</summary>
    SoftL1,

    /// <summary>rho(z) = ln(1 + z): outliers weigh less and less.</summary>
    Cauchy,

    /// <summary>rho(z) = arctan(z): bounded, so one residual adds at most pi/2 C^2 / 2 to the cost.</summary>
    Arctan,
}

/// <summary>
/// Evaluates a <see cref="RobustLoss"/> and rescales residuals and Jacobian rows so that Levenberg-Marquardt's
/// Gauss-Newton model has the robust cost's gradient and a positive semi-definite approximation of its Hessian
/// (Triggs et al., "Bundle adjustment: a modern synthesis", 2000, section 4.3, as scipy's least_squares does).
/// </summary>
internal static class RobustLossFunction
{
    /// <summary>rho(z), rho'(z), rho''(z).</summary>
    public static (double Rho, double Rho1, double Rho2) Evaluate(RobustLoss loss, double z)
    {
        switch (loss)
        {
            case RobustLoss.Huber:
                if (z <= 1)
                {
                    return (z, 1, 0);
                }

                double s = Math.Sqrt(z);
                return (2 * s - 1, 1 / s, -0.5 / (z * s));
            case RobustLoss.SoftL1:
                double t = 1 + z, st = Math.Sqrt(t);
                return (2 * (st - 1), 1 / st, -0.5 / (t * st));
            case RobustLoss.Cauchy:
                double c = 1 + z;
                return (Math.Log(c), 1 / c, -1 / (c * c));
            case RobustLoss.Arctan:
                double a = 1 + z * z;
                return (Math.Atan(z), 1 / a, -2 * z / (a * a));
            default:
                return (z, 1, 0);
        }
    }

    /// <summary>Twice the cost, sum C^2 rho((r_i / C)^2): the robust counterpart of ||r||^2.</summary>
    public static double TwiceCost(RobustLoss loss, double scale, ReadOnlySpan<double> residuals)
    {
        double sum = 0;
        if (loss == RobustLoss.Linear)
        {
            double norm = PivotedQr.Norm(residuals);
            return norm * norm;
        }

        foreach (double r in residuals)
        {
            double u = r / scale;
            sum += Evaluate(loss, u * u).Rho;
        }

        return scale * scale * sum;
    }

    /// <summary>
    /// Replaces r_i by rho' r_i / w_i and row i of the column-major Jacobian (leading dimension
    /// <paramref name="ld"/>, n columns) by w_i J_i, with w_i = sqrt(max(rho' + 2 rho'' r_i^2 / C^2, eps)).
    /// </summary>
    public static void ScaleResidualsAndJacobian(RobustLoss loss, double scale, Span<double> residuals, double[] jacobian, int ld, int n)
    {
        for (int i = 0; i < residuals.Length; i++)
        {
            double u = residuals[i] / scale;
            var (_, rho1, rho2) = Evaluate(loss, u * u);
            double w = Math.Sqrt(Math.Max(rho1 + 2 * rho2 * u * u, PivotedQr.MachineEpsilon));
            residuals[i] *= rho1 / w;
            for (int j = 0; j < n; j++)
            {
                jacobian[j * ld + i] *= w;
            }
        }
    }
}
