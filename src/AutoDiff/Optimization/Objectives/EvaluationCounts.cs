namespace AutoDiff.Optimization;

/// <summary>How many times each objective delegate was called during one solver run.</summary>
/// <param name="Values">Calls to <see cref="Objective.Value"/>.</param>
/// <param name="Gradients">Calls to <see cref="Objective.Gradient"/> (each also yields f).</param>
/// <param name="HessianVectorProducts">Calls to <see cref="Objective.HessianVectorProduct"/>.</param>
/// <param name="Hessians">Calls to <see cref="Objective.Hessian"/>.</param>
public readonly record struct EvaluationCounts(int Values, int Gradients, int HessianVectorProducts, int Hessians)
{
    /// <summary>All delegate calls together; this is what <see cref="StoppingCriteria.MaxEvaluations"/> limits.</summary>
    public int Total => Values + Gradients + HessianVectorProducts + Hessians;
}
