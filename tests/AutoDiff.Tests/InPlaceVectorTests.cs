using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// In-place vector functions (<see cref="InPlaceObjectives"/>): J v, u^T J and the dense Jacobian with respect to the
/// array's values at entry and the other inputs, against central differences of the method itself run on copies; the
/// caller's arrays left as they were; the argument checks.
/// </summary>
public class InPlaceVectorTests
{
    /// <summary>One case on a flat input z (the array's entry values, then the other differentiable inputs, in order).</summary>
    private sealed record Case(
        Func<double[], double[]> Function,
        Action<double[], double[], double[], double[]> JacobianVectorProduct,
        Func<double[], double[], double[], double> VectorJacobianProduct,
        double[] Point,
        int M);

    public static TheoryData<string> Cases => ["ScaleFirst", "SquareEach", "Step", "StepEarlyReturn"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Products_MatchFiniteDifferencesOfTheEntryValues(string name)
    {
        var c = Of(name);
        int n = c.Point.Length;
        var random = new Random(11);
        var v = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var u = Enumerable.Range(0, c.M).Select(_ => random.NextDouble() - 0.5).ToArray();
        var jacobian = new double[c.M, n];
        for (int i = 0; i < c.M; i++)
        {
            for (int j = 0; j < n; j++)
            {
                jacobian[i, j] = FiniteDifferences.Richardson(z => c.Function(z)[i], c.Point, j);
            }
        }

        var values = c.Function(c.Point);
        var result = new double[c.M];
        var jv = new double[c.M];
        c.JacobianVectorProduct(c.Point, v, result, jv);
        var gradient = new double[n];
        double weighted = c.VectorJacobianProduct(c.Point, u, gradient);

        Assert.Equal(values, result);
        Assert.Equal(u.Zip(values, (a, b) => a * b).Sum(), weighted, 12);
        for (int i = 0; i < c.M; i++)
        {
            double expected = Enumerable.Range(0, n).Sum(j => jacobian[i, j] * v[j]);
            Assert.True(Math.Abs(jv[i] - expected) <= 1e-8 * Math.Max(1, Math.Abs(expected)), $"(J v)[{i}] = {jv[i]}, finite differences {expected}");
        }

        for (int j = 0; j < n; j++)
        {
            double expected = Enumerable.Range(0, c.M).Sum(i => u[i] * jacobian[i, j]);
            Assert.True(Math.Abs(gradient[j] - expected) <= 1e-8 * Math.Max(1, Math.Abs(expected)), $"(u^T J)[{j}] = {gradient[j]}, finite differences {expected}");
        }
    }

    [Fact]
    public void SquareEachJacobian_IsDiagonalTwiceTheEntryValues_AndLeavesTheArray()
    {
        double[] a = [0.5, -1.5, 2.0, 3.0];
        double[] before = [.. a];
        var result = new double[4];
        var jacobian = new double[16];
        InPlaceObjectives.SquareEachJacobian(a, 2, result, jacobian);
        var alone = new double[16];
        InPlaceObjectives.SquareEachJacobian(a, 2, alone);

        Assert.Equal(before, a);
        Assert.Equal([0.25, 2.25, 4.0, 3.0], result);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                double expected = i != j ? 0 : i <= 2 ? 2 * a[i] : 1;
                Assert.Equal(expected, jacobian[(i * 4) + j]);
            }
        }

        Assert.Equal(jacobian, alone);

