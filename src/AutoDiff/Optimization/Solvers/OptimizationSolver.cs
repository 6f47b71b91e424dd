using System;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// The entry point every solver shares: <c>new XSolver(options).Minimize(objective, x0)</c>. Arguments are checked
/// up front (ArgumentException naming the argument); after that a run never throws for numerical trouble and
/// returns an <see cref="OptimizationResult"/> saying what happened. Solvers are immutable and can be reused
/// and shared across threads: every run has its own buffers and evaluation counters.
/// </summary>
public abstract class OptimizationSolver
{
    private protected OptimizationSolver(SolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The solver's name, as printed in results.</summary>
    public abstract string Name { get; }

    /// <summary>The options this solver runs with.</summary>
    public SolverOptions Options { get; }

    /// <summary>Minimises <paramref name="objective"/> starting from <paramref name="x0"/>.</summary>
    /// <param name="objective">The objective; see <see cref="Objective"/>.</param>
    /// <param name="x0">The starting point: non-empty and finite. It is copied, never modified.</param>
    /// <param name="cancellationToken">Checked after every iteration; cancelling returns a result with reason <see cref="TerminationReason.Cancelled"/>.</param>
    /// <returns>The best point found, its measures, the work done and why the run stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x0"/> is empty or not finite, or has another length than the solver's bounds, or the objective lacks what this solver needs.</exception>
    public OptimizationResult Minimize(Objective objective, ReadOnlySpan<double> x0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (x0.IsEmpty)
        {
            throw new ArgumentException("The starting point must not be empty.", nameof(x0));
        }

        if (!VectorMath.AllFinite(x0))
        {
            throw new ArgumentException("The starting point must be finite (no NaN or infinity).", nameof(x0));
        }

        CheckObjective(objective);
        Bounds?.CheckDimension(x0.Length, nameof(x0));
        var run = new SolverRun(Name, objective, x0, Options, cancellationToken, Bounds);
        return run.Start() is { } reason ? run.Finish(reason) : Iterate(run);
    }

    /// <summary>Minimises <paramref name="objective"/> starting from the MathNet vector <paramref name="x0"/>.</summary>
    /// <param name="objective">The objective; see <see cref="Objective"/>.</param>
    /// <param name="x0">The starting point: non-empty and finite. It is copied, never modified.</param>
    /// <param name="cancellationToken">Checked after every iteration.</param>
    /// <returns>The result, as for <see cref="Minimize(Objective, ReadOnlySpan{double}, CancellationToken)"/>; <see cref="OptimizationResult.MinimizerVector"/> gives the minimiser as a vector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> or <paramref name="x0"/> is null.</exception>
    /// <exception cref="ArgumentException">As for the span overload.</exception>
    public OptimizationResult Minimize(Objective objective, Vector<double> x0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x0);
        return Minimize(objective, x0.ToArray(), cancellationToken);
    }

    /// <summary>
    /// Minimises <paramref name="objective"/> from <paramref name="x0"/> and also writes the minimiser into
    /// <paramref name="minimizer"/> (which may be the same memory as <paramref name="x0"/>).
    /// </summary>
    /// <param name="objective">The objective.</param>
    /// <param name="x0">The starting point: non-empty and finite.</param>
    /// <param name="minimizer">Receives the best point; its length must equal that of <paramref name="x0"/>.</param>
    /// <param name="cancellationToken">Checked after every iteration.</param>
    /// <returns>The result, as for <see cref="Minimize(Objective, ReadOnlySpan{double}, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="minimizer"/> has the wrong length, or as the other overload.</exception>
    public OptimizationResult Minimize(
        Objective objective, ReadOnlySpan<double> x0, Span<double> minimizer, CancellationToken cancellationToken = default)
    {
        if (minimizer.Length != x0.Length)
        {
            throw new ArgumentException($"Expected length {x0.Length} (that of x0), got {minimizer.Length}.", nameof(minimizer));
        }

        OptimizationResult result = Minimize(objective, x0, cancellationToken);
        result.Minimizer.CopyTo(minimizer);
        return result;
    }

    /// <summary>The box this solver keeps its iterates in, or null when it is unbounded.</summary>
    private protected virtual BoxBounds? Bounds => null;

    /// <summary>Throws when the objective lacks something this solver needs (for example a Hessian-vector product).</summary>
    private protected virtual void CheckObjective(Objective objective)
    {
    }

    /// <summary>The algorithm: iterate from the started run until a stopping rule fires, then return <c>run.Finish(reason)</c>.</summary>
    private protected abstract OptimizationResult Iterate(SolverRun run);
}
