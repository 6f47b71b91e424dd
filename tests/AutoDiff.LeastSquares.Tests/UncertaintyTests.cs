using System;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>Covariance against the closed form of linear regression; rank-deficient and zero-dof Jacobians give a clear "not available".</summary>
public sealed class UncertaintyTests
{
    private static readonly double[] X = [0, 1, 2, 3, 4, 5, 6, 7];
    private static readonly double[] Y = [1.1, 2.9, 5.2, 6.8, 9.1, 11.2, 12.8, 15.1];

    [Fact]
    public void StraightLineCovarianceMatchesTheClosedForm()
    {
        CurveFitResult fit = CurveFit.Fit(TestModels.LineGradient, X, Y, [0, 0]);

        // Ordinary least squares: b = Sxy / Sxx, a = ybar - b xbar; s^2 = RSS / (m - 2);
        // Var b = s^2 / Sxx, Var a = s^2 (1/m + xbar^2 / Sxx), Cov(a, b) = -xbar s^2 / Sxx.
        int m = X.Length;
        double xbar = 0, ybar = 0;
        for (int i = 0; i < m; i++)
        {
            xbar += X[i] / m;
            ybar += Y[i] / m;
        }

        double sxx = 0, sxy = 0;
        for (int i = 0; i < m; i++)
        {
            sxx += (X[i] - xbar) * (X[i] - xbar);
            sxy += (X[i] - xbar) * (Y[i] - ybar);
        }

        double b = sxy / sxx, a = ybar - b * xbar;
        double rss = 0;
        for (int i = 0; i < m; i++)
        {
            double r = Y[i] - a - b * X[i];
            rss += r * r;
        }

        double s2 = rss / (m - 2);
        ParameterUncertainty u = fit.Uncertainty!;
        Assert.True(u.IsAvailable);
        Assert.Equal(2, u.Rank);
        Assert.Equal(m - 2, u.DegreesOfFreedom);
        Assert.Equal(s2, u.ResidualVariance, 1e-12);
        Assert.Equal(a, fit.Parameters[0], 1e-10);
        Assert.Equal(b, fit.Parameters[1], 1e-10);
        Assert.Equal(s2 * (1.0 / m + xbar * xbar / sxx), u.Covariance![0, 0], 1e-12);
        Assert.Equal(s2 / sxx, u.Covariance[1, 1], 1e-12);
        Assert.Equal(-xbar * s2 / sxx, u.Covariance[0, 1], 1e-12);
        Assert.Equal(u.Covariance[0, 1], u.Covariance[1, 0], 1e-15);
        Assert.Equal(Math.Sqrt(s2 / sxx), fit.StandardErrors![1], 1e-12);
        Assert.Equal(1, u.Correlation![0, 0], 1e-15);
        Assert.Equal(-xbar * s2 / sxx / (fit.StandardErrors[0] * fit.StandardErrors[1]), u.Correlation[0, 1], 1e-12);
        Assert.Equal(u.Covariance[1, 1], u.CovarianceMatrix![1, 1]);
        Assert.Equal(fit.StandardErrors[0], u.StandardErrorVector![0]);

        // The residuals returned are y - f.
        Assert.Equal(Y[3] - a - b * X[3], fit.Residuals[3], 1e-10);
    }

    [Fact]
    public void RankDeficientJacobianSaysSoInsteadOfReturningNumbers()
    {
        CurveFitResult fit = CurveFit.Fit(TestModels.RedundantLineGradient, X, Y, [0, 0, 0]);

        // The fit itself is fine: only p0 + p1 is determined.
        Assert.True(fit.Converged, fit.ToString());
        CurveFitResult line = CurveFit.Fit(TestModels.LineGradient, X, Y, [0, 0]);
        Assert.Equal(line.Parameters[0], fit.Parameters[0] + fit.Parameters[1], 1e-8);
        Assert.Equal(line.Parameters[1], fit.Parameters[2], 1e-8);

        ParameterUncertainty u = fit.Uncertainty!;
        Assert.False(u.IsAvailable);
        Assert.Equal(2, u.Rank);
        Assert.Null(u.Covariance);
        Assert.Null(fit.StandardErrors);
        Assert.Null(u.Correlation);
        Assert.Null(u.CovarianceMatrix);
        Assert.Contains("rank-deficient", u.Message);
        Assert.Contains("rank-deficient", fit.ToString());
    }

    [Fact]
    public void NoDegreesOfFreedomMeansNoCovariance()
    {
        CurveFitResult fit = CurveFit.Fit(TestModels.LineGradient, [0, 1], [1, 3], [0, 0]);
        Assert.True(fit.Converged);
        Assert.False(fit.Uncertainty!.IsAvailable);
        Assert.Equal(0, fit.Uncertainty.DegreesOfFreedom);
        Assert.True(double.IsNaN(fit.Uncertainty.ResidualVariance));
    }

    [Fact]
    public void WeightsScaleTheResidualsAndTheCovariance()
    {
        // Weights w = 1/sigma^2: doubling every sigma leaves the fit and s^2 (J'WJ)^-1 unchanged, since s^2 absorbs the scale.
        var w1 = new double[X.Length];
        var w4 = new double[X.Length];
        Array.Fill(w1, 1.0);
        Array.Fill(w4, 0.25);
        CurveFitResult a = CurveFit.Fit(TestModels.LineGradient, X, Y, [0, 0], w1);
        CurveFitResult b = CurveFit.Fit(TestModels.LineGradient, X, Y, [0, 0], w4);
        Assert.Equal(a.Parameters[1], b.Parameters[1], 1e-10);
        Assert.Equal(a.StandardErrors![1], b.StandardErrors![1], 1e-10);
        Assert.Equal(0.25 * a.Result.ResidualSumOfSquares, b.Result.ResidualSumOfSquares, 1e-10);

        // An uneven weight moves the fit towards the heavy point.
        var heavy = (double[])w1.Clone();
        heavy[7] = 1000;
        CurveFitResult c = CurveFit.Fit(TestModels.LineGradient, X, Y, [0, 0], heavy);
        Assert.True(Math.Abs(c.Residuals[7]) < Math.Abs(a.Residuals[7]));
    }
}
