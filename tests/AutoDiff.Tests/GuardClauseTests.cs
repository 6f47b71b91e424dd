using System;
using System.IO;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>Console.SetOut is process-wide: the tests that capture what the generated code writes run alone.</summary>
[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>
/// Guard clauses, <c>ThrowIf...</c> checks, <c>Debug.Assert</c> and <c>Console.WriteLine</c> in <c>[Differentiable]</c>
/// methods: the derivatives are those of the method without them (closed forms and finite differences), every
/// generated member throws what the method throws where it throws it, and the debugging lines are written as the
/// method writes them.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public class GuardClauseTests
{
    [Theory]
    [InlineData(0.2)]
    [InlineData(0.75)]
    public void Logit_DerivativesAreThoseOfTheFormula(double p)
    {
        // d/dp log(p / (1 - p)) = 1 / (p (1 - p)); the second derivative is (2p - 1) / (p (1 - p))^2.
        double first = 1 / (p * (1 - p));
        double second = ((2 * p) - 1) / (p * (1 - p) * p * (1 - p));
        var gradient = new double[1];
        double value = GuardClauseObjectives.LogitGradient(p, out gradient[0]);
        Assert.Equal(GuardClauseObjectives.Logit(p), value);
        Assert.Equal(first, gradient[0], 1e-12 * Math.Abs(first));
        GuardClauseObjectives.LogitHessianVectorProduct(p, 1.0, out double hv);
        Assert.Equal(second, hv, 1e-10 * Math.Max(1, Math.Abs(second)));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Logit_EveryGeneratedMemberThrowsTheGuardsException(double p)
    {
        AssertThrowsForP(() => GuardClauseObjectives.LogitGradient(p, out _));
        AssertThrowsForP(() =>
        {
            double adjoint = 0;
            return GuardClauseObjectives.LogitPullback(p, 1.0, ref adjoint);
        });
        AssertThrowsForP(() => GuardClauseObjectives.LogitDirectionalDerivative(p, 1.0, out _));
        AssertThrowsForP(() => GuardClauseObjectives.LogitHessianVectorProduct(p, 1.0, out _));
        AssertThrowsForP(() => GuardClauseObjectives.LogitObjective().Gradient([p], new double[1]));

        static void AssertThrowsForP(Func<double> call)
        {
            var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => call());
            Assert.Equal("p", thrown.ParamName);
            Assert.StartsWith("The argument must be between 0 and 1.", thrown.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ItemValue_GradientMatchesFiniteDifferences_AndTheDefaultThrows(int item)
    {
        double[] x = [0.7, -1.3];
        var gradient = new double[2];
        double value = GuardClauseObjectives.ItemValueGradient(x, item, gradient);
        Assert.Equal(GuardClauseObjectives.ItemValue(x, item), value);
        var expected = FiniteDifferences.Gradient(p => GuardClauseObjectives.ItemValue(p, item), x);
        GradientAssert.Close("ItemValue " + item, x, expected, gradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");

        var thrown = Assert.Throws<ArgumentException>(() => GuardClauseObjectives.ItemValueGradient(x, 3, gradient));
        Assert.Equal("itemIndex must be <= 2", thrown.Message);
        Assert.Throws<ArgumentException>(() => GuardClauseObjectives.ItemValueHessianVectorProduct(x, 5, [1.0, 0.0], new double[2]));
    }

    [Fact]
    public void CheckedSum_DerivativesAreThoseOfTheSum()
    {
        double[] x = [0.4, -1.1, 2.3, 0.9];
        const int n = 3;
        var gradient = new double[x.Length];
        double value = GuardClauseObjectives.CheckedSumGradient(x, n, gradient);
        Assert.Equal(GuardClauseObjectives.CheckedSum(x, n), value);

        // d/dx_i x_i^2 sin x_i = 2 x_i sin x_i + x_i^2 cos x_i for i < n; 0 past n.
        var expected = new double[x.Length];
        var hessianDiagonal = new double[x.Length];
        for (int i = 0; i < n; i++)
        {
            expected[i] = (2 * x[i] * Math.Sin(x[i])) + (x[i] * x[i] * Math.Cos(x[i]));
            hessianDiagonal[i] = (2 * Math.Sin(x[i])) + (4 * x[i] * Math.Cos(x[i])) - (x[i] * x[i] * Math.Sin(x[i]));
        }

        GradientAssert.Close("CheckedSum", x, expected, gradient, GradientAssert.ClosedFormTolerance, "closed form");
        var hv = new double[x.Length];
        GuardClauseObjectives.CheckedSumHessianVectorProduct(x, n, [1.0, 1.0, 1.0, 1.0], hv);
        GradientAssert.Close("CheckedSum H 1", x, hessianDiagonal, hv, GradientAssert.ClosedFormTolerance, "closed form");
    }

    [Fact]
    public void CheckedSum_ChecksThrowFromTheGeneratedMembers_WithTheUsersNames()
    {
        double[] x = [0.4, -1.1, 2.3];
        var gradient = new double[x.Length];

        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => GuardClauseObjectives.CheckedSumGradient(x, -1, gradient));
        Assert.Equal("n", negative.ParamName);
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => GuardClauseObjectives.CheckedSumPullback(x, 4, 1.0, gradient));
        Assert.Equal("n", tooLong.ParamName);

        // Inside the loop, with the interpolated message of the method itself.
        double[] large = [0.5, 2000.0, 1.0];
        var expected = Assert.Throws<ArgumentException>(() => GuardClauseObjectives.CheckedSum(large, 3));
        var fromGradient = Assert.Throws<ArgumentException>(() => GuardClauseObjectives.CheckedSumGradient(large, 3, gradient));
        var fromProduct = Assert.Throws<ArgumentException>(() => GuardClauseObjectives.CheckedSumHessianVectorProduct(large, 3, [1.0, 1.0, 1.0], new double[3]));
        Assert.Equal(expected.Message, fromGradient.Message);
        Assert.Equal(expected.Message, fromProduct.Message);
        Assert.Equal("x", fromGradient.ParamName);
    }

    [Fact]
    public void Traced_WritesWhatTheMethodWrites_AndItsGradientIsThatOfTheProduct()
    {
        double[] x = [0.3, -0.6, 1.1];
        string method = Capture(() => GuardClauseObjectives.Traced(x));
        var gradient = new double[x.Length];
        string fromGradient = Capture(() => GuardClauseObjectives.TracedGradient(x, gradient));
        string fromDirectional = Capture(() => GuardClauseObjectives.TracedDirectionalDerivative(x, [1.0, 0.0, 0.0], out _));

        Assert.Contains(string.Format(System.Globalization.CultureInfo.CurrentCulture, "Val: {0}", 0.3), method, StringComparison.Ordinal);
        Assert.Contains("total ", method, StringComparison.Ordinal);
        Assert.Equal(method, fromGradient);
        Assert.Equal(method, fromDirectional);

        // d/dx_k (prod_i (e^x_i + x_i))^2 = 2 P^2 (e^x_k + 1) / (e^x_k + x_k).
        double product = 1;
        foreach (double xi in x)
        {
            product *= Math.Exp(xi) + xi;
        }

        var expected = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            expected[k] = 2 * product * product * (Math.Exp(x[k]) + 1) / (Math.Exp(x[k]) + x[k]);
        }

        GradientAssert.Close("Traced", x, expected, gradient, GradientAssert.ClosedFormTolerance, "closed form");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(0.0)]
    [InlineData(-2.5)]
    public void DoublePredicates_MeanWhatTheyMeanInTheMethod(double x)
    {
        double value = GuardClauseObjectives.PredicatesGradient(x, out double gradient);
        Assert.Equal(GuardClauseObjectives.Predicates(x), value);
        Assert.Equal(double.IsFinite(x) ? 2 * x : 0.0, gradient);
        GuardClauseObjectives.PredicatesDirectionalDerivative(x, 1.0, out double derivative);
        Assert.Equal(gradient, derivative);
    }

    private static string Capture(Func<double> call)
    {
        var console = Console.Out;
        using var written = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Console.SetOut(written);
        try
        {
            call();
        }
        finally
        {
            Console.SetOut(console);
        }

        return written.ToString();
    }
}
