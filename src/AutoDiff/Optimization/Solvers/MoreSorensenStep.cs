using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The trust-region subproblem with a dense Hessian, min m(p) = g'p + p'Hp/2 subject to ||p|| &lt;= Delta, solved
/// nearly exactly by More and Sorensen's method ("Computing a trust region step", SIAM J. Sci. Stat. Comput. 4(3),
/// 1983; Nocedal and Wright, Algorithm 4.3): find lambda &gt;= max(0, -lambda_1(H)) with (H + lambda I) p = -g and
/// ||p|| = Delta (or lambda = 0 and ||p|| &lt;= Delta when H is positive definite), by Newton's method on the secular
/// equation 1/||p(lambda)|| - 1/Delta = 0 with Cholesky factors, safeguarded inside the bracket
/// [lambda_L, lambda_U] of More and Sorensen's section 3. Works for indefinite H, where a line-search Newton step has
/// no good direction. Buffers are allocated once.
/// </summary>
/// <remarks>
/// The hard case (g orthogonal to the eigenvectors of lambda_1) is not completed with an eigenvector component: the
/// iteration then stops with lambda just above -lambda_1 and ||p|| &lt; Delta, still a step that decreases the model,
/// and the caller's radius control goes on from there.
/// </remarks>
internal sealed class MoreSorensenStep(int n)
{
    private const int MaxIterations = 50;
    private const double RadiusTolerance = 0.1; // stop when | ||p|| - Delta | <= 0.1 Delta (More-Sorensen's sigma_1)

    private readonly double[] _factor = new double[n * n];
    private readonly double[] _solve = new double[n];
    private readonly double[] _hessianTimesStep = new double[n];

    /// <summary>The step of the last <see cref="Solve"/>.</summary>
    public double[] Step { get; } = new double[n];

    /// <summary>
    /// Solves the subproblem for the row-major symmetric <paramref name="hessian"/> and returns the predicted reduction
    /// -m(p) &gt; 0 (0 when g = 0, NaN when H or g is not finite).
    /// </summary>
    public double Solve(double[] hessian, double[] gradient, double radius)
    {
        double gradientNorm = Math.Sqrt(VectorMath.NormSquared(gradient));
        double minDiagonal = double.PositiveInfinity, hessianNorm = 0;
        for (int i = 0; i < n; i++)
        {
            double rowSum = 0;
            for (int j = 0; j < n; j++)
            {
                rowSum += Math.Abs(hessian[i * n + j]);
            }

            minDiagonal = Math.Min(minDiagonal, hessian[i * n + i]);
            hessianNorm = Math.Max(hessianNorm, rowSum); // ||H||_inf bounds every eigenvalue
        }

        // lambda lies in [lambda_L, lambda_U] (More and Sorensen, section 3).
        double lower = Math.Max(0, Math.Max(-minDiagonal, gradientNorm / radius - hessianNorm));
        double upper = gradientNorm / radius + hessianNorm;
        double lambda = lower;
        bool haveStep = false;
        for (int iteration = 0; iteration < MaxIterations && (upper - lower) > 1e-14 * Math.Max(1, upper); iteration++)
        {
            if (!TryFactor(hessian, lambda))
            {
                // H + lambda I is not positive definite: lambda is below -lambda_1, so raise the lower end.
                lower = Math.Max(lower, lambda);
                lambda = Math.Max(Math.Sqrt(lower * upper), lower + 1e-3 * (upper - lower));
                continue;
            }

            SolveFactored(gradient, Step);
            haveStep = true;
            double stepNorm = Math.Sqrt(VectorMath.NormSquared(Step));
            if ((lambda == 0 && stepNorm <= radius) || Math.Abs(stepNorm - radius) <= RadiusTolerance * radius)
            {
                break; // the Newton step fits, or the boundary is met closely enough
            }

            // ||p(lambda)|| decreases with lambda: tighten the bracket on the side lambda is on.
            if (stepNorm < radius)
            {
                upper = lambda;
            }
            else
            {
                lower = lambda;
            }

            // Newton on 1/||p|| - 1/Delta: lambda += (||p|| / ||q||)^2 (||p|| - Delta) / Delta with L q = p.
            ForwardSubstitute(Step, _solve);
            double qNorm = Math.Sqrt(VectorMath.NormSquared(_solve));
            double next = lambda + (stepNorm / qNorm) * (stepNorm / qNorm) * (stepNorm - radius) / radius;
            lambda = next > lower && next < upper ? next : Math.Max(Math.Sqrt(lower * upper), lower + 1e-3 * (upper - lower));
        }

        if (!haveStep)
        {
            // Cholesky never succeeded inside the loop (only possible at round-off): take the upper end, which is safe.
            if (!TryFactor(hessian, upper + StoppingCriteria.MachineEpsilon * Math.Max(1, upper)))
            {
                return double.NaN;
            }

            SolveFactored(gradient, Step);
        }

        double norm = Math.Sqrt(VectorMath.NormSquared(Step));
        if (norm > radius)
        {
            VectorMath.Scale(Step, radius / norm); // a shorter multiple of a descent step of a convex model still decreases m
        }

        for (int i = 0; i < n; i++)
        {
            _hessianTimesStep[i] = VectorMath.Dot(hessian.AsSpan(i * n, n), Step);
        }

        return -(VectorMath.Dot(gradient, Step) + 0.5 * VectorMath.Dot(Step, _hessianTimesStep));
    }

    /// <summary>Cholesky L L' = H + shift I into the lower triangle of the factor; false when not positive definite.</summary>
    private bool TryFactor(double[] hessian, double shift)
    {
        double[] l = _factor;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = hessian[i * n + j] + (i == j ? shift : 0);
                for (int k = 0; k < j; k++)
                {
                    sum -= l[i * n + k] * l[j * n + k];
                }

                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum))
                    {
                        return false;
                    }

                    l[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }

        return true;
    }

    /// <summary>p = -(L L')^-1 g.</summary>
    private void SolveFactored(double[] gradient, double[] p)
    {
        VectorMath.Negate(gradient, _solve);
        ForwardSubstitute(_solve, p);
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = p[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= _factor[k * n + i] * p[k];
            }

            p[i] = sum / _factor[i * n + i];
        }
    }

    /// <summary>Solves L y = b (b and y may not overlap).</summary>
    private void ForwardSubstitute(double[] b, double[] y)
    {
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
            {
                sum -= _factor[i * n + k] * y[k];
            }

            y[i] = sum / _factor[i * n + i];
        }
    }
}
