using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Adam (Kingma and Ba 2015): exponential averages m of g and v of g^2, bias-corrected, and the step
/// x &lt;- x - alpha_t m^ / (sqrt(v^) + epsilon), so every coordinate gets its own scale. With
/// <see cref="AdamOptions.WeightDecay"/> &gt; 0 it is AdamW: the decay x &lt;- x (1 - alpha_t lambda) is applied
/// to x directly rather than added to g, where the adaptive scaling would weaken it (Loshchilov and Hutter 2019).
/// </summary>
public sealed class AdamSolver : StochasticSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for Adam's defaults. Use <see cref="AdamOptions.AdamW"/> for AdamW.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public AdamSolver(AdamOptions? options = null)
        : base(options ?? new AdamOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => ((AdamOptions)Options).WeightDecay > 0 ? "AdamW" : "Adam";

    private protected override UpdateRule CreateRule(int dimension) => new Rule((AdamOptions)Options, dimension);

    private sealed class Rule(AdamOptions options, int dimension) : UpdateRule
    {
        private readonly double[] _mean = new double[dimension];
        private readonly double[] _meanSquare = new double[dimension];
        private double _beta1Power = 1, _beta2Power = 1;

        public override void Apply(Span<double> x, ReadOnlySpan<double> gradient, double step, int t)
        {
            double beta1 = options.Beta1, beta2 = options.Beta2;
            _beta1Power *= beta1;
            _beta2Power *= beta2;
            // Bias corrections: m and v start at 0, so early averages are too small by (1 - beta^t).
            double meanCorrection = 1 / (1 - _beta1Power), meanSquareCorrection = 1 / (1 - _beta2Power);
            double decay = 1 - step * options.WeightDecay;
            for (int i = 0; i < x.Length; i++)
            {
                double g = gradient[i];
                _mean[i] = beta1 * _mean[i] + (1 - beta1) * g;
                _meanSquare[i] = beta2 * _meanSquare[i] + (1 - beta2) * g * g;
                double meanHat = _mean[i] * meanCorrection, meanSquareHat = _meanSquare[i] * meanSquareCorrection;
                x[i] = x[i] * decay - step * meanHat / (Math.Sqrt(meanSquareHat) + options.Epsilon);
            }
        }
    }
}
