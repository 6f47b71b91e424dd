using System;
using AutoDiff.Optimization;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>The stochastic solvers take a MathNet start too, with the same run as from a span.</summary>
public class VectorStartTests
{
    [Fact]
    public void MinimizeFromAVectorGivesTheSpanOverloadsBits()
    {
        double[] start = [0.1, 0.2, 0.3, 0.4];
        var solver = new AdamSolver(new AdamOptions { Epochs = 2, BatchSize = 16, Seed = 3 });
        var objective = LeastSquares.Objective();

        StochasticResult fromVector = solver.Minimize(objective, Vector<double>.Build.DenseOfArray(start));
        StochasticResult fromSpan = solver.Minimize(objective, start);

        Assert.Equal(fromSpan.Minimizer, fromVector.Minimizer);
        Assert.Equal(fromSpan.Minimizer, fromVector.MinimizerVector.ToArray());
        Assert.Throws<ArgumentNullException>("x0", () => solver.Minimize(objective, (Vector<double>)null!));
    }
}
