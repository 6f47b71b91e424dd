namespace AutoDiff.Optimization;

/// <summary>A line search: finds a step a along a descent direction satisfying its conditions.</summary>
public interface ILineSearch
{
    /// <summary>Searches from <paramref name="initialStep"/> for a step satisfying this search's conditions.</summary>
    /// <param name="line">phi(a) = f(x + a p).</param>
    /// <param name="value0">phi(0), finite.</param>
    /// <param name="slope0">phi'(0); must be negative for a descent direction.</param>
    /// <param name="initialStep">The first trial step, finite and &gt; 0.</param>
    /// <returns>The outcome; <see cref="LineSearchResult.Step"/> is 0 when no acceptable step was found.</returns>
    LineSearchResult Search(ILineFunction line, double value0, double slope0, double initialStep);
}
