using System;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>Bad input fails up front with an ArgumentException naming what is wrong.</summary>
public class ArgumentValidationTests
{
    [Fact]
    public void EmptyDatasetIsRejected()
    {
        var empty = Assert.Throws<ArgumentException>(() => new Dataset(ReadOnlySpan<double>.Empty, 4));
        Assert.Equal("values", empty.ParamName);
        var none = Assert.Throws<ArgumentException>(() => Dataset.FromSamples(Array.Empty<double[]>()));
        Assert.Equal("samples", none.ParamName);
        Assert.Contains("empty", none.Message);
    }

    [Fact]
    public void BatchSizeZeroIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SgdSolver(new SgdOptions { BatchSize = 0 }));
        Assert.Equal("BatchSize", error.ParamName);
    }

    [Fact]
    public void SampleOfTheWrongLengthIsRejectedByIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => Dataset.FromSamples([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0]]));
        Assert.Equal("samples", error.ParamName);
        Assert.Contains("Sample 1 has length 3", error.Message);

        var ragged = Assert.Throws<ArgumentException>(() => new Dataset(new double[7], 4));
        Assert.Equal("values", ragged.ParamName);

        var expected = Assert.Throws<ArgumentException>(
            () => new StochasticObjective(LeastSquares.LossPullback, new Dataset(new double[6], 3), expectedSampleLength: 4));
        Assert.Equal("data", expected.ParamName);
    }

    [Fact]
    public void OptionsOutOfRangeAreNamed()
    {
        Assert.Equal("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new MomentumSolver(new MomentumOptions { Momentum = 1 })).ParamName);
        Assert.Equal("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamSolver(new AdamOptions { Beta2 = -0.1 })).ParamName);
        Assert.Equal("MaxGradientNorm", Assert.Throws<ArgumentOutOfRangeException>(() => new SgdSolver(new SgdOptions { MaxGradientNorm = 0 })).ParamName);
        Assert.Equal("Epochs", Assert.Throws<ArgumentOutOfRangeException>(() => new SgdSolver(new SgdOptions { Epochs = -1 })).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => new SgdSolver().Minimize(LeastSquares.Objective(), [])).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => new SgdSolver().Minimize(LeastSquares.Objective(), [double.NaN, 0, 0, 0])).ParamName);
    }
}
