namespace AutoDiff.Optimization;

/// <summary>Why a solver run stopped. Only the first seven (and, for the least-squares and system solvers, <see cref="ResidualTolerance"/>) are convergence tests.</summary>
public enum TerminationReason
{
    /// <summary>||g||^2 &lt;= <see cref="StoppingCriteria.SquaredGradientTolerance"/> (absolute test, squared form). Converged.</summary>
    SquaredGradientTolerance,

    /// <summary>||g|| &lt;= <see cref="StoppingCriteria.GradientNormTolerance"/> (absolute test, norm form). Converged.</summary>
    GradientNormTolerance,

    /// <summary>||g|| &lt;= <see cref="StoppingCriteria.ScaledGradientNormTolerance"/> max(1, |f|). Converged.</summary>
    ScaledGradientNormTolerance,

    /// <summary>||g||^2 &lt;= <see cref="StoppingCriteria.RelativeSquaredGradientTolerance"/> ||g0||^2. Converged.</summary>
    RelativeSquaredGradientTolerance,

    /// <summary>|f_k - f_{k+1}| / max(|f_k|, |f_{k+1}|, 1) &lt;= <see cref="StoppingCriteria.FunctionChangeTolerance"/>. Converged.</summary>
    FunctionChangeTolerance,

    /// <summary>||x_k - x_{k-1}|| &lt;= <see cref="StoppingCriteria.StepTolerance"/> max(1, ||x_k||). Converged.</summary>
    StepTolerance,

    /// <summary>
    /// Converged to machine precision: f stopped changing at round-off (or no step decreased it) while
    /// sum |g_i x_i| &lt;= 1e-4 |f|; see <see cref="StoppingCriteria.RoundOffFunctionChangeTolerance"/>.
    /// Converged.
    /// </summary>
    MachinePrecision,

    /// <summary>f stayed at its best value, not lower, for <see cref="StoppingCriteria.StallIterations"/> iterations in a row.</summary>
    Stalled,

    /// <summary>The iteration budget ran out.</summary>
    MaxIterations,

    /// <summary>The evaluation budget ran out.</summary>
    MaxEvaluations,

    /// <summary>The wall-clock limit passed.</summary>
    TimeLimit,

    /// <summary>The cancellation token was signalled.</summary>
    Cancelled,

    /// <summary>The iteration callback asked to stop.</summary>
    StoppedByCallback,

    /// <summary>The line search found no step with sufficient decrease (often: round-off near a minimum).</summary>
    LineSearchFailed,

    /// <summary>The objective returned NaN or infinity where no smaller step could avoid it (or at the start).</summary>
    NonFiniteObjective,

    /// <summary>The epoch budget of a stochastic solver ran out (the normal end of an SGD run: SGD has no convergence test).</summary>
    MaxEpochs,

    /// <summary>The residuals (the equations of a nonlinear system) are exactly zero. Converged (least-squares and system solvers).</summary>
    ResidualTolerance,
}
