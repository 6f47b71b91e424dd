using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// <c>ref</c> integer parameters: every generated member leaves in the caller's variable what the method itself leaves
/// (on each return, and when it throws), and gradients and Hessian-vector products match central differences.
/// </summary>
public sealed class RefParameterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void ZeroingSum_WritesSevenBack_AndMatchesFiniteDifferences(int n)
    {
        double[] a = new double[100];
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = 0.1 * (k % 7) - 0.3;
        }

        int original = n;
        double expected = RefParameterObjectives.ZeroingSum((double[])a.Clone(), ref original);

        int viaGradient = n;
        var gradient = new double[a.Length];
        Assert.Equal(expected, RefParameterObjectives.ZeroingSumGradient(a, ref viaGradient, gradient));
        Assert.Equal(7, viaGradient);
        Assert.Equal(original, viaGradient);

        var reference = FiniteDifferences.Gradient(p => { int m = n; return RefParameterObjectives.ZeroingSum((double[])p.Clone(), ref m); }, a);
        GradientAssert.Close("ZeroingSum", a, reference, gradient, 1e-8, "finite differences");

        int viaPullback = n;
        var adjoint = new double[a.Length];
        Assert.Equal(expected, RefParameterObjectives.ZeroingSumPullback(a, ref viaPullback, 2.0, adjoint));
        Assert.Equal(7, viaPullback);
        for (int k = 0; k < a.Length; k++)
        {
            Assert.Equal(2 * gradient[k], adjoint[k], 14);
        }

        // f is a sum of squares: H v = 2 v on the elements read, 0 elsewhere.
        int viaHvp = n;
        var v = new double[a.Length];
        v[0] = 1;
        v[12] = -0.5;
        v[95] = 3;
        var hv = new double[a.Length];
        Assert.Equal(expected, RefParameterObjectives.ZeroingSumHessianVectorProduct(a, ref viaHvp, v, hv));
        Assert.Equal(7, viaHvp);
        Assert.Equal(n > 0 ? 2.0 : 0.0, hv[0], 14);
        Assert.Equal(n > 2 ? -1.0 : 0.0, hv[12], 14);
        Assert.Equal(0.0, hv[95], 14);
    }

    [Theory]
    [InlineData(0.5, 3L)]
    [InlineData(100.0, 3L)]
    [InlineData(1.2, -5L)]
    public void CountUntilLarge_LeavesTheCountOfTheExitTaken(double limit, long start)
    {
        double[] x = [0.4, -0.7, 0.9, 0.3];
        long original = start;
        double expected = RefParameterObjectives.CountUntilLarge(x, ref original, limit);

        long viaGradient = start;
        var gradient = new double[x.Length];
        Assert.Equal(expected, RefParameterObjectives.CountUntilLargeGradient(x, ref viaGradient, limit, gradient));
        Assert.Equal(original, viaGradient);
        var reference = FiniteDifferences.Gradient(p => { long c = start; return RefParameterObjectives.CountUntilLarge(p, ref c, limit); }, x);
        GradientAssert.Close("CountUntilLarge", x, reference, gradient, 1e-8, "finite differences");

        long viaHvp = start;
        double[] v = [0.3, 1.0, -0.4, 0.2];
        var hv = new double[x.Length];
        Assert.Equal(expected, RefParameterObjectives.CountUntilLargeHessianVectorProduct(x, ref viaHvp, limit, v, hv));
        Assert.Equal(original, viaHvp);
        GradientAssert.Close("CountUntilLarge H v", x, HessianAlong(x, v, start, limit), hv, 1e-6, "central differences of the gradient");
    }

    [Fact]
    public void WrittenBeforeThrow_TheCallerSeesTheWriteWhenTheMethodThrows()
    {
        uint steps = 2;
        double value = RefParameterObjectives.WrittenBeforeThrowGradient(1.5, ref steps, out double gradient);
        Assert.Equal(5u, steps);
        Assert.Equal(1.5 * 1.5 * 5, value, 14);
        Assert.Equal(2 * 1.5 * 5, gradient, 13);

        uint viaHvp = 2;
        RefParameterObjectives.WrittenBeforeThrowHessianVectorProduct(1.5, ref viaHvp, 1.0, out double hv);
        Assert.Equal(5u, viaHvp);
        Assert.Equal(10.0, hv, 13);

        uint thrown = uint.MaxValue - 1;
        Assert.Throws<ArgumentOutOfRangeException>(() => RefParameterObjectives.WrittenBeforeThrowGradient(200, ref thrown, out _));
        Assert.Equal(1u, thrown);
    }

    private static double[] HessianAlong(double[] x, double[] v, long start, double limit)
    {
        const double Step = 1e-5;
        double[] Gradient(double sign)
        {
            var point = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                point[i] = x[i] + (sign * Step * v[i]);
            }

            long c = start;
            var g = new double[x.Length];
            RefParameterObjectives.CountUntilLargeGradient(point, ref c, limit, g);
            return g;
        }

        double[] up = Gradient(1), down = Gradient(-1);
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = (up[i] - down[i]) / (2 * Step);
        }

        return result;
    }
}
