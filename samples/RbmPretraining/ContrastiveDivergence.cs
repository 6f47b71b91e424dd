using System;
using System.Collections.Generic;
using AutoDiff.Initialization;

namespace Samples.RbmPretraining;

/// <summary>How to train one RBM.</summary>
/// <param name="Hidden">H.</param>
/// <param name="Epochs">Passes over the data. Default 5.</param>
/// <param name="BatchSize">Samples per update. Default 20.</param>
/// <param name="LearningRate">The step. Default 0.1 (Hinton's practical guide, 2010).</param>
/// <param name="GibbsSteps">k in CD-k. Default 1.</param>
/// <param name="Seed">Seeds the initial weights, the sample order and the Gibbs sampling. Default 0.</param>
public sealed record RbmOptions(int Hidden, int Epochs = 5, int BatchSize = 20, double LearningRate = 0.1, int GibbsSteps = 1, int Seed = 0);

/// <summary>
/// Contrastive divergence CD-k (Hinton 2002) through the generated gradient of the free energy: the update direction
/// is (1/m) sum [grad F(v_data) - grad F(v_k)], v_k after k Gibbs steps started at v_data, and theta moves against it
/// (lowering F, i.e. raising p, at the data and raising it at the model's samples). The pullback adds seed * grad F,
/// so one buffer collects both terms with seeds +1/m and -1/m.
/// </summary>
public static class ContrastiveDivergence
{
    /// <summary>Trains an RBM on rows of <paramref name="data"/> (each <paramref name="visible"/> values in [0, 1]).</summary>
    /// <param name="data">count x visible values, row-major.</param>
    /// <param name="visible">V.</param>
    /// <param name="options">Hidden units, budget, step, k, seed.</param>
    /// <param name="reconstructionErrors">Receives the mean squared reconstruction error ||v - v_k||^2 of each epoch.</param>
    /// <returns>theta = (W, b, c).</returns>
    public static double[] Train(double[] data, int visible, RbmOptions options, List<double> reconstructionErrors)
    {
        int count = data.Length / visible, hidden = options.Hidden;
        var random = new Random(options.Seed);
        var theta = new double[Rbm.Parameters(visible, hidden)];
        // Small random weights (std 0.01, Hinton's guide) break the symmetry between hidden units; biases start at 0.
        WeightInitialization.Normal(theta.AsSpan(0, hidden * visible), 0.01, random);
        var gradient = new double[theta.Length];
        var negative = new double[visible];
        var hiddenProbabilities = new double[hidden];
        var hiddenSample = new double[hidden];
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double error = 0;
            for (int first = 0; first < count; first += options.BatchSize)
            {
                int size = Math.Min(options.BatchSize, count - first);
                Array.Clear(gradient);
                for (int s = first; s < first + size; s++)
                {
                    ReadOnlySpan<double> v = data.AsSpan(order[s] * visible, visible);
                    Rbm.FreeEnergyPullback(theta, v, hidden, 1.0 / size, gradient);
                    v.CopyTo(negative);
                    for (int step = 0; step < options.GibbsSteps; step++)
                    {
                        Rbm.HiddenGivenVisible(theta, negative, hiddenProbabilities);
                        for (int j = 0; j < hidden; j++)
                        {
                            hiddenSample[j] = random.NextDouble() < hiddenProbabilities[j] ? 1 : 0;
                        }

                        // Visible probabilities rather than samples: less noise, the usual choice for the last step.
                        Rbm.VisibleGivenHidden(theta, hiddenSample, negative);
                    }

                    Rbm.FreeEnergyPullback(theta, negative, hidden, -1.0 / size, gradient);
                    for (int k = 0; k < visible; k++)
                    {
                        error += (v[k] - negative[k]) * (v[k] - negative[k]) / count;
                    }
                }

                for (int i = 0; i < theta.Length; i++)
                {
                    theta[i] -= options.LearningRate * gradient[i];
                }
            }

            reconstructionErrors.Add(error);
        }

        return theta;
    }

    /// <summary>p(h | v) for every row: the data the next RBM of the stack is trained on.</summary>
    /// <param name="theta">A trained RBM.</param>
    /// <param name="data">count x visible values.</param>
    /// <param name="visible">V.</param>
    /// <param name="hidden">H.</param>
    /// <returns>count x hidden probabilities.</returns>
    public static double[] HiddenProbabilities(double[] theta, double[] data, int visible, int hidden)
    {
        int count = data.Length / visible;
        var result = new double[count * hidden];
        for (int s = 0; s < count; s++)
        {
            Rbm.HiddenGivenVisible(theta, data.AsSpan(s * visible, visible), result.AsSpan(s * hidden, hidden));
        }

        return result;
    }
}
