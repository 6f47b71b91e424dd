using System;
using AutoDiff.Benchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Generated Jacobians of vector-output methods against the function, a hand-written Jacobian, the products, and (for
/// the tall case) the row-by-row route through a scalar model's gradient.
/// </summary>
[MemoryDiagnoser]
public class TallJacobianBenchmarks
{
    private readonly double[] _p = [2.0, -0.7, 1.1];
    private readonly double[] _v = [0.3, -0.2, 0.5];
    private double[] _t = Array.Empty<double>();
    private double[] _y = Array.Empty<double>();
    private double[] _r = Array.Empty<double>();
    private double[] _jacobian = Array.Empty<double>();
    private double[] _jv = Array.Empty<double>();

    [Params(1_000)]
    public int M { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(TestData.Seed);
        _t = TestData.Uniform(random, M, 0, 3);
        _y = TestData.Uniform(random, M, 0, 4);
        _r = new double[M];
        _jacobian = new double[M * 3];
        _jv = new double[M];
        GradientChecks.CheckJacobians();
    }

    [Benchmark(Baseline = true)]
    public void Function() => JacobianObjectives.Residuals(_p, _t, _y, _r);

    [Benchmark]
    public void Jacobian() => JacobianObjectives.ResidualsJacobian(_p, _t, _y, _r, _jacobian);

    [Benchmark]
    public void HandWrittenJacobian() => JacobianObjectives.HandWrittenJacobian(_p, _t, _y, _r, _jacobian);

    [Benchmark]
    public void RowByRowJacobian() => JacobianObjectives.RowByRowJacobian(_p, _t, _y, _r, _jacobian);

    [Benchmark]
    public void JacobianVectorProduct() => JacobianObjectives.ResidualsJacobianVectorProduct(_p, _t, _y, _v, _r, _jv);
}

/// <summary>A wide Jacobian (4 outputs of n inputs, by reverse mode) against the function and a hand-written one.</summary>
[MemoryDiagnoser]
public class WideJacobianBenchmarks
{
    private double[] _x = Array.Empty<double>();
    private double[] _u = [0.5, -1, 0.25, 2];
    private readonly double[] _m = new double[4];
    private double[] _jacobian = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();

    [Params(10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(TestData.Seed);
        _x = TestData.Uniform(random, N, -2, 2);
        _jacobian = new double[4 * N];
        _gradient = new double[N];
        GradientChecks.CheckJacobians();
    }

    [Benchmark(Baseline = true)]
    public void Function() => JacobianObjectives.Moments(_x, _m);

    [Benchmark]
    public void Jacobian() => JacobianObjectives.MomentsJacobian(_x, _m, _jacobian);

    [Benchmark]
    public void HandWrittenJacobian() => JacobianObjectives.HandWrittenMomentsJacobian(_x, _m, _jacobian);

    [Benchmark]
    public double VectorJacobianProduct() => JacobianObjectives.MomentsVectorJacobianProduct(_x, _u, _gradient);
}
