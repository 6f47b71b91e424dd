using System;
using AutoDiff.Benchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks;

/// <summary>
/// The ADBench Gaussian-mixture objective, d = 10, K = 25, n = 1000 (DESIGN.md). The setup first checks the
/// generated gradient against central finite differences on d = 2, K = 3, n = 5 and refuses to time a wrong one.
/// </summary>
[MemoryDiagnoser]
public class GmmBenchmarks
{
    public const int D = 10;
    public const int K = 25;
    public const int N = 1000;

    private double[] _alpha = Array.Empty<double>();
    private double[] _means = Array.Empty<double>();
    private double[] _icf = Array.Empty<double>();
    private double[] _x = Array.Empty<double>();
    private double _constant;
    private double[] _alphaGradient = Array.Empty<double>();
    private double[] _meansGradient = Array.Empty<double>();
    private double[] _icfGradient = Array.Empty<double>();
    private double[] _alphaDirection = Array.Empty<double>();
    private double[] _meansDirection = Array.Empty<double>();
    private double[] _icfDirection = Array.Empty<double>();
    private double[] _alphaProduct = Array.Empty<double>();
    private double[] _meansProduct = Array.Empty<double>();
    private double[] _icfProduct = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        GradientChecks.CheckGmm();
        var random = new Random(TestData.Seed);
        (_alpha, _means, _icf, _x) = GradientChecks.GmmData(random, D, K, N);
        _constant = GmmObjectives.Constant(D, K, N);
        _alphaGradient = new double[_alpha.Length];
        _meansGradient = new double[_means.Length];
        _icfGradient = new double[_icf.Length];
        _alphaDirection = TestData.Normal(random, _alpha.Length);
        _meansDirection = TestData.Normal(random, _means.Length);
        _icfDirection = TestData.Normal(random, _icf.Length);
        _alphaProduct = new double[_alpha.Length];
        _meansProduct = new double[_means.Length];
        _icfProduct = new double[_icf.Length];
    }

    [Benchmark(Baseline = true)]
    public double Function() => GmmObjectives.Gmm(_alpha, _means, _icf, _x, D, K, N, _constant);

    [Benchmark]
    public double Gradient() =>
        GmmObjectives.GmmGradient(_alpha, _means, _icf, _x, D, K, N, _constant, _alphaGradient, _meansGradient, _icfGradient);

    [Benchmark]
    public double HessianVectorProduct() =>
        GmmObjectives.GmmHessianVectorProduct(
            _alpha, _means, _icf, _x, D, K, N, _constant,
            _alphaDirection, _meansDirection, _icfDirection, _alphaProduct, _meansProduct, _icfProduct);
}