        // An empty array: an empty Jacobian (m = n = 0, nothing divided by n).
        InPlaceObjectives.SquareEachJacobian([], -1, Span<double>.Empty);
    }

    [Fact]
    public void GeneratedMembers_LeaveTheCallersArraysAsTheyWere()
    {
        double[] x = [0.3, -0.2, 0.5];
        double[] work = [0.1, 0.4];
        double[] xBefore = [.. x], workBefore = [.. work];
        var result = new double[3];
        InPlaceObjectives.StepJacobianVectorProduct(x, 0.1, work, 2, -1, [1, 0, 0], 0, [0, 0], result, new double[3]);
        InPlaceObjectives.StepVectorJacobianProduct(x, 0.1, work, 2, -1, [1, 1, 1], new double[3], out _, new double[2]);

        Assert.Equal(xBefore, x);
        Assert.Equal(workBefore, work);
    }

    [Fact]
    public void WrongLengths_ThrowArgumentExceptionsNamingTheArgument()
    {
        double[] a = [1, 2, 3];
        var result = Assert.Throws<ArgumentException>(() => InPlaceObjectives.SquareEachJacobianVectorProduct(a, 2, new double[3], new double[2], new double[2]));
        Assert.Equal("aResult", result.ParamName);
        var product = Assert.Throws<ArgumentException>(() => InPlaceObjectives.SquareEachJacobianVectorProduct(a, 2, new double[3], new double[3], new double[2]));
        Assert.Equal("jv", product.ParamName);
        var weights = Assert.Throws<ArgumentException>(() => InPlaceObjectives.SquareEachVectorJacobianProduct(a, 2, new double[4], new double[3]));
        Assert.Equal("u", weights.ParamName);
        var fullResult = Assert.Throws<ArgumentException>(() => InPlaceObjectives.SquareEachJacobian(a, 2, new double[4], new double[12]));
        Assert.Equal("aResult", fullResult.ParamName);
        var jacobian = Assert.Throws<ArgumentException>(() => InPlaceObjectives.SquareEachJacobian(a, 2, new double[12]));
        Assert.Equal("jacobian", jacobian.ParamName);
        Assert.Throws<ArgumentNullException>(() => InPlaceObjectives.SquareEachVectorJacobianProduct(null!, 2, new double[3], new double[3]));
    }

    private static Case Of(string name) => name switch
    {
        "ScaleFirst" => new Case(
            z =>
            {
                double[] x = [z[0], z[1]];
                InPlaceObjectives.ScaleFirst(x, z[2]);
                return x;
            },
            (z, v, r, jv) => InPlaceObjectives.ScaleFirstJacobianVectorProduct(z[..2], z[2], v.AsSpan(0, 2), v[2], r, jv),
            (z, u, g) =>
            {
                double value = InPlaceObjectives.ScaleFirstVectorJacobianProduct(z[..2], z[2], u, g.AsSpan(0, 2), out g[2]);
                return value;
            },
            [1.5, -0.5, 0.7],
            2),
        "SquareEach" => new Case(
            z =>
            {
                double[] a = [.. z];
                InPlaceObjectives.SquareEach(a, 2);
                return a;
            },
            (z, v, r, jv) => InPlaceObjectives.SquareEachJacobianVectorProduct(z, 2, v, r, jv),
            (z, u, g) => InPlaceObjectives.SquareEachVectorJacobianProduct(z, 2, u, g),
            [0.5, -1.5, 2.0, 3.0],
            4),
        _ => StepCase(name == "Step" ? -1 : 0),
    };

    /// <summary>Step on x (3), dt, work (2), two steps, returning early after step <paramref name="stop"/> (-1: never).</summary>
    private static Case StepCase(int stop) => new(
        z =>
        {
            double[] x = z[..3], work = z[4..];
            InPlaceObjectives.Step(x, z[3], work, 2, stop);
            return x;
        },
        (z, v, r, jv) => InPlaceObjectives.StepJacobianVectorProduct(z[..3], z[3], z[4..], 2, stop, v.AsSpan(0, 3), v[3], v.AsSpan(4), r, jv),
        (z, u, g) => InPlaceObjectives.StepVectorJacobianProduct(z[..3], z[3], z[4..], 2, stop, u, g.AsSpan(0, 3), out g[3], g.AsSpan(4)),
        [0.3, -0.2, 0.5, 0.1, 0.1, 0.4],
        3);
}
