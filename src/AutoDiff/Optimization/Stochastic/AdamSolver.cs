using System;
using System.Numerics;
using System.Runtime.InteropServices;

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

        public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double step, int t, Span<double> next)
        {
            double beta1 = options.Beta1, beta2 = options.Beta2, epsilon = options.Epsilon;
            _beta1Power *= beta1;
            _beta2Power *= beta2;
            // Bias corrections: m and v start at 0, so early averages are too small by (1 - beta^t).
            double meanCorrection = 1 / (1 - _beta1Power), meanSquareCorrection = 1 / (1 - _beta2Power);
            double decay = 1 - step * options.WeightDecay;
            int n = x.Length, i = 0, width = Vector<double>.Count;
            Span<double> mean = _mean.AsSpan(0, n), meanSquare = _meanSquare.AsSpan(0, n);
            ref double ms = ref MemoryMarshal.GetReference(mean);
            ref double ss = ref MemoryMarshal.GetReference(meanSquare);
            ref double xs = ref MemoryMarshal.GetReference(x);
            ref double gs = ref MemoryMarshal.GetReference(gradient[..n]);
            ref double nexts = ref MemoryMarshal.GetReference(next[..n]);
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= n - width; i += width)
                {
                    Vector<double> g = Vector.LoadUnsafe(ref gs, (nuint)i);
                    Vector<double> m = beta1 * Vector.LoadUnsafe(ref ms, (nuint)i) + (1 - beta1) * g;
                    Vector<double> v = beta2 * Vector.LoadUnsafe(ref ss, (nuint)i) + (1 - beta2) * g * g;
                    m.StoreUnsafe(ref ms, (nuint)i);
                    v.StoreUnsafe(ref ss, (nuint)i);
                    Vector<double> meanHat = m * meanCorrection, meanSquareHat = v * meanSquareCorrection;
                    Vector<double> moved = Vector.LoadUnsafe(ref xs, (nuint)i) * decay
                        - step * meanHat / (Vector.SquareRoot(meanSquareHat) + new Vector<double>(epsilon));
                    moved.StoreUnsafe(ref nexts, (nuint)i);
                }
            }

            for (; i < n; i++)
            {
                double g = gradient[i];
                mean[i] = beta1 * mean[i] + (1 - beta1) * g;
                meanSquare[i] = beta2 * meanSquare[i] + (1 - beta2) * g * g;
                double meanHat = mean[i] * meanCorrection, meanSquareHat = meanSquare[i] * meanSquareCorrection;
                next[i] = x[i] * decay - step * meanHat / (Math.Sqrt(meanSquareHat) + epsilon);
            }
        }
    }
}
