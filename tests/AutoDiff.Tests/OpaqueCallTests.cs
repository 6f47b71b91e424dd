using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Calls of methods that are not differentiated (<see cref="OpaqueCallObjectives"/>): exact derivatives against closed
/// forms and central differences, and the call made exactly as often as the original makes it.
/// </summary>
public class OpaqueCallTests
{
    [Fact]
    public void BinomialSeries_IsTheDerivativeOfOnePlusXToTheN()
    {
        const double x = 0.37;
        double value = OpaqueCallObjectives.BinomialSeriesGradient(x, 7, out double gradient);
        Assert.Equal(Math.Pow(1 + x, 7), value, 12);
        Assert.Equal(7 * Math.Pow(1 + x, 6), gradient, 11);
        OpaqueCallObjectives.BinomialSeriesHessianVectorProduct(x, 7, 1.0, out double hv);
        Assert.Equal(42 * Math.Pow(1 + x, 5), hv, 10);
    }

    [Fact]
    public void ExpSeries_WithAULongHelperConvertedToDouble_IsItsOwnDerivative()
    {
        const double x = 0.8;
        double value = OpaqueCallObjectives.ExpSeriesGradient(x, out double gradient);
        Assert.Equal(OpaqueCallObjectives.ExpSeries(x), value);
        Assert.Equal(Math.Exp(x), value, 12);

        // The truncated series' derivative is the series one term shorter.
        double shorter = Enumerable.Range(0, 17).Sum(k => Math.Pow(x, k) / OpaqueCallObjectives.Factorial(k));
        Assert.Equal(shorter, gradient, 13);
    }

    [Fact]
    public void ExplainedVariance_OverConstantTargets_MatchesFiniteDifferences()
    {
        double[] targets = [1.5, 2.0, 0.7, 3.1, 2.2];
        double[] predictions = [1.2, 2.4, 0.9, 2.6, 2.0];
        var gradient = new double[predictions.Length];
        double value = OpaqueCallObjectives.ExplainedVarianceGradient(targets, predictions, gradient);
        Assert.Equal(OpaqueCallObjectives.ExplainedVariance(targets, predictions), value);
        var expected = FiniteDifferences.Gradient(p => OpaqueCallObjectives.ExplainedVariance(targets, p), predictions);
        GradientAssert.Close("ExplainedVariance", predictions, expected, gradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");

        // Closed form: d/dp_i = 2 (t_i - p_i) / (scale^2 total).
        double mean = targets.Average();
        double total = targets.Sum(t => (t - mean) * (t - mean));
        double scale = targets.Max() - targets.Min();
        for (int i = 0; i < predictions.Length; i++)
        {
            Assert.Equal(2 * (targets[i] - predictions[i]) / (scale * scale * total), gradient[i], 13);
        }

        var v = new double[] { 0.3, -0.2, 0.5, 0.1, -0.4 };
        var hv = new double[predictions.Length];
        OpaqueCallObjectives.ExplainedVarianceHessianVectorProduct(targets, predictions, v, hv);
        for (int i = 0; i < predictions.Length; i++)
        {
            Assert.Equal(-2 * v[i] / (scale * scale * total), hv[i], 13);
        }
    }

    [Fact]
    public void Placements_MatchFiniteDifferences_AndCallTheCountedHelperAsOftenAsTheOriginal()
    {
        double[] x = [0.4, -0.3, 1.2, 0.7, -0.5];
        OpaqueCallObjectives.CountedCalls = 0;
        double original = OpaqueCallObjectives.Placements(x, 6);
        int callsPerEvaluation = OpaqueCallObjectives.CountedCalls;
        Assert.True(callsPerEvaluation > 3);

        OpaqueCallObjectives.CountedCalls = 0;
        var gradient = new double[x.Length];
        double value = OpaqueCallObjectives.PlacementsGradient(x, 6, gradient);
        Assert.Equal(original, value);
        Assert.Equal(callsPerEvaluation, OpaqueCallObjectives.CountedCalls);

        OpaqueCallObjectives.CountedCalls = 0;
        var v = new double[] { 0.2, 0.1, -0.3, 0.5, 0.4 };
        var hv = new double[x.Length];
        OpaqueCallObjectives.PlacementsHessianVectorProduct(x, 6, v, hv);
        Assert.Equal(callsPerEvaluation, OpaqueCallObjectives.CountedCalls);

        var expected = FiniteDifferences.Gradient(p => OpaqueCallObjectives.Placements(p, 6), x);
        GradientAssert.Close("Placements", x, expected, gradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");
        AssertHessianVectorProduct(x, v, hv, p => { var g = new double[p.Length]; OpaqueCallObjectives.PlacementsGradient(p, 6, g); return g; });
    }

    [Fact]
    public void Binned_TreatsTheIntResultOfADifferentiableValueAsPiecewiseConstant()
    {
        double[] x = [0.13, 0.61, 0.87, 0.42];
        double[] weights = [1.0, 2.0, 3.0, 4.0];
        var xGradient = new double[x.Length];
        var weightsGradient = new double[weights.Length];
        double value = OpaqueCallObjectives.BinnedGradient(x, weights, xGradient, weightsGradient);
        Assert.Equal(OpaqueCallObjectives.Binned(x, weights), value);
        for (int i = 0; i < x.Length; i++)
        {
            int bin = OpaqueCallObjectives.BinOf(x[i], weights.Length);
            Assert.Equal(2 * weights[bin] * x[i], xGradient[i], 14);
        }

        var expected = FiniteDifferences.Gradient(w => OpaqueCallObjectives.Binned(x, w), weights);
        GradientAssert.Close("Binned", weights, expected, weightsGradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");
    }

    [Fact]
    public void Normalised_ByANormOfConstantData_MatchesFiniteDifferences()
    {
        double[] x = [0.4, -1.1, 0.8];
        double[] data = [2.0, -1.0, 0.5];
        var gradient = new double[x.Length];
        double value = OpaqueCallObjectives.NormalisedGradient(x, data, gradient);
        Assert.Equal(OpaqueCallObjectives.Normalised(x, data), value);
        var expected = FiniteDifferences.Gradient(p => OpaqueCallObjectives.Normalised(p, data), x);
        GradientAssert.Close("Normalised", x, expected, gradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");

        var v = new double[] { 1.0, 0.5, -0.25 };
        var hv = new double[x.Length];
        OpaqueCallObjectives.NormalisedHessianVectorProduct(x, data, v, hv);
        AssertHessianVectorProduct(x, v, hv, p => { var g = new double[p.Length]; OpaqueCallObjectives.NormalisedGradient(p, data, g); return g; });
    }

    [Fact]
    public void WeightedByCount_ReadsASequenceOfDataThroughLinq()
    {
        int[] counts = [1, 3, 2, 0, 5];
        double value = OpaqueCallObjectives.WeightedByCountGradient(1.5, counts, out double gradient);
        Assert.Equal(OpaqueCallObjectives.WeightedByCount(1.5, counts), value);
        Assert.Equal((2 * 1.5 * 3) + 11, gradient, 14);
    }

    private static void AssertHessianVectorProduct(double[] x, double[] v, double[] hv, Func<double[], double[]> gradient)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double expected = FiniteDifferences.Richardson(
                t => gradient(x.Zip(v, (xi, vi) => xi + (t[0] * vi)).ToArray())[i],
                [0.0],
                0);
            Assert.True(Math.Abs(expected - hv[i]) <= 1e-7 * Math.Max(1, Math.Abs(expected)), $"Hv[{i}] = {hv[i]}, finite differences {expected}");
        }
    }
}
