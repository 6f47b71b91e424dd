using System;
using AutoDiff;

namespace Samples.RbmPretraining;

/// <summary>
/// A Bernoulli restricted Boltzmann machine with V visible and H hidden units. Parameters theta: W (H x V, row j the
/// weights of hidden unit j), then the visible biases b (V), then the hidden biases c (H).
/// </summary>
public static partial class Rbm
{
    /// <summary>Parameters of an RBM.</summary>
    /// <param name="visible">V.</param>
    /// <param name="hidden">H.</param>
    /// <returns>H V + V + H.</returns>
    public static int Parameters(int visible, int hidden) => hidden * visible + visible + hidden;

    /// <summary>
    /// The free energy F(v) = -b'v - sum_j log(1 + exp(c_j + W_j v)), so that p(v) is proportional to exp(-F(v)).
    /// The log-likelihood gradient is E_model[grad F] - grad F(v_data); contrastive divergence replaces the model
    /// expectation with a k-step Gibbs sample.
    /// </summary>
    /// <param name="theta">W, b, c.</param>
    /// <param name="v">A visible vector (V values in [0, 1]).</param>
    /// <param name="hidden">H.</param>
    /// <returns>F(v).</returns>
    [Differentiable(Derivatives.Gradient)]
    public static double FreeEnergy(ReadOnlySpan<double> theta, [Constant] ReadOnlySpan<double> v, int hidden)
    {
        int visible = v.Length;
        double energy = 0;
        for (int k = 0; k < visible; k++)
        {
            energy -= theta[hidden * visible + k] * v[k];
        }

        for (int j = 0; j < hidden; j++)
        {
            double x = theta[hidden * visible + visible + j];
            for (int k = 0; k < visible; k++)
            {
                x += theta[j * visible + k] * v[k];
            }

            // softplus(x) = log(1 + e^x), written so that e^x cannot overflow.
            energy -= Math.Max(x, 0.0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
        }

        return energy;
    }

    /// <summary>p(h_j = 1 | v) = sigma(c_j + W_j v) for every j.</summary>
    /// <param name="theta">The parameters.</param>
    /// <param name="v">The visible vector.</param>
    /// <param name="hiddenProbabilities">Receives H probabilities.</param>
    public static void HiddenGivenVisible(ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Span<double> hiddenProbabilities)
    {
        int visible = v.Length, hidden = hiddenProbabilities.Length;
        for (int j = 0; j < hidden; j++)
        {
            double x = theta[hidden * visible + visible + j];
            for (int k = 0; k < visible; k++)
            {
                x += theta[j * visible + k] * v[k];
            }

            hiddenProbabilities[j] = Sigmoid(x);
        }
    }

    /// <summary>p(v_k = 1 | h) = sigma(b_k + sum_j W_jk h_j) for every k.</summary>
    /// <param name="theta">The parameters.</param>
    /// <param name="h">The hidden vector.</param>
    /// <param name="visibleProbabilities">Receives V probabilities.</param>
    public static void VisibleGivenHidden(ReadOnlySpan<double> theta, ReadOnlySpan<double> h, Span<double> visibleProbabilities)
    {
        int visible = visibleProbabilities.Length, hidden = h.Length;
        for (int k = 0; k < visible; k++)
        {
            visibleProbabilities[k] = theta[hidden * visible + k];
        }

        for (int j = 0; j < hidden; j++)
        {
            if (h[j] != 0)
            {
                for (int k = 0; k < visible; k++)
                {
                    visibleProbabilities[k] += theta[j * visible + k] * h[j];
                }
            }
        }

        for (int k = 0; k < visible; k++)
        {
            visibleProbabilities[k] = Sigmoid(visibleProbabilities[k]);
        }
    }

    /// <summary>The logistic function.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>1 / (1 + e^-x).</returns>
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
