using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoDiff.Optimization;

/// <summary>
/// SGD with Nesterov's accelerated momentum: v &lt;- mu v - alpha_t g^(x + mu v), x &lt;- x + v (the gradient at the
/// look-ahead point corrects the velocity before it overshoots). Implemented in the equivalent form of Bengio et al.
/// (2013) in the shifted variable x' = x + mu v, which needs the gradient only at the iterate:
/// v' = mu v - alpha g^(x'), x' &lt;- x' - mu v + (1 + mu) v'. The iterate returned is x'.
/// </summary>
public sealed class NesterovSolver : StochasticSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults (mu = 0.9).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NesterovSolver(MomentumOptions? options = null)
        : base(options ?? new MomentumOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "SGD + Nesterov";

    private protected override UpdateRule CreateRule(int dimension) => new Rule(((MomentumOptions)Options).Momentum, dimension);

    private sealed class Rule(double momentum, int dimension) : UpdateRule
    {
        private readonly double[] _velocity = new double[dimension];

        public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double step, int t, Span<double> next)
        {
            int n = x.Length, i = 0, width = Vector<double>.Count;
            Span<double> velocity = _velocity.AsSpan(0, n);
            ref double vs = ref MemoryMarshal.GetReference(velocity);
            ref double xs = ref MemoryMarshal.GetReference(x);
            ref double gs = ref MemoryMarshal.GetReference(gradient[..n]);
            ref double nexts = ref MemoryMarshal.GetReference(next[..n]);
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= n - width; i += width)
                {
                    Vector<double> previous = Vector.LoadUnsafe(ref vs, (nuint)i);
                    Vector<double> v = momentum * previous - step * Vector.LoadUnsafe(ref gs, (nuint)i);
                    v.StoreUnsafe(ref vs, (nuint)i);
                    (Vector.LoadUnsafe(ref xs, (nuint)i) + (-momentum * previous + (1 + momentum) * v)).StoreUnsafe(ref nexts, (nuint)i);
                }
            }

            for (; i < n; i++)
            {
                double previous = velocity[i];
                velocity[i] = momentum * previous - step * gradient[i];
                next[i] = x[i] + (-momentum * previous + (1 + momentum) * velocity[i]);
            }
        }
    }
}
