using System;
using AutoDiff.Benchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Extended Rosenbrock written through an overwritten local array (<see cref="RosenbrockObjectives.RosenbrockLocalArray"/>):
/// a gradient that tapes every iteration's array elements, against its function. At n = 10^7 its tape holds hundreds of
/// MiB; repeated calls reuse it (see <see cref="AutoDiff.Runtime.GradientTape"/> for when it is given back).
/// </summary>
[MemoryDiagnoser]
public class LocalArrayBenchmarks
{
    private double[] _x = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();
    private double[] _direction = Array.Empty<double>();
    private double[] _product = Array.Empty<double>();

    [Params(100_000, 10_000_000)]
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
    }

    [Benchmark(Baseline = true)]
    public double Function() => RosenbrockObjectives.RosenbrockLocalArray(_x);

    [Benchmark]
    public double Gradient() => RosenbrockObjectives.RosenbrockLocalArrayGradient(_x, _gradient);

    [Benchmark]
    public double HessianVectorProduct() => RosenbrockObjectives.RosenbrockLocalArrayHessianVectorProduct(_x, _direction, _product);
}
