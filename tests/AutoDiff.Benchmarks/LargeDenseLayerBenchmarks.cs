using System;
using AutoDiff.Benchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks;

/// <summary>
/// The dense-layer loss of <see cref="DenseLayerBenchmarks"/> at issue 16's size, 1000 inputs x 500 outputs x 200
/// samples (10^8 multiply-adds a call): the generated gradient against the function and a hand-vectorised gradient
/// with the same loop order (<see cref="HandVectorisedKernels.DenseLayerLossGradient"/>).
/// </summary>
[MemoryDiagnoser]
public class LargeDenseLayerBenchmarks
{
    public const int InputCount = 1000;
    public const int OutputCount = 500;
    public const int SampleCount = 200;

    private double[] _weights = Array.Empty<double>();
    private double[] _bias = Array.Empty<double>();
    private double[] _inputs = Array.Empty<double>();
    private double[] _targets = Array.Empty<double>();
    private double[] _weightsGradient = Array.Empty<double>();
    private double[] _biasGradient = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(TestData.Seed);
        double bound = Math.Sqrt(6.0 / (InputCount + OutputCount)); // Glorot uniform
        _weights = TestData.Uniform(random, OutputCount * InputCount, -bound, bound);
        _bias = TestData.Uniform(random, OutputCount, -0.1, 0.1);
        _inputs = TestData.Normal(random, SampleCount * InputCount);
        _targets = TestData.Normal(random, SampleCount * OutputCount);
        _weightsGradient = new double[_weights.Length];
        _biasGradient = new double[_bias.Length];
        GradientChecks.CheckDenseLayer();
        GradientChecks.CheckHandVectorised();
    }

    [Benchmark(Baseline = true)]
    public double Function() =>
        DenseLayerObjectives.DenseLayerLoss(_weights, _bias, _inputs, _targets, InputCount, OutputCount, SampleCount);

    [Benchmark]
    public double Gradient() =>
        DenseLayerObjectives.DenseLayerLossGradient(
            _weights, _bias, _inputs, _targets, InputCount, OutputCount, SampleCount, _weightsGradient, _biasGradient);

    [Benchmark]
    public double HandVectorisedGradient() =>
        HandVectorisedKernels.DenseLayerLossGradient(
            _weights, _bias, _inputs, _targets, InputCount, OutputCount, SampleCount, _weightsGradient, _biasGradient);
}
