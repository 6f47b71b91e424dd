using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// <c>long</c>, <c>uint</c> and <c>ulong</c> counters, parameters and locals: every generated member returns the
/// method's own value (so its integer arithmetic is C#'s), and gradients and Hessian-vector products match central
/// differences.
/// </summary>
public sealed class IntegerTypeTests
{
    [Theory]
    [InlineData(6L)]
    [InlineData(5L)]
    [InlineData(1L)]
    public void LongInsertionSortHalfSum_MatchesFiniteDifferences(long n)
    {
        double[] point = [0.5, 1.5, 0.2, 1.1, 0.9, 0.3];
        double F(double[] p) => IntegerTypeObjectives.LongInsertionSortHalfSum((double[])p.Clone(), n);
        var gradient = new double[point.Length];
        double value = IntegerTypeObjectives.LongInsertionSortHalfSumGradient(point, n, gradient);

        Assert.Equal(F(point), value);
        Assert.Equal([0.5, 1.5, 0.2, 1.1, 0.9, 0.3], point);
        GradientAssert.Close("LongInsertionSortHalfSum", point, FiniteDifferences.Gradient(F, point), gradient, 1e-8, "finite differences");

        double[] v = [0.3, -0.2, 0.7, 0.1, -0.5, 0.4];
        var hv = new double[point.Length];
        Assert.Equal(value, IntegerTypeObjectives.LongInsertionSortHalfSumHessianVectorProduct(point, n, v, hv));
        GradientAssert.Close("LongInsertionSortHalfSum H v", point, GradientAlong(p => Gradient(IntegerTypeObjectives.LongInsertionSortHalfSumGradient, p, n), point, v), hv, 1e-6, "central differences of the gradient");
    }

    [Theory]
    [InlineData(1.23)]
    [InlineData(-0.4)]
    public void UnsignedLongSine_IsTheTaylorPolynomialOfSine(double x)
    {
        double value = IntegerTypeObjectives.UnsignedLongSineGradient(x, out double gradient);
        Assert.Equal(IntegerTypeObjectives.UnsignedLongSine(x), value);
        Assert.Equal(Math.Sin(x), value, 8);
        Assert.Equal(FiniteDifferences.Richardson(p => IntegerTypeObjectives.UnsignedLongSine(p[0]), [x], 0), gradient, 9);
        Assert.Equal(Math.Cos(x), gradient, 7);

        IntegerTypeObjectives.UnsignedLongSineHessianVectorProduct(x, 1.0, out double hv);
        Assert.Equal(-Math.Sin(x), hv, 6);
        Assert.Equal(CentralDifferenceOfGradient(t => { IntegerTypeObjectives.UnsignedLongSineGradient(t, out double g); return g; }, x), hv, 7);
    }

    [Theory]
    [InlineData(0.5, 30u)]
    [InlineData(-0.3, 1u)]
    [InlineData(0.7, 0u)]
    public void UnsignedTaylorSums_MatchesFiniteDifferences(double x, uint terms)
    {
        double value = IntegerTypeObjectives.UnsignedTaylorSumsGradient(x, terms, out double gradient);
        Assert.Equal(IntegerTypeObjectives.UnsignedTaylorSums(x, terms), value);
        Assert.Equal(FiniteDifferences.Richardson(p => IntegerTypeObjectives.UnsignedTaylorSums(p[0], terms), [x], 0), gradient, 8);

        IntegerTypeObjectives.UnsignedTaylorSumsHessianVectorProduct(x, terms, 1.0, out double hv);
        Assert.Equal(CentralDifferenceOfGradient(t => { IntegerTypeObjectives.UnsignedTaylorSumsGradient(t, terms, out double g); return g; }, x), hv, 6);
    }

    [Theory]
    [InlineData(0.37, 5)]
    [InlineData(-1.1, 1)]
    [InlineData(0.9, 0)]
    public void WrappingCounters_KeepsUnsignedWrapAndSixtyFourBitValues(double x, int rounds)
    {
        double value = IntegerTypeObjectives.WrappingCountersGradient(x, rounds, out double gradient);
        Assert.Equal(IntegerTypeObjectives.WrappingCounters(x, rounds), value);
        Assert.Equal(FiniteDifferences.Richardson(p => IntegerTypeObjectives.WrappingCounters(p[0], rounds), [x], 0), gradient, 6);

        Assert.Equal(value, IntegerTypeObjectives.WrappingCountersHessianVectorProduct(x, rounds, 1.0, out double hv));
        Assert.Equal(CentralDifferenceOfGradient(t => { IntegerTypeObjectives.WrappingCountersGradient(t, rounds, out double g); return g; }, x), hv, 4);
    }

    [Fact]
    public void Tape_SavesSixtyFourBitAndUnsignedValuesExactly()
    {
        var tape = AutoDiff.Runtime.GradientTape.Current;
        var mark = tape.Mark();
        try
        {
            tape.Push(long.MinValue);
            tape.Push(-1L);
            tape.Push(ulong.MaxValue);
            tape.Push(uint.MaxValue);
            tape.Push(0x1234_5678_9ABC_DEF0L);
            Assert.Equal(0x1234_5678_9ABC_DEF0L, tape.PopLong());
            Assert.Equal(uint.MaxValue, tape.PopUInt());
            Assert.Equal(ulong.MaxValue, tape.PopULong());
            Assert.Equal(-1L, tape.PopLong());
            Assert.Equal(long.MinValue, tape.PopLong());
        }
        finally
        {
            tape.Reset(mark);
        }
    }

    private delegate double VectorGradient(double[] x, long n, Span<double> gradient);

    private static double[] Gradient(VectorGradient gradient, double[] point, long n)
    {
        var result = new double[point.Length];
        gradient(point, n, result);
        return result;
    }

    /// <summary>(g(x + h v) - g(x - h v)) / 2h, the Hessian-vector product by central differences of the gradient.</summary>
    private static double[] GradientAlong(Func<double[], double[]> gradient, double[] point, double[] v)
    {
        const double Step = 1e-5;
        var plus = (double[])point.Clone();
        var minus = (double[])point.Clone();
        for (int i = 0; i < point.Length; i++)
        {
            plus[i] += Step * v[i];
            minus[i] -= Step * v[i];
        }

        double[] up = gradient(plus), down = gradient(minus);
        var result = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            result[i] = (up[i] - down[i]) / (2 * Step);
        }

        return result;
    }

    private static double CentralDifferenceOfGradient(Func<double, double> derivative, double x)
    {
        const double Step = 1e-5;
        return (derivative(x + Step) - derivative(x - Step)) / (2 * Step);
    }
}
