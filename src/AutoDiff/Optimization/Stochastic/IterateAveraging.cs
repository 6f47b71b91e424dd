namespace AutoDiff.Optimization;

/// <summary>Which average of the iterates a stochastic solver returns instead of the last iterate.</summary>
public enum IterateAveraging
{
    /// <summary>Return the last iterate.</summary>
    None,

    /// <summary>Polyak-Ruppert: the uniform average (1/k) sum_{i=1..k} x_i of the iterates after each step.</summary>
    Uniform,

    /// <summary>
    /// The step-weighted average sum_i a_i x_i / sum_i a_i over the points x_i at which the gradients were taken
    /// (x_0 .. x_{k-1}), a_i the step taken from x_i: the point the lecture's bound
    /// E F(x^_k) - F* &lt;= (R^2 + G^2 sum a_i^2) / (2 sum a_i) is stated for.
    /// </summary>
    StepWeighted,

    /// <summary>Exponential moving average x^ = d x^ + (1 - d) x_i of the iterates after each step, started at x_1.</summary>
    Exponential,
}
