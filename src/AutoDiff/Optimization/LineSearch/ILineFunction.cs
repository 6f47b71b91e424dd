namespace AutoDiff.Optimization;

/// <summary>
/// The one-dimensional function phi(a) = f(x + a p) a line search works on. Solvers implement it over their
/// buffers; tests implement it directly. Values may be NaN or infinite: line searches treat those as "too far".
/// </summary>
public interface ILineFunction
{
    /// <summary>Evaluates phi(step) only (cheaper when the derivative is not needed).</summary>
    /// <param name="step">The step a &gt; 0.</param>
    /// <returns>phi(step).</returns>
    double Value(double step);

    /// <summary>Evaluates phi(step) and phi'(step) = g(x + a p)' p.</summary>
    /// <param name="step">The step a &gt; 0.</param>
    /// <param name="derivative">Receives phi'(step).</param>
    /// <returns>phi(step).</returns>
    double ValueAndDerivative(double step, out double derivative);
}
