using System;
using AutoDiff.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>README's least-squares snippets, verbatim, so they compile and print what README shows.</summary>
public static partial class ReadmeModels
{
    [Differentiable]
    public static double Decay(ReadOnlySpan<double> p, [Constant] double x) => p[0] * (1 - Math.Exp(-p[1] * x));

    // x^2 + y^2 = 4 and x y = 1.
    [Differentiable]
    public static void Equations(ReadOnlySpan<double> v, Span<double> f)
    {
        f[0] = v[0] * v[0] + v[1] * v[1] - 4;
        f[1] = v[0] * v[1] - 1;
    }

    // Residuals of y ~ p0 (1 - exp(-p1 x)), the data marked [Constant].
    [Differentiable]
    public static void DecayResiduals(ReadOnlySpan<double> p, [Constant] double[] x, [Constant] double[] y, Span<double> r)
    {
        for (int i = 0; i < x.Length; i++)
        {
            r[i] = p[0] * (1 - Math.Exp(-p[1] * x[i])) - y[i];
        }
    }
}

public sealed class ReadmeExamples(ITestOutputHelper output)
{
    [Fact]
    public void CurveFitQuickstart()
    {
        double[] x = [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0];
        double[] y = [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78];
        CurveFitResult fit = CurveFit.Fit(ReadmeModels.DecayGradient, x, y, initialGuess: [500, 1e-4]);
        output.WriteLine(fit.ToString());

        Assert.True(fit.Converged);
        Assert.Equal(238.94212918, fit.Parameters[0], 1e-4);
        Assert.Equal(2.7070075241, fit.StandardErrors![0], 1e-5);
        Assert.Equal(14, fit.Residuals.Length);
    }

    [Fact]
    public void SystemAndUncertainty()
    {
        LeastSquaresResult root = new PowellHybridSolver().Solve(ReadmeModels.Equations, ReadmeModels.EquationsJacobian, initialGuess: [2.0, 0.0]);
        output.WriteLine(root.ToString());
        Assert.True(root.Converged, root.ToString());
        Assert.Equal(4, root.Parameters[0] * root.Parameters[0] + root.Parameters[1] * root.Parameters[1], 1e-12);
        Assert.Equal(1, root.Parameters[0] * root.Parameters[1], 1e-12);
        Assert.Equal(1.931851653, root.Parameters[0], 1e-9);
        Assert.Equal(0.5176380902, root.Parameters[1], 1e-9);
        Assert.Equal(6, root.ResidualEvaluations);
        Assert.Equal(5, root.JacobianEvaluations);

        double[] x = [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0];
        double[] y = [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78];
        LeastSquaresResult fit = new LevenbergMarquardtSolver().Minimize(
            (p, r) => ReadmeModels.DecayResiduals(p, x, y, r),
            (p, jacobian) => ReadmeModels.DecayResidualsJacobian(p, x, y, jacobian),
            residualCount: x.Length,
            initialGuess: [500, 1e-4]);
        ParameterUncertainty u = fit.Uncertainty!;
        if (u.IsAvailable)
        {
            output.WriteLine($"{fit.Parameters[1]} +/- {u.StandardErrors![1]}, corr {u.Correlation![0, 1]}");
        }
        else
        {
            output.WriteLine(u.Message); // rank-deficient J or m <= n
        }

        // The same fit as CurveFit with the scalar model: NIST's certified Misra1a values.
        Assert.True(fit.Converged, fit.ToString());
        Assert.True(u.IsAvailable);
        Assert.Equal(238.94212918, fit.Parameters[0], 1e-4);
        Assert.Equal(5.5015643181E-04, fit.Parameters[1], 1e-9);
        Assert.Equal(7.2668688436E-06, u.StandardErrors![1], 1e-9);
    }
}
