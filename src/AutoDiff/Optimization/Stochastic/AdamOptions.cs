using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Options for <see cref="AdamSolver"/>, with Kingma and Ba's (2015) defaults: alpha = 0.001, beta1 = 0.9,
/// beta2 = 0.999, epsilon = 1e-8. A positive <see cref="WeightDecay"/> makes it AdamW (Loshchilov and Hutter 2019).
/// </summary>
public sealed record AdamOptions : StochasticOptions
{
    /// <summary>Creates the options with Adam's default step, a constant 0.001.</summary>
    public AdamOptions() => StepSchedule = new ConstantStepSchedule(0.001);

    /// <summary>The AdamW defaults: Adam's with decoupled weight decay lambda = 0.01 (as torch.optim.AdamW).</summary>
    public static AdamOptions AdamW => new() { WeightDecay = 0.01 };

    /// <summary>beta1, the decay of the first-moment (mean) estimate, in [0, 1). Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>beta2, the decay of the second-moment estimate, in [0, 1). Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>epsilon, added to sqrt(v^) so the division is safe, &gt; 0. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>lambda, decoupled weight decay: x &lt;- x (1 - alpha_t lambda) before the Adam step (AdamW). Default 0 (plain Adam).</summary>
    public double WeightDecay { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireInRange(Beta1, 0, 1, nameof(Beta1));
        RequireInRange(Beta2, 0, 1, nameof(Beta2));
        if (!(Epsilon > 0 && double.IsFinite(Epsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Must be finite and > 0.");
        }

        RequireInRange(WeightDecay, 0, double.PositiveInfinity, nameof(WeightDecay));
    }
}
