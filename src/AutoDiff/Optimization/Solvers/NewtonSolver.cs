using System;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// Newton's method with a dense Hessian: solve (H + tau I) p = -g by Cholesky (MathNet.Numerics), then an Armijo
/// line search from step 1. When H is not positive definite, tau grows from <see cref="NewtonOptions.MinimumShift"/>
/// by doubling until the factorisation succeeds (Nocedal and Wright, Algorithm 3.3), so p is always a descent
/// direction. Quadratically convergent near a nondegenerate minimum; O(n^3) per iteration, so for large n use
/// <see cref="NewtonConjugateGradientSolver"/>.
/// </summary>
/// <remarks>
/// The Hessian comes from <see cref="Objective.Hessian"/> when supplied, otherwise from n Hessian-vector products
/// with the unit vectors (symmetrised). One of the two is required.
/// </remarks>
/// <example><code>var result = new NewtonSolver().Minimize(objective, x0);</code></example>
public sealed class NewtonSolver : OptimizationSolver
{
    /// <summary>Creates the solver.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NewtonSolver(NewtonOptions? options = null)
        : base(options ?? new NewtonOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "Newton";

    private protected override void CheckObjective(Objective objective)
    {
        if (objective.Hessian is null && objective.HessianVectorProduct is null)
        {
            throw new ArgumentException("Newton's method needs a Hessian or a Hessian-vector product.", nameof(objective));
        }
    }

    private protected override OptimizationResult Iterate(SolverRun run)
    {
        var options = (NewtonOptions)Options;
        int n = run.Dimension;
        var line = new LineAlongDirection(run);
        var hessian = new double[n * n];
        var factor = new double[n * n];
        var unit = new double[n];
        var column = new double[n];
        while (true)
        {
            EvaluateHessian(run, hessian, unit, column);
            if (!VectorMath.AllFinite(hessian))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            FactorWithShift(hessian, factor, n, options.MinimumShift);
            VectorMath.Negate(run.Gradient, line.Direction);
            LinearAlgebraControl.Provider.CholeskySolveFactored(factor, n, line.Direction, 1);

            double slope = VectorMath.Dot(run.Gradient, line.Direction);
            LineSearchResult search = line.Search(options.LineSearch, slope, 1.0);
            if (!search.IsAcceptable)
            {
                return run.Finish(run.LineSearchFailure(search));
            }

            if (!line.TryMoveRun(search.Step))
            {
                return run.Finish(TerminationReason.NonFiniteObjective);
            }

            if (run.CompleteIteration() is { } reason)
            {
                return run.Finish(reason);
            }
        }
    }

    private static void EvaluateHessian(SolverRun run, double[] hessian, double[] unit, double[] column)
    {
        int n = run.Dimension;
        if (run.Objective.Objective.Hessian is not null)
        {
            run.Objective.Hessian(run.X, hessian);
            return;
        }

        for (int j = 0; j < n; j++)
        {
            unit[j] = 1;
            run.Objective.HessianVectorProduct(run.X, unit, column);
            unit[j] = 0;
            for (int i = 0; i < n; i++)
            {
                hessian[i * n + j] = column[i];
            }
        }

        // Products carry round-off, so H e_j and H e_i need not agree exactly; Cholesky wants a symmetric matrix.
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double mean = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
                hessian[i * n + j] = mean;
                hessian[j * n + i] = mean;
            }
        }
    }

    /// <summary>Cholesky of H + tau I with the smallest tau in {0, beta, 2 beta, ...} (or -min diag + beta, ...) that works.</summary>
    private static void FactorWithShift(double[] hessian, double[] factor, int n, double beta)
    {
        double minDiagonal = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            minDiagonal = Math.Min(minDiagonal, hessian[i * n + i]);
        }

        double shift = minDiagonal > 0 ? 0 : -minDiagonal + beta;
        for (int attempt = 0; attempt < 200; attempt++)
        {
            hessian.CopyTo(factor, 0);
            for (int i = 0; i < n; i++)
            {
                factor[i * n + i] += shift;
            }

            try
            {
                LinearAlgebraControl.Provider.CholeskyFactor(factor, n);
                return;
            }
            catch (ArgumentException)
            {
                // Not positive definite: MathNet reports it by exception. Shift more.
                shift = Math.Max(2 * shift, beta);
            }
        }

        // Unreachable for finite H (a large enough shift is positive definite); fall back to steepest descent.
        Array.Clear(factor);
        for (int i = 0; i < n; i++)
        {
            factor[i * n + i] = 1;
        }
    }
}
