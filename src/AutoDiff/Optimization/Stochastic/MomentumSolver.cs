using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoDiff.Optimization;

/// <summary>
/// SGD with Polyak's heavy-ball momentum, in the form of Sutskever et al. (2013): v &lt;- mu v - alpha_t g^(x), x &lt;- x + v.
/// The velocity averages recent gradients, so steps along a consistent direction grow (up to 1/(1 - mu)) while
/// oscillating components cancel.
/// </summary>
public sealed class MomentumSolver : StochasticSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults (mu = 0.9).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public MomentumSolver(MomentumOptions? options = null)
        : base(options ?? new MomentumOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "SGD + momentum";

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
                    Vector<double> v = momentum * Vector.LoadUnsafe(ref vs, (nuint)i) - step * Vector.LoadUnsafe(ref gs, (nuint)i);
                    v.StoreUnsafe(ref vs, (nuint)i);
                    (Vector.LoadUnsafe(ref xs, (nuint)i) + v).StoreUnsafe(ref nexts, (nuint)i);
                }
            }

            for (; i < n; i++)
            {
                velocity[i] = momentum * velocity[i] - step * gradient[i];
                next[i] = x[i] + velocity[i];
            }
        }
    }
}
