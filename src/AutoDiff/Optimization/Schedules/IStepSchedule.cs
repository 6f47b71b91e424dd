namespace AutoDiff.Optimization;

/// <summary>A step length that depends only on the iteration number: fixed or decaying gradient-descent steps (also used by SGD).</summary>
public interface IStepSchedule
{
    /// <summary>The step length at iteration <paramref name="iteration"/> (0 for the first step).</summary>
    /// <param name="iteration">The iteration number t &gt;= 0.</param>
    /// <returns>The step length alpha_t &gt;= 0.</returns>
    double StepAt(int iteration);
}
