using System;
using System.Linq;
using Samples.InitializationSaturation;
using Samples.IrisLogistic;
using Samples.MnistMlp;
using Samples.RbmPretraining;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>The samples' models: generated gradients against central differences and closed forms.</summary>
public class SampleModelTests
{
    private delegate double Loss(ReadOnlySpan<double> w);

    [Fact]
    public void MlpGradientMatchesFiniteDifferences()
    {
        var random = new Random(9);
        double[] w = MnistSample.Initialise(seed: 4);
        for (int i = Mlp.B1; i < Mlp.W2; i++)
        {
            w[i] = 0.1 * (random.NextDouble() - 0.5); // nonzero biases too
        }

        var sample = new double[Mlp.SampleLength];
        for (int i = 0; i < Mlp.Inputs; i++)
        {
            sample[i] = random.NextDouble() < 0.3 ? random.NextDouble() : 0;
        }

        sample[Mlp.Inputs] = 7;
        var gradient = new double[Mlp.Parameters];
        double f = Mlp.LossGradient(w, sample, gradient);
        Assert.Equal(Mlp.Loss(w, sample), f, 12);

        // Coordinates in every block: W1, b1, W2, b2; W1 entries on lit pixels so their derivative is not trivially 0.
        int[] coordinates = [5 * Mlp.Inputs + 300, 17 * Mlp.Inputs + 410, 100 * Mlp.Inputs + 200, Mlp.B1 + 3, Mlp.B1 + 90, Mlp.W2 + 7, Mlp.W2 + 700, Mlp.B2, Mlp.B2 + 7];
        CheckCoordinates(x => Mlp.Loss(x, sample), w, gradient, coordinates);
    }

    /// <summary>
    /// The batch loss the sample trains with (its layers run as matrix kernels) is the sum of the per-sample losses, its
    /// pullback adds the sum of their gradients (to rounding: the kernels reassociate the dot products), and it matches
    /// finite differences of itself; 5 samples, so the 4 x 2 blocks have leftover rows and columns.
    /// </summary>
    [Fact]
    public void MlpBatchLossIsTheSumOfThePerSampleLosses()
    {
        var random = new Random(11);
        double[] w = MnistSample.Initialise(seed: 5);
        for (int i = Mlp.B1; i < Mlp.W2; i++)
        {
            w[i] = 0.1 * (random.NextDouble() - 0.5);
        }

        const int Count = 5;
        var batch = new double[Count * Mlp.SampleLength];
        for (int s = 0; s < Count; s++)
        {
            for (int i = 0; i < Mlp.Inputs; i++)
            {
                batch[s * Mlp.SampleLength + i] = random.NextDouble() < 0.3 ? random.NextDouble() : 0;
            }

            batch[s * Mlp.SampleLength + Mlp.Inputs] = s + 2;
        }

        var perSample = new double[Mlp.Parameters];
        double sum = 0;
        for (int s = 0; s < Count; s++)
        {
            sum += Mlp.LossPullback(w, batch.AsSpan(s * Mlp.SampleLength, Mlp.SampleLength), 0.5, perSample);
        }

        var batched = new double[Mlp.Parameters];
        double f = Mlp.BatchLossPullback(w, batch, 0.5, batched);
        Assert.Equal(sum, f, 1e-12 * Math.Abs(sum));
        Assert.Equal(Mlp.BatchLoss(w, batch), f, 1e-12 * Math.Abs(sum));
        double scale = perSample.Max(Math.Abs);
        Assert.True(scale > 0);
        for (int i = 0; i < Mlp.Parameters; i++)
        {
            Assert.True(Math.Abs(perSample[i] - batched[i]) <= 1e-12 * scale, $"component {i}: {batched[i]:R}, per sample {perSample[i]:R}");
        }

        var gradient = new double[Mlp.Parameters];
        Mlp.BatchLossGradient(w, batch, gradient);
        int[] coordinates = [5 * Mlp.Inputs + 300, 17 * Mlp.Inputs + 410, Mlp.B1 + 3, Mlp.W2 + 7, Mlp.W2 + 700, Mlp.B2 + 7];
        CheckCoordinates(x => Mlp.BatchLoss(x, batch), w, gradient, coordinates);
    }

