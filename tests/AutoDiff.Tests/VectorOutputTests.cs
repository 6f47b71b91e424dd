using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The generated Jacobian, Jacobian-vector and vector-Jacobian products of vector-output methods
/// (<see cref="VectorOutputObjectives"/>): against closed forms and central finite differences, against each other,
/// their argument checks, and that they allocate nothing once warm.
/// </summary>
public class VectorOutputTests
{
    private static readonly double[] T = [0, 0.5, 1, 1.5, 2, 3];
    private static readonly double[] Y = [3.1, 2.3, 1.9, 1.6, 1.4, 1.2];

    /// <summary>A vector function of one flat input, for finite differences.</summary>
    private delegate void VectorFunction(double[] x, double[] r);

    [Fact]
    public void ExpDecayJacobian_IsTheClosedForm()
    {
        double[] p = [2.0, -0.7, 1.1];
        var r = new double[T.Length];
        var jacobian = new double[T.Length * 3];

        VectorOutputObjectives.ExpDecayResidualsJacobian(p, T, Y, r, jacobian);

        for (int i = 0; i < T.Length; i++)
        {
            double e = Math.Exp(p[1] * T[i]);
            Assert.Equal((p[0] * e) + p[2] - Y[i], r[i], 15);
            Assert.Equal(e, jacobian[i * 3], 15);
            Assert.Equal(p[0] * T[i] * e, jacobian[(i * 3) + 1], 14);
            Assert.Equal(1.0, jacobian[(i * 3) + 2]);
        }
    }

