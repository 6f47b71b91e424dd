using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Options for <see cref="PowellHybridSolver"/>. The defaults are MINPACK's <c>hybrj1</c>: xtol = sqrt(machine
/// epsilon), factor = 100, at most 100 (n + 1) evaluations of F, scaling by the Jacobian's column norms.
/// </summary>
public sealed record PowellHybridOptions
{
    /// <summary>
    /// xtol: stop when the trust-region radius is at most xtol (xtol + ||D x||), so the relative error between two
    /// consecutive iterates is about this (<see cref="TerminationReason.StepTolerance"/>). Default 1.49012e-8.
    /// </summary>
    public double StepTolerance { get; init; } = 1.49012e-8;

    /// <summary>Stop when ||F(x)|| is at most this (<see cref="TerminationReason.ResidualTolerance"/>). Default 0: only an exact zero.</summary>
    public double ResidualTolerance { get; init; }

    /// <summary>The most evaluations of F; 0 means MINPACK's 100 (n + 1). Default 0.</summary>
    public int MaxResidualEvaluations { get; init; }

    /// <summary>factor: the initial trust-region radius is this times ||D x0|| (or this when that is 0). Default 100.</summary>
    public double InitialStepBound { get; init; } = 100;

    /// <summary>Scale the variables by the Jacobian's column norms (MINPACK mode 1); false uses D = I. Default true.</summary>
    public bool ScaleByJacobian { get; init; } = true;

    /// <summary>Throws when an option is out of range, naming it.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        OptionChecks.NonNegative(StepTolerance, nameof(StepTolerance));
        OptionChecks.NonNegative(ResidualTolerance, nameof(ResidualTolerance));
        OptionChecks.EvaluationBudget(MaxResidualEvaluations, nameof(MaxResidualEvaluations));
        OptionChecks.Positive(InitialStepBound, nameof(InitialStepBound));
    }
}
