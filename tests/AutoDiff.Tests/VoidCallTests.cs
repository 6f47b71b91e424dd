using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Calls of void helpers writing into spans, span locals naming part of an array, and array parameters written in place
/// (<see cref="VoidCallObjectives"/>): every generated member against central differences, with the cases that would
/// hide a wrong derivative (an output read before it is written, written in part, passed as an input too).
/// </summary>
public class VoidCallTests
{
    private static readonly double[] P = [0.4, -0.3, 1.2, 0.7, -0.5, 0.9, 0.1, -0.2, 0.3, -0.15];

    [Fact]
    public void Centered_GradientAndHessianVectorProduct_MatchFiniteDifferences()
    {
        var gradient = new double[P.Length];
        double value = VoidCallObjectives.CenteredGradient(P, gradient);
        Assert.Equal(VoidCallObjectives.Centered(P), value);
        var expected = FiniteDifferences.Gradient(p => VoidCallObjectives.Centered(p), P);
        GradientAssert.Close("Centered", P, expected, gradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");

        // Every input matters (the partial write keeps c[2], the in/out helper reads c, the shift reads what it wrote).
        Assert.All(gradient, g => Assert.NotEqual(0.0, g));
        AssertHessianVectorProduct(
            "Centered",
            (p, g) => VoidCallObjectives.CenteredGradient(p, g),
            (p, v, hv) => VoidCallObjectives.CenteredHessianVectorProduct(p, v, hv),
            P);
    }

    [Fact]
    public void Centered_DirectionalDerivative_IsTheGradientAlongTheDirection()
    {
        var v = Enumerable.Range(0, P.Length).Select(i => Math.Cos(i + 0.5)).ToArray();
        var gradient = new double[P.Length];
        VoidCallObjectives.CenteredGradient(P, gradient);
        double value = VoidCallObjectives.CenteredDirectionalDerivative(P, v, out double derivative);
        Assert.Equal(VoidCallObjectives.Centered(P), value, 14);
        Assert.Equal(gradient.Zip(v, (g, d) => g * d).Sum(), derivative, 12);
    }

    [Fact]
    public void Project_JacobianAndProducts_MatchFiniteDifferences()
    {
        double[] p = [0.6, -0.4, 0.8, 0.25];
        var r = new double[2];
        var jacobian = new double[8];
        VoidCallObjectives.ProjectJacobian(p, r, jacobian);

        var values = new double[2];
        VoidCallObjectives.Project(p, values);
        Assert.Equal(values, r);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                double fd = FiniteDifferences.Richardson(x => Output(x, i), p, j);
                Assert.True(Math.Abs(jacobian[(i * 4) + j] - fd) <= 1e-8 * Math.Max(1, Math.Abs(fd)), $"J[{i},{j}] = {jacobian[(i * 4) + j]}, finite differences {fd}");
            }
        }

