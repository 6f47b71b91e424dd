using System;
using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// The honest outcome of a least-squares or nonlinear-system run: the parameters found, the residuals and cost there,
/// the work done, why the run stopped and (for least squares) the parameters' uncertainty. Runs never throw for not
/// converging; check <see cref="Converged"/> and <see cref="Reason"/>.
/// </summary>
public sealed class LeastSquaresResult
{
    internal LeastSquaresResult(
        string solver, double[] parameters, double[] residuals, double cost, double gradientNorm, int iterations,
        int residualEvaluations, int jacobianEvaluations, TimeSpan elapsed, TerminationReason reason, string message,
        ParameterUncertainty? uncertainty)
    {
        Solver = solver;
        Parameters = parameters;
        Residuals = residuals;
        Cost = cost;
        GradientNorm = gradientNorm;
        Iterations = iterations;
        ResidualEvaluations = residualEvaluations;
        JacobianEvaluations = jacobianEvaluations;
        Elapsed = elapsed;
        Reason = reason;
        Message = message;
        Uncertainty = uncertainty;
        double rss = 0;
        foreach (double r in residuals)
        {
            rss += r * r;
        }

        ResidualSumOfSquares = rss;
    }

    /// <summary>The solver's name.</summary>
    public string Solver { get; }

    /// <summary>The parameters found (the solution of the system for <see cref="PowellHybridSolver"/>).</summary>
    public double[] Parameters { get; }

    /// <summary><see cref="Parameters"/> as a MathNet vector (a copy).</summary>
    public Vector<double> ParameterVector => Vector<double>.Build.DenseOfArray(Parameters);

    /// <summary>The residuals r(p) (the equations F(x)) at <see cref="Parameters"/>, as the residual function wrote them.</summary>
    public double[] Residuals { get; }

    /// <summary>The cost at <see cref="Parameters"/>: 1/2 sum C^2 rho((r_i / C)^2), which is 1/2 ||r||^2 for the linear loss.</summary>
    public double Cost { get; }

    /// <summary>||r||^2, the residual sum of squares, whatever the loss.</summary>
    public double ResidualSumOfSquares { get; }

    /// <summary>||J' r|| (of the loss-scaled residuals) at the last point where the Jacobian was evaluated.</summary>
    public double GradientNorm { get; }

    /// <summary>Accepted steps.</summary>
    public int Iterations { get; }

    /// <summary>Calls to the residual function (the starting point's included).</summary>
    public int ResidualEvaluations { get; }

    /// <summary>Calls to the Jacobian function (the one for the uncertainty included).</summary>
    public int JacobianEvaluations { get; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Why the run stopped.</summary>
    public TerminationReason Reason { get; }

    /// <summary>A sentence explaining <see cref="Reason"/>.</summary>
    public string Message { get; }

    /// <summary>True when a convergence test held (relative reduction, step size, gradient, or a zero residual).</summary>
    public bool Converged => Reason is TerminationReason.GradientNormTolerance or TerminationReason.FunctionChangeTolerance
        or TerminationReason.StepTolerance or TerminationReason.ResidualTolerance;

    /// <summary>Covariance, standard errors and correlations at the solution; null when not computed (systems, or turned off).</summary>
    public ParameterUncertainty? Uncertainty { get; }

    /// <summary>A readable multi-line summary.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"{Solver}: {(Converged ? "converged" : "did not converge")} ({Reason}: {Message})").AppendLine();
        double[]? errors = Uncertainty?.StandardErrors;
        int shown = Math.Min(Parameters.Length, 10);
        for (int j = 0; j < shown; j++)
        {
            text.Append(c, $"  p[{j}] = ");
            text.Append(errors is null ? Parameters[j].ToString("G10", c) : string.Create(c, $"{Parameters[j],-16:G10} +/- {errors[j]:G4}"));

            text.AppendLine();
        }

        if (Parameters.Length > shown)
        {
            text.Append(c, $"  ... ({Parameters.Length} in all)").AppendLine();
        }

        text.Append(c, $"  cost:           {Cost:G10} (RSS {ResidualSumOfSquares:G10})").AppendLine();
        text.Append(c, $"  iterations:     {Iterations}").AppendLine();
        text.Append(c, $"  evaluations:    r {ResidualEvaluations}, J {JacobianEvaluations}").AppendLine();
        if (Uncertainty is { IsAvailable: false } u)
        {
            text.Append(c, $"  uncertainty:    {u.Message}").AppendLine();
        }

        text.Append(c, $"  elapsed:        {Elapsed.TotalMilliseconds:F1} ms");
        return text.ToString();
    }
}