    [Fact]
    public void PowellSingularJacobian_IsTheClosedForm()
    {
        double[] x = [3, -1, 0, 1];
        var r = new double[4];
        var jacobian = new double[16];

        VectorOutputObjectives.PowellSingularJacobian(x, r, jacobian);

        double a = x[1] - (2 * x[2]), b = x[0] - x[3];
        double[] expected =
        [
            1, 10, 0, 0,
            0, 0, Math.Sqrt(5), -Math.Sqrt(5),
            0, 2 * a, -4 * a, 0,
            2 * Math.Sqrt(10) * b, 0, 0, -2 * Math.Sqrt(10) * b,
        ];
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(expected[k], jacobian[k], 13);
        }
    }

    public static TheoryData<string> Functions => ["ExpDecay", "NormAndBranchPositive", "NormAndBranchNegative", "Chain", "OutputThroughACall"];

    /// <summary>Each function's Jacobian, J v and u^T J against central differences with Richardson extrapolation.</summary>
    [Theory]
    [MemberData(nameof(Functions))]
    public void Jacobian_MatchesFiniteDifferences_AndTheProductsMatchIt(string name)
    {
        var (function, jacobianOf, jvp, vjp, x, m) = Case(name);
        int n = x.Length;
        var r = new double[m];
        var jacobian = new double[m * n];
        jacobianOf(x, r, jacobian);

        var values = new double[m];
        function(x, values);
        Assert.Equal(values, r);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double fd = FiniteDifferences.Richardson(point => Output(function, point, m, i), x, j);
                Assert.True(Math.Abs(jacobian[(i * n) + j] - fd) <= 1e-7 * Math.Max(1, Math.Abs(fd)), $"J[{i},{j}] = {jacobian[(i * n) + j]}, finite differences {fd}");
            }
        }

        var random = new Random(7);
        var v = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var u = Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5).ToArray();
        var jv = new double[m];
        var rFromProduct = new double[m];
        jvp(x, v, rFromProduct, jv);
        var uj = new double[n];
        double weighted = vjp(x, u, uj);

        Assert.Equal(values, rFromProduct);
        Assert.Equal(u.Zip(values, (a, b) => a * b).Sum(), weighted, 12);
        for (int i = 0; i < m; i++)
        {
            double expected = Enumerable.Range(0, n).Sum(j => jacobian[(i * n) + j] * v[j]);
            Assert.Equal(expected, jv[i], 12);
        }

        for (int j = 0; j < n; j++)
        {
            double expected = Enumerable.Range(0, m).Sum(i => u[i] * jacobian[(i * n) + j]);
            Assert.Equal(expected, uj[j], 12);
        }
    }

    [Fact]
    public void MixedParameters_ProductsMatchFiniteDifferences()
    {
        double[] data = [0.3, -0.2, 0.8, 1.1, 0.5, -0.4, -0.9, 0.2, 0.7];
        const int count = 3;
        double scale = 1.7;
        double[] w = [0.4, -0.3, 0.9];

        // Flat input (scale, w0, w1, w2) for finite differences.
        VectorFunction flat = (z, r) => VectorOutputObjectives.Mixed(z[0], z.AsSpan(1), data, count, r);
        double[] point = [scale, .. w];
        double[] v = [0.3, -0.2, 0.5, 0.1];
        double[] u = [1.0, -2.0, 0.5];

        var r = new double[count];
        var jv = new double[count];
        VectorOutputObjectives.MixedJacobianVectorProduct(scale, w, data, count, v[0], v.AsSpan(1), r, jv);
        var wGradient = new double[3];
        VectorOutputObjectives.MixedVectorJacobianProduct(scale, w, data, count, u, out double scaleGradient, wGradient);

        for (int i = 0; i < count; i++)
        {
            double expected = Enumerable.Range(0, 4).Sum(j => v[j] * FiniteDifferences.Richardson(z => Output(flat, z, count, i), point, j));
            Assert.Equal(expected, jv[i], 8);
        }

        double[] gradient = [scaleGradient, .. wGradient];
        for (int j = 0; j < 4; j++)
        {
            double expected = Enumerable.Range(0, count).Sum(i => u[i] * FiniteDifferences.Richardson(z => Output(flat, z, count, i), point, j));
            Assert.Equal(expected, gradient[j], 8);
        }
    }

    [Fact]
    public void GeneratedMembers_AllocateNothingOnceWarm()
    {
        double[] p = [2.0, -0.7, 1.1];
        double[] x = [0.5, -0.3, 0.8, 1.2, -0.1];
        double[] v3 = [1, 0, 0];
        var r = new double[T.Length];
        var jacobian = new double[T.Length * 3];
        var jv = new double[T.Length];
        var u = new double[T.Length];
        var gradient = new double[3];
        var f = new double[2];
        var wide = new double[10];
        void Run()
        {
            VectorOutputObjectives.ExpDecayResidualsJacobian(p, T, Y, r, jacobian);
            VectorOutputObjectives.ExpDecayResidualsJacobianVectorProduct(p, T, Y, v3, r, jv);
            VectorOutputObjectives.ExpDecayResidualsVectorJacobianProduct(p, T, Y, u, gradient);
            VectorOutputObjectives.NormAndBranchJacobian(x, f, wide);
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WrongShapes_ThrowArgumentExceptionsNamingTheArgument()
    {
        double[] p = [2.0, -0.7, 1.1];
        var r = new double[T.Length];

        var jacobian = Assert.Throws<ArgumentException>(() => VectorOutputObjectives.ExpDecayResidualsJacobian(p, T, Y, r, new double[(T.Length * 3) - 1]));
        Assert.Equal("jacobian", jacobian.ParamName);
        var product = Assert.Throws<ArgumentException>(() => VectorOutputObjectives.ExpDecayResidualsJacobianVectorProduct(p, T, Y, new double[3], r, new double[2]));
        Assert.Equal("jv", product.ParamName);
        var direction = Assert.Throws<ArgumentException>(() => VectorOutputObjectives.ExpDecayResidualsJacobianVectorProduct(p, T, Y, new double[2], r, new double[T.Length]));
        Assert.Equal("v", direction.ParamName);
        var gradient = Assert.Throws<ArgumentException>(() => VectorOutputObjectives.ExpDecayResidualsVectorJacobianProduct(p, T, Y, new double[T.Length], new double[2]));
        Assert.Equal("gradient", gradient.ParamName);
        var buffer = new double[20];
        var overlap = Assert.Throws<ArgumentException>(() => VectorOutputObjectives.PowellSingularJacobian([1, 2, 3, 4], buffer.AsSpan(0, 4), buffer.AsSpan(2, 16)));
        Assert.Equal("jacobian", overlap.ParamName);
        Assert.Contains("overlap", overlap.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => VectorOutputObjectives.ChainJacobian(null!, new double[4], new double[8]));
    }

    private static double Output(VectorFunction function, double[] x, int m, int i)
    {
        var r = new double[m];
        function(x, r);
        return r[i];
    }

    private delegate void JacobianOf(double[] x, double[] r, double[] jacobian);

    private delegate void Jvp(double[] x, double[] v, double[] r, double[] jv);

    private delegate double Vjp(double[] x, double[] u, double[] gradient);

    private static (VectorFunction Function, JacobianOf Jacobian, Jvp Jvp, Vjp Vjp, double[] X, int M) Case(string name) => name switch
    {
        "ExpDecay" => (
            (x, r) => VectorOutputObjectives.ExpDecayResiduals(x, T, Y, r),
            (x, r, j) => VectorOutputObjectives.ExpDecayResidualsJacobian(x, T, Y, r, j),
            (x, v, r, jv) => VectorOutputObjectives.ExpDecayResidualsJacobianVectorProduct(x, T, Y, v, r, jv),
            (x, u, g) => VectorOutputObjectives.ExpDecayResidualsVectorJacobianProduct(x, T, Y, u, g),
            [2.0, -0.7, 1.1],
            T.Length),
        "NormAndBranchPositive" or "NormAndBranchNegative" => (
            (x, r) => VectorOutputObjectives.NormAndBranch(x, r),
            (x, r, j) => VectorOutputObjectives.NormAndBranchJacobian(x, r, j),
            (x, v, r, jv) => VectorOutputObjectives.NormAndBranchJacobianVectorProduct(x, v, r, jv),
            (x, u, g) => VectorOutputObjectives.NormAndBranchVectorJacobianProduct(x, u, g),
            name.EndsWith("Positive", StringComparison.Ordinal) ? [0.5, -0.3, 0.8, 1.2, -0.1] : [-0.5, -0.3, 0.8, 1.2, -0.1],
            2),
        "OutputThroughACall" => (
            (x, r) => VectorOutputObjectives.OutputThroughACall(x, r),
            (x, r, j) => VectorOutputObjectives.OutputThroughACallJacobian(x, r, j),
            (x, v, r, jv) => VectorOutputObjectives.OutputThroughACallJacobianVectorProduct(x, v, r, jv),
            (x, u, g) => VectorOutputObjectives.OutputThroughACallVectorJacobianProduct(x, u, g),
            [0.3, -0.7, 1.1],
            3),
        _ => (
            (x, r) => VectorOutputObjectives.Chain(x, r),
            (x, r, j) => VectorOutputObjectives.ChainJacobian(x, r, j),
            (x, v, r, jv) => VectorOutputObjectives.ChainJacobianVectorProduct(x, v, r, jv),
            (x, u, g) => VectorOutputObjectives.ChainVectorJacobianProduct(x, u, g),
            [0.3, -0.8, 1.1],
            5),
    };
}
