using System;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// The linearised uncertainty of fitted parameters: covariance (J'J)^-1 s^2 with s^2 = RSS / (m - n), standard errors
/// (square roots of its diagonal) and correlations, from the Jacobian J of the (weighted) residuals at the solution.
/// When J is rank-deficient (some parameter combination does not change the residuals) or m &lt;= n, the
/// covariance does not exist: <see cref="IsAvailable"/> is false, the matrices are null and <see cref="Message"/> says why.
/// These are the usual asymptotic estimates (as NIST certifies them); they ignore bounds and robust losses.
/// </summary>
public sealed class ParameterUncertainty
{
    private ParameterUncertainty(int rank, int degreesOfFreedom, double residualVariance, double[,]? covariance, string message)
    {
        Rank = rank;
        DegreesOfFreedom = degreesOfFreedom;
        ResidualVariance = residualVariance;
        Covariance = covariance;
        Message = message;
        if (covariance is not null)
        {
            int n = covariance.GetLength(0);
            StandardErrors = new double[n];
            Correlation = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                StandardErrors[i] = Math.Sqrt(covariance[i, i]);
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    Correlation[i, j] = covariance[i, j] / (StandardErrors[i] * StandardErrors[j]);
                }
            }
        }
    }

    /// <summary>True when the covariance, standard errors and correlations exist (J has full column rank and m &gt; n).</summary>
    public bool IsAvailable => Covariance is not null;

    /// <summary>The numerical rank of J (columns with |R_kk| &gt; max(m, n) eps |R_11| after pivoted QR).</summary>
    public int Rank { get; }

    /// <summary>m - n, the residual degrees of freedom.</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>s^2 = RSS / (m - n); NaN when m &lt;= n.</summary>
    public double ResidualVariance { get; }

    /// <summary>The n x n covariance (J'J)^-1 s^2, or null when not available.</summary>
    public double[,]? Covariance { get; }

    /// <summary>The parameters' standard errors, or null when not available.</summary>
    public double[]? StandardErrors { get; }

    /// <summary>The correlation matrix, or null when not available.</summary>
    public double[,]? Correlation { get; }

    /// <summary>Why the covariance is or is not available.</summary>
    public string Message { get; }

    /// <summary>The covariance as a MathNet matrix, or null when not available.</summary>
    public Matrix<double>? CovarianceMatrix => Covariance is null ? null : Matrix<double>.Build.DenseOfArray(Covariance);

    /// <summary>The standard errors as a MathNet vector, or null when not available.</summary>
    public Vector<double>? StandardErrorVector => StandardErrors is null ? null : Vector<double>.Build.DenseOfArray(StandardErrors);

    /// <summary>Computes the uncertainty from a Jacobian and the residuals.</summary>
    /// <param name="jacobian">J, m x n row-major, at the solution.</param>
    /// <param name="residuals">The m residuals at the solution.</param>
    /// <param name="n">The number of parameters.</param>
    /// <returns>The uncertainty.</returns>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static ParameterUncertainty FromJacobian(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int n)
    {
        int m = residuals.Length;
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "Must be positive.");
        }

        if (jacobian.Length != m * n)
        {
            throw new ArgumentException($"Expected an m x n = {m} x {n} Jacobian ({m * n} values); got {jacobian.Length}.", nameof(jacobian));
        }

        double rss = 0;
        foreach (double r in residuals)
        {
            rss += r * r;
        }

        int dof = m - n;
        double variance = dof > 0 ? rss / dof : double.NaN;
        if (m < n)
        {
            return new ParameterUncertainty(m, dof, variance, null, $"Fewer residuals ({m}) than parameters ({n}): J'J is singular.");
        }

        // Pivoted QR of J: J P = Q R, so (J'J)^-1 = P R^-1 R^-T P'.
        var a = new double[m * n];
        PivotedQr.LoadColumnMajor(jacobian, m, n, a, m);

        var permutation = new int[n];
        var rdiag = new double[n];
        PivotedQr.Factor(m, n, a, pivot: true, permutation, rdiag, new double[n], new double[n]);
        double threshold = Math.Max(m, n) * PivotedQr.MachineEpsilon * Math.Abs(rdiag[0]);
        int rank = 0;
        while (rank < n && Math.Abs(rdiag[rank]) > threshold && double.IsFinite(rdiag[rank]))
        {
            rank++;
        }

        if (rank < n)
        {
            return new ParameterUncertainty(rank, dof, variance, null,
                $"The Jacobian is rank-deficient (rank {rank} of {n}): some combination of parameters leaves the residuals unchanged, so J'J is singular and the parameters are not identifiable.");
        }

        if (dof == 0)
        {
            return new ParameterUncertainty(rank, dof, variance, null, "As many residuals as parameters: no degrees of freedom to estimate s^2.");
        }

        // R^-1 by back substitution, column by column (R upper triangular, diagonal in rdiag).
        var rInverse = new double[n, n];
        for (int k = 0; k < n; k++)
        {
            rInverse[k, k] = 1 / rdiag[k];
            for (int i = k - 1; i >= 0; i--)
            {
                double sum = 0;
                for (int l = i + 1; l <= k; l++)
                {
                    sum += a[l * m + i] * rInverse[l, k];
                }

                rInverse[i, k] = -sum / rdiag[i];
            }
        }

        var covariance = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int l = Math.Max(i, j); l < n; l++)
                {
                    sum += rInverse[i, l] * rInverse[j, l];
                }

                covariance[permutation[i], permutation[j]] = sum * variance;
            }
        }

        return new ParameterUncertainty(rank, dof, variance, covariance, $"Full rank; s^2 = RSS / {dof}.");
    }
}
