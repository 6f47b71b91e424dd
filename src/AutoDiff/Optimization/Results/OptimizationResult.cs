using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// The honest outcome of a solver run: the best point found, the measures there, the work done, and why the run
/// stopped. Solvers never throw for not converging; check <see cref="Converged"/> and <see cref="Reason"/>.
/// </summary>
public class OptimizationResult
{
    /// <summary>Creates a result; solvers create these.</summary>
    /// <param name="solver">The solver's name.</param>
    /// <param name="minimizer">The best point found.</param>
    /// <param name="value">f there.</param>
    /// <param name="gradientNorm">||g|| there.</param>
    /// <param name="iterations">Iterations completed.</param>
    /// <param name="evaluations">Objective calls made.</param>
    /// <param name="elapsed">Wall-clock time of the run.</param>
    /// <param name="reason">Why the run stopped.</param>
    /// <param name="message">A sentence explaining <paramref name="reason"/>.</param>
    /// <param name="trace">The trace, or empty when not recorded.</param>
    public OptimizationResult(
        string solver, double[] minimizer, double value, double gradientNorm, int iterations, EvaluationCounts evaluations,
        TimeSpan elapsed, TerminationReason reason, string message, IReadOnlyList<TraceEntry> trace)
    {
        Solver = solver;
        Minimizer = minimizer;
        Value = value;
        GradientNorm = gradientNorm;
        Iterations = iterations;
        Evaluations = evaluations;
        Elapsed = elapsed;
        Reason = reason;
        Message = message;
        Trace = trace;
    }

    /// <summary>The solver's name.</summary>
    public string Solver { get; }

    /// <summary>The best point found (the last iterate for monotone solvers).</summary>
    public double[] Minimizer { get; }

    /// <summary><see cref="Minimizer"/> as a MathNet vector (a copy).</summary>
    public Vector<double> MinimizerVector => Vector<double>.Build.DenseOfArray(Minimizer);

    /// <summary>f at <see cref="Minimizer"/>.</summary>
    public double Value { get; }

    /// <summary>||g|| at <see cref="Minimizer"/>.</summary>
    public double GradientNorm { get; }

    /// <summary>Iterations completed.</summary>
    public int Iterations { get; }

    /// <summary>Objective calls made by this run.</summary>
    public EvaluationCounts Evaluations { get; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Why the run stopped.</summary>
    public TerminationReason Reason { get; }

    /// <summary>A sentence explaining <see cref="Reason"/>.</summary>
    public string Message { get; }

    /// <summary>True only when a convergence test (a gradient test, f change, step size or machine precision) held.</summary>
    public bool Converged => IsConvergence(Reason);

    /// <summary>Whether <paramref name="reason"/> is one of the convergence tests.</summary>
    /// <param name="reason">A termination reason.</param>
    /// <returns>True for the gradient tests, f change, step size and machine precision.</returns>
    public static bool IsConvergence(TerminationReason reason) => reason is TerminationReason.SquaredGradientTolerance
        or TerminationReason.GradientNormTolerance or TerminationReason.ScaledGradientNormTolerance
        or TerminationReason.RelativeSquaredGradientTolerance or TerminationReason.FunctionChangeTolerance
        or TerminationReason.StepTolerance or TerminationReason.MachinePrecision;

    /// <summary>(iteration, f, ||g||, step) per iteration when <see cref="SolverOptions.RecordTrace"/> was set; otherwise empty.</summary>
    public IReadOnlyList<TraceEntry> Trace { get; }

    /// <summary>A readable multi-line summary: status, minimiser, measures and work counters.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"{Solver}: {(Converged ? "converged" : "did not converge")} ({Reason}: {Message})").AppendLine();
        text.Append("  minimizer:      [");
        int shown = Math.Min(Minimizer.Length, 10);
        for (int i = 0; i < shown; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(Minimizer[i].ToString("G6", c));
        }

        text.Append(Minimizer.Length > shown ? $", ... ({Minimizer.Length} in all)]" : "]").AppendLine();
        text.Append(c, $"  f:              {Value:G10}").AppendLine();
        text.Append(c, $"  |g|:            {GradientNorm:G4}").AppendLine();
        text.Append(c, $"  iterations:     {Iterations}").AppendLine();
        text.Append(c, $"  evaluations:    f {Evaluations.Values}, g {Evaluations.Gradients}, Hv {Evaluations.HessianVectorProducts}, H {Evaluations.Hessians}").AppendLine();
        text.Append(c, $"  elapsed:        {Elapsed.TotalMilliseconds:F1} ms");
        return text.ToString();
    }
}
