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

    // x^2 + y^2 = 4 and x y = 1, one equation per i: the generated EquationGradient is row i of the Jacobian.
    [Differentiable]
    public static double Equation(ReadOnlySpan<double> v, [Constant] int i) =>
        i == 0 ? v[0] * v[0] + v[1] * v[1] - 4 : v[0] * v[1] - 1;
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
        void Equations(ReadOnlySpan<double> v, Span<double> f)
        {
            Span<double> unused = stackalloc double[2];
            for (int i = 0; i < 2; i++)
            {
                f[i] = ReadmeModels.EquationGradient(v, i, unused);
            }
        }

        void Jacobian(ReadOnlySpan<double> v, Span<double> jacobian)
        {
            for (int i = 0; i < 2; i++)
            {
                ReadmeModels.EquationGradient(v, i, jacobian.Slice(2 * i, 2));
            }
        }

        LeastSquaresResult root = new PowellHybridSolver().Solve(Equations, Jacobian, initialGuess: [2.0, 0.0]);
        output.WriteLine(root.ToString());
        Assert.True(root.Converged, root.ToString());
        Assert.Equal(4, root.Parameters[0] * root.Parameters[0] + root.Parameters[1] * root.Parameters[1], 1e-12);
        Assert.Equal(1, root.Parameters[0] * root.Parameters[1], 1e-12);

        double[] x = [0, 1, 2, 3, 4, 5];
        double[] y = [0.1, 0.9, 2.2, 2.8, 4.1, 5.0];
        CurveFitResult fit = CurveFit.Fit(TestModels.LineGradient, x, y, initialGuess: [0, 1]);
        ParameterUncertainty u = fit.Uncertainty!;
        if (u.IsAvailable)
        {
            output.WriteLine($"slope {fit.Parameters[1]:F4} +/- {u.StandardErrors![1]:F4}, corr(intercept, slope) {u.Correlation![0, 1]:F3}");
        }
        else
        {
            output.WriteLine(u.Message); // rank-deficient J or m <= n
        }

        Assert.True(u.IsAvailable);
    }
}
