using System;
using System.Linq;
using AutoDiff.LeastSquares.Tests.Nist;
using AutoDiff.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>
/// Levenberg-Marquardt with MINPACK's defaults on the NIST StRD nonlinear regression datasets from both starts:
/// every parameter, every standard deviation and the residual sum of squares must match the certified values to a
/// log relative error of at least 6.
/// </summary>
public sealed class NistTests(ITestOutputHelper output)
{
    /// <summary>
    /// MINPACK's defaults (ftol = xtol = 1.5e-8) stop when the cost has settled to 8 digits, which leaves the
    /// parameters of the ill-conditioned problems (Thurber, BoxBOD) with 4-5 correct digits; certification-grade
    /// answers need tolerances near machine precision, as every StRD study uses.
    /// </summary>
    public static readonly LevenbergMarquardtOptions Options = new() { FunctionTolerance = 1e-15, StepTolerance = 1e-15 };

    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (string name in NistModels.Datasets)
        {
            cases.Add(name, 1);
            cases.Add(name, 2);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CertifiedValuesFromBothStarts(string name, int start)
    {
        NistDataset data = NistDataset.Load(name);
        CurveFitResult fit = CurveFit.Fit(NistModels.For(name), data.X, data.Y, data.Starts[start - 1], options: Options);
        output.WriteLine(fit.ToString());

        Assert.True(fit.Converged, fit.Result.Message);
        double[] parameterLre = fit.Parameters.Select((b, j) => NistDataset.Lre(b, data.Certified[j])).ToArray();
        Assert.NotNull(fit.StandardErrors);
        double[] deviationLre = fit.StandardErrors.Select((s, j) => NistDataset.Lre(s, data.StandardDeviations[j])).ToArray();
        double rssLre = NistDataset.Lre(fit.Result.ResidualSumOfSquares, data.CertifiedRss);
        output.WriteLine($"LRE parameters {string.Join(", ", parameterLre.Select(v => v.ToString("F1")))}; deviations {string.Join(", ", deviationLre.Select(v => v.ToString("F1")))}; RSS {rssLre:F1}");

        Assert.All(parameterLre, lre => Assert.True(lre >= 6, $"parameter LRE {lre:F2}"));
        Assert.All(deviationLre, lre => Assert.True(lre >= 6, $"standard deviation LRE {lre:F2}"));
        Assert.True(rssLre >= 6, $"RSS LRE {rssLre:F2}");
    }
}