    [Fact]
    public void DeepNetAndSoftmaxRegressionGradientsMatchFiniteDifferences()
    {
        var random = new Random(2);
        var sample = new double[DeepNet.SampleLength];
        for (int i = 0; i < DeepNet.Inputs; i++)
        {
            sample[i] = random.NextDouble();
        }

        sample[DeepNet.Inputs] = 3;
        foreach (Activation activation in new[] { Activation.Sigmoid, Activation.Tanh })
        {
            double[] w = SaturationSample.Initialise(Initialisation.Xavier, seed: 1);
            var gradient = new double[w.Length];
            DeepNet.LossGradient(w, sample, (int)activation, gradient);
            int[] coordinates = [10, 5000, DeepNet.Offset(1) + 33, DeepNet.Offset(3) + 500, DeepNet.Offset(5) + 11, w.Length - 1];
            CheckCoordinates(x => DeepNet.Loss(x, sample, (int)activation), w, gradient, coordinates);
        }

        double[] theta = new double[SoftmaxRegression.Parameters];
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = Math.Sin(i + 1);
        }

        double[] iris = [0.3, -1.1, 0.8, 0.2, 2];
        var irisGradient = new double[theta.Length];
        SoftmaxRegression.LossGradient(theta, iris, irisGradient);
        CheckCoordinates(x => SoftmaxRegression.Loss(x, iris), theta, irisGradient, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    }

    [Fact]
    public void FineTuneNetGradientMatchesFiniteDifferences()
    {
        // Its loss ends in the shared Losses.SoftmaxCrossEntropy (SampleCommon), called across assemblies.
        var random = new Random(11);
        var w = new double[FineTuneNet.Parameters];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = 0.2 * (random.NextDouble() - 0.5);
        }

        var sample = new double[FineTuneNet.Inputs + 1];
        for (int i = 0; i < FineTuneNet.Inputs; i++)
        {
            sample[i] = random.NextDouble();
        }

        sample[FineTuneNet.Inputs] = 6;
        var gradient = new double[w.Length];
        double f = FineTuneNet.LossGradient(w, sample, gradient);
        Assert.Equal(FineTuneNet.Loss(w, sample), f, 12);
        int[] coordinates = [3, 1000, FineTuneNet.Layer2 - 1, FineTuneNet.Layer2 + 40, FineTuneNet.Layer3 - 2, FineTuneNet.Layer3 + 5, FineTuneNet.Parameters - 1];
        CheckCoordinates(x => FineTuneNet.Loss(x, sample), w, gradient, coordinates);
    }

    [Fact]
    public void RbmFreeEnergyGradientMatchesItsClosedForm()
    {
        // F(v) = -b'v - sum_j softplus(c_j + W_j v): dF/dW_jk = -sigma(c_j + W_j v) v_k, dF/db_k = -v_k, dF/dc_j = -sigma(c_j + W_j v).
        const int visible = 7, hidden = 4;
        var random = new Random(5);
        var theta = new double[Rbm.Parameters(visible, hidden)];
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = 2 * random.NextDouble() - 1;
        }

        theta[0] = 40; // a hidden unit far into softplus' linear range, where a naive log(1 + e^x) would lose precision
        double[] v = [1, 0, 1, 1, 0, 0.5, 1];
        var gradient = new double[theta.Length];
        Rbm.FreeEnergyGradient(theta, v, hidden, gradient);

        var p = new double[hidden];
        Rbm.HiddenGivenVisible(theta, v, p);
        for (int j = 0; j < hidden; j++)
        {
            for (int k = 0; k < visible; k++)
            {
                Assert.Equal(-p[j] * v[k], gradient[j * visible + k], 12);
            }

            Assert.Equal(-p[j], gradient[hidden * visible + visible + j], 12);
        }

        for (int k = 0; k < visible; k++)
        {
            Assert.Equal(-v[k], gradient[hidden * visible + k], 12);
        }

        // The pullback adds seed * gradient: the CD update's two terms share one buffer.
        var accumulated = new double[theta.Length];
        Rbm.FreeEnergyPullback(theta, v, hidden, 0.5, accumulated);
        Rbm.FreeEnergyPullback(theta, v, hidden, -0.5, accumulated);
        Assert.All(accumulated, a => Assert.Equal(0, a, 14));
    }

    private static void CheckCoordinates(Loss loss, double[] w, double[] gradient, int[] coordinates)
    {
        foreach (int i in coordinates)
        {
            double saved = w[i], h = 1e-6 * Math.Max(1, Math.Abs(saved));
            w[i] = saved + h;
            double plus = loss(w);
            w[i] = saved - h;
            double minus = loss(w);
            w[i] = saved;
            double difference = (plus - minus) / (2 * h);
            Assert.True(
                Math.Abs(difference - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(difference)),
                $"coordinate {i}: generated {gradient[i]}, central difference {difference}");
        }
    }
}
