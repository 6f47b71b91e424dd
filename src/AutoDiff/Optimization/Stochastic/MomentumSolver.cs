using System;

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

        public override void Apply(Span<double> x, ReadOnlySpan<double> gradient, double step, int t)
        {
            for (int i = 0; i < x.Length; i++)
            {
                _velocity[i] = momentum * _velocity[i] - step * gradient[i];
                x[i] += _velocity[i];
            }
        }
    }
}
