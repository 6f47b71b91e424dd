using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>Assigning by-value parameters (<c>x = Math.Max(x, 0)</c>, <c>n--</c>, <c>x *= 0.5</c>): closed forms and finite differences.</summary>
public class ParameterWriteTests
{
    [Theory]
    [InlineData(1.5, 3)]
    [InlineData(-0.7, 4)]
    [InlineData(2.0, 0)]
    public void HalvingSum_MatchesItsClosedForm(double x, int n)
    {
        double value = ParameterWriteObjectives.HalvingSumGradient(x, n, out double gradient);

        double factor = 2 - Math.Pow(2, 1 - n);
        Assert.Equal(Math.Max(x, 0) * factor, value, 14);
        Assert.Equal(x > 0 ? factor : 0, gradient, 14);
        Assert.Equal(value, ParameterWriteObjectives.HalvingSum(x, n));
    }

    [Fact]
    public void Swap_MatchesFiniteDifferences_AndTheParametersAreStillTheInputs()
    {
        double[] w = [0.3, -1.2, 2.5];
        var wGradient = new double[3];
        double value = ParameterWriteObjectives.SwapGradient(0.7, -0.4, w, 0, out double aGradient, out double bGradient, wGradient);

        // f = (b w0) (a^2) + w1 at k = 0: df/da = 2 a b w0, df/db = w0 a^2, df/dw0 = b a^2, df/dw1 = 1.
        Assert.Equal(ParameterWriteObjectives.Swap(0.7, -0.4, w, 0), value);
        Assert.Equal(2 * 0.7 * -0.4 * 0.3, aGradient, 14);
        Assert.Equal(0.3 * 0.49, bGradient, 14);
        Assert.Equal(-0.4 * 0.49, wGradient[0], 14);
        Assert.Equal([1.0, 0.0], wGradient[1..]);
        double fd = FiniteDifferences.Richardson(p => ParameterWriteObjectives.Swap(p[0], p[1], w, 0), [0.7, -0.4], 0);
        Assert.Equal(fd, aGradient, 8);
    }

    [Fact]
    public void Scaled_ConstantParameterWrittenFirst()
    {
        double value = ParameterWriteObjectives.ScaledGradient(0.9, 1.5, out double gradient);
        Assert.Equal(Math.Sin(0.3) * 3, value, 14);
        Assert.Equal(Math.Cos(0.3), gradient, 14);

        ParameterWriteObjectives.ScaledHessianVectorProduct(0.9, 1.5, 1.0, out double hv);
        Assert.Equal(-Math.Sin(0.3) / 3, hv, 13);
    }
}
