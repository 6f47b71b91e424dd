using System;

namespace AutoDiff.LeastSquares.Tests;

/// <summary>Small [Differentiable] models for the feature tests.</summary>
public static partial class TestModels
{
    /// <summary>y = p0 + p1 x.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Line(ReadOnlySpan<double> p, [Constant] double x) => p[0] + p[1] * x;

    /// <summary>y = p0 + p1 + p2 x: p0 and p1 cannot be told apart (a rank-deficient Jacobian).</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double RedundantLine(ReadOnlySpan<double> p, [Constant] double x) => p[0] + p[1] + p[2] * x;

    /// <summary>y = p0 sqrt(p1 - x): NaN where p1 &lt; x, to exercise non-finite trial points.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double SquareRoot(ReadOnlySpan<double> p, [Constant] double x) => p[0] * Math.Sqrt(p[1] - x);
}
