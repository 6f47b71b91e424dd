using System;

namespace AutoDiff.Optimization;

/// <summary>Plain stochastic gradient descent x_{t+1} = x_t - alpha_t g^(x_t), g^ the mean mini-batch gradient (Robbins and Monro 1951).</summary>
/// <example><code>var result = new SgdSolver(new SgdOptions { StepSchedule = new InverseSqrtDecaySchedule(0.1) }).Minimize(objective, x0);</code></example>
public sealed class SgdSolver : StochasticSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public SgdSolver(SgdOptions? options = null)
        : base(options ?? new SgdOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "SGD";

    private protected override UpdateRule CreateRule(int dimension) => new Rule();

    private sealed class Rule : UpdateRule
    {
        public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double step, int t, Span<double> next) =>
            VectorMath.PointAlong(x, -step, gradient, next);
    }
}