        double[] v = [0.3, -1.1, 0.7, 0.2], u = [1.5, -0.5];
        var jv = new double[2];
        VoidCallObjectives.ProjectJacobianVectorProduct(p, v, new double[2], jv);
        var uj = new double[4];
        double weighted = VoidCallObjectives.ProjectVectorJacobianProduct(p, u, uj);
        Assert.Equal((u[0] * values[0]) + (u[1] * values[1]), weighted, 13);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(Enumerable.Range(0, 4).Sum(j => jacobian[(i * 4) + j] * v[j]), jv[i], 12);
        }

        for (int j = 0; j < 4; j++)
        {
            Assert.Equal((u[0] * jacobian[j]) + (u[1] * jacobian[4 + j]), uj[j], 12);
        }

        static double Output(double[] x, int i)
        {
            var r = new double[2];
            VoidCallObjectives.Project(x, r);
            return r[i];
        }
    }

    [Theory]
    [InlineData(new[] { 0.5, 1.5, 0.2, 1.1, 0.9, 0.3 })]
    [InlineData(new[] { -0.4, 2.0, 0.7, -1.3 })]
    public void SortedHalfSum_DerivesWithRespectToThePassedValues_AndLeavesTheArgumentAlone(double[] a)
    {
        double[] passed = (double[])a.Clone();
        var gradient = new double[a.Length];
        double value = VoidCallObjectives.SortedHalfSumGradient(passed, gradient);

        // The generated member works on a copy: the caller's array is not sorted (the method itself does sort it).
        Assert.Equal(a, passed);
        Assert.Equal(VoidCallObjectives.SortedHalfSum((double[])a.Clone()), value);

        // Closed form: the i-th largest value, for i below half, contributes (i + 1) v^2.
        var order = Enumerable.Range(0, a.Length).OrderByDescending(i => a[i]).ToArray();
        var expected = new double[a.Length];
        for (int rank = 0; rank < a.Length / 2; rank++)
        {
            expected[order[rank]] = 2 * a[order[rank]] * (rank + 1);
        }

        GradientAssert.Close("SortedHalfSum", a, expected, gradient, GradientAssert.ClosedFormTolerance, "closed form");
        var fd = FiniteDifferences.Gradient(x => VoidCallObjectives.SortedHalfSum((double[])x.Clone()), a);
        GradientAssert.Close("SortedHalfSum", a, fd, gradient, GradientAssert.FiniteDifferenceTolerance, "finite differences");
        AssertHessianVectorProduct(
            "SortedHalfSum",
            (x, g) => VoidCallObjectives.SortedHalfSumGradient(x, g),
            (x, v, hv) => VoidCallObjectives.SortedHalfSumHessianVectorProduct(x, v, hv),
            a);
    }

    [Fact]
    public void WrittenByHelper_MatchesFiniteDifferences()
    {
        double[] x = [1.3, -0.6];
        const double y = 0.45;
        var xGradient = new double[2];
        double value = VoidCallObjectives.WrittenByHelperGradient(x, y, xGradient, out double yGradient);
        Assert.Equal([1.3, -0.6], x);
        Assert.Equal(VoidCallObjectives.WrittenByHelper([1.3, -0.6], y), value);

        double F(double[] p) => VoidCallObjectives.WrittenByHelper([p[0], p[1]], p[2]);
        var fd = FiniteDifferences.Gradient(F, [1.3, -0.6, y]);
        GradientAssert.Close("WrittenByHelper", [1.3, -0.6, y], fd, [xGradient[0], xGradient[1], yGradient], GradientAssert.FiniteDifferenceTolerance, "finite differences");
    }

    [Fact]
    public void GeneratedMembers_AllocateNothingOnceWarm_WhenTheCopyComesFromTheTape()
    {
        double[] a = [0.5, 1.5, 0.2, 1.1, 0.9, 0.3];
        var gradient = new double[a.Length];
        VoidCallObjectives.SortedHalfSumGradient(a, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            VoidCallObjectives.SortedHalfSumGradient(a, gradient);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>H v against central differences of the generated gradient along v.</summary>
    private static void AssertHessianVectorProduct(
        string name, Func<double[], double[], double> gradient, Func<double[], double[], double[], double> hvp, double[] point)
    {
        var v = Enumerable.Range(0, point.Length).Select(i => Math.Sin((1.7 * i) + 0.3)).ToArray();
        var hv = new double[point.Length];
        hvp((double[])point.Clone(), v, hv);
        var expected = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            expected[i] = FiniteDifferences.Richardson(
                t =>
                {
                    var g = new double[point.Length];
                    gradient(point.Select((x, k) => x + (t[0] * v[k])).ToArray(), g);
                    return g[i];
                },
                [0.0],
                0);
        }

        GradientAssert.Close(name + " H v", point, expected, hv, GradientAssert.FiniteDifferenceTolerance, "differences of the gradient");
    }
}
