using System;
using System.IO;
using Samples.CurveFit;
using Xunit;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>The curve-fit sample runs with its smoke budget, matches NIST's certified Thurber values and writes its plot (into a temporary directory).</summary>
public sealed class SampleSmokeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("autodiff-curvefit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void CurveFitRuns()
    {
        CurveFitSampleResult result = CurveFitSample.Run(new CurveFitSampleOptions(Smoke: true, OutputDirectory: _directory));

        Assert.Single(result.Fits);
        Assert.True(result.Fits[0].Converged);
        for (int j = 0; j < result.Certified.Length; j++)
        {
            Assert.Equal(result.Certified[j], result.Fits[0].Parameters[j], 1e-6 * Math.Abs(result.Certified[j]));
            Assert.Equal(result.CertifiedStandardDeviations[j], result.Fits[0].StandardErrors![j], 1e-5 * result.CertifiedStandardDeviations[j]);
        }

        Assert.True(File.Exists(result.PlotPath));
        Assert.True(new FileInfo(result.PlotPath).Length > 10_000);
    }
}
