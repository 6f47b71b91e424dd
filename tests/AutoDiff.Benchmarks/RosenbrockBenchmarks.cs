using System;
using AutoDiff.Benchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Extended Rosenbrock: a single <c>for</c> loop; the generated gradient against the function, a hand-written scalar
/// gradient and a hand-vectorised one; the generated Hessian-vector product; and the bandwidth bound (read x, write g
/// once), which at n = 10^7 (160 MB moved a call) is what any gradient's time is measured against.
/// </summary>
[MemoryDiagnoser]
public class RosenbrockBenchmarks
{
    private double[] _x = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();
    private double[] _direction = Array.Empty<double>();
    private double[] _product = Array.Empty<double>();

    [Params(1_000, 100_000, 10_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(TestData.Seed);
        _x = TestData.Uniform(random, N, -2, 2);
        _gradient = new double[N];
        _direction = TestData.Normal(random, N);
        _product = new double[N];
        GradientChecks.CheckRosenbrock();
        GradientChecks.CheckHandVectorised();
    }

    [Benchmark(Baseline = true)]
    public double Function() => RosenbrockObjectives.Rosenbrock(_x);

    [Benchmark]
    public double Gradient() => RosenbrockObjectives.RosenbrockGradient(_x, _gradient);

    [Benchmark]
    public double HandWrittenGradient() => RosenbrockObjectives.HandWrittenGradient(_x, _gradient);

    [Benchmark]
    public double HandVectorisedGradient() => HandVectorisedKernels.RosenbrockGradient(_x, _gradient);

    [Benchmark]
    public double BandwidthBound() => HandVectorisedKernels.ReadXWriteGradient(_x, _gradient);

    [Benchmark]
    public double HessianVectorProduct() => RosenbrockObjectives.RosenbrockHessianVectorProduct(_x, _direction, _product);
}
