using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Options for <see cref="LevenbergMarquardtSolver"/>. The defaults are MINPACK's <c>lmder1</c>: ftol = xtol =
/// sqrt(machine epsilon), gtol = 0, factor = 100, at most 100 (n + 1) residual evaluations, scaling by the
/// Jacobian's column norms (mode 1, scipy's <c>x_scale="jac"</c>).
/// </summary>
public sealed record LevenbergMarquardtOptions
{
    /// <summary>
    /// ftol: stop when both the actual and the predicted relative reduction of the cost are at most this
    /// (<see cref="TerminationReason.FunctionChangeTolerance"/>). Default 1.49012e-8.
    /// </summary>
    public double FunctionTolerance { get; init; } = 1.49012e-8;

    /// <summary>
    /// xtol: stop when the trust-region radius is at most xtol (xtol + ||D p||), so the relative error of the
    /// parameters is about xtol (<see cref="TerminationReason.StepTolerance"/>). Default 1.49012e-8.
    /// </summary>
    public double StepTolerance { get; init; } = 1.49012e-8;

    /// <summary>
    /// gtol: stop when the cosine of the angle between the residuals and every column of the Jacobian is at most
    /// this (<see cref="TerminationReason.GradientNormTolerance"/>). Default 0 (only an exactly orthogonal residual).
    /// </summary>
    public double GradientTolerance { get; init; }

    /// <summary>The most residual evaluations; 0 means MINPACK's 100 (n + 1). Default 0.</summary>
    public int MaxResidualEvaluations { get; init; }

    /// <summary>factor: the initial trust-region radius is this times ||D p0|| (or this when that is 0). Default 100.</summary>
    public double InitialStepBound { get; init; } = 100;

    /// <summary>
    /// Scale the parameters by the Jacobian's column norms, updated to their running maximum (MINPACK mode 1).
    /// False uses D = I. Default true.
    /// </summary>
    public bool ScaleByJacobian { get; init; } = true;

    /// <summary>The loss applied to the residuals. Default <see cref="RobustLoss.Linear"/> (ordinary least squares).</summary>
    public RobustLoss Loss { get; init; } = RobustLoss.Linear;

    /// <summary>C, the residual size where a robust loss starts to bend: the loss sees (r / C)^2. Default 1.</summary>
    public double LossScale { get; init; } = 1;

    /// <summary>
    /// Evaluate the Jacobian once more at the solution and compute <see cref="LeastSquaresResult.Uncertainty"/>.
    /// Default true.
    /// </summary>
    public bool ComputeUncertainty { get; init; } = true;

    /// <summary>Throws when an option is out of range, naming it.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        OptionChecks.NonNegative(FunctionTolerance, nameof(FunctionTolerance));
        OptionChecks.NonNegative(StepTolerance, nameof(StepTolerance));
        OptionChecks.NonNegative(GradientTolerance, nameof(GradientTolerance));
        OptionChecks.EvaluationBudget(MaxResidualEvaluations, nameof(MaxResidualEvaluations));
        OptionChecks.Positive(InitialStepBound, nameof(InitialStepBound));
        if (!Enum.IsDefined(Loss))
        {
            throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "Unknown loss.");
        }

        OptionChecks.Positive(LossScale, nameof(LossScale));
    }
}
