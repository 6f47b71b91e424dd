using System;
using AutoDiff.Benchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Squared error of a dense layer, sum_s ||W x_s + b - y_s||^2: three nested loops, W (outputs x inputs) and b
/// differentiable, the batch constant. 100 inputs, 50 outputs, 20 samples: 100,000 multiply-adds a call.
/// </summary>
[MemoryDiagnoser]
public class DenseLayerBenchmarks
{
    public const int InputCount = 100;
    public const int OutputCount = 50;
    public const int SampleCount = 20;

    private double[] _weights = Array.Empty<double>();
    private double[] _bias = Array.Empty<double>();
    private double[] _inputs = Array.Empty<double>();
    private double[] _targets = Array.Empty<double>();
    private double[] _weightsGradient = Array.Empty<double>();
    private double[] _biasGradient = Array.Empty<double>();
    private double[] _weightsDirection = Array.Empty<double>();
    private double[] _biasDirection = Array.Empty<double>();
    private double[] _weightsProduct = Array.Empty<double>();
    private double[] _biasProduct = Array.Empty<double>();

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
        _weightsDirection = TestData.Normal(random, _weights.Length);
        _biasDirection = TestData.Normal(random, _bias.Length);
        _weightsProduct = new double[_weights.Length];
        _biasProduct = new double[_bias.Length];
        GradientChecks.CheckDenseLayer();
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

    [Benchmark]
    public double HessianVectorProduct() =>
        DenseLayerObjectives.DenseLayerLossHessianVectorProduct(
            _weights, _bias, _inputs, _targets, InputCount, OutputCount, SampleCount,
            _weightsDirection, _biasDirection, _weightsProduct, _biasProduct);
}
