using System;
using MathNet.Numerics;

namespace AutoDiff.Benchmarks.Objectives;

/// <summary>
/// The ADBench / GradBench Gaussian-mixture objective (DESIGN.md): K components in d dimensions, n points,
/// Wishart prior with gamma = 1, m = 0.
/// </summary>
public static partial class GmmObjectives
{
    /// <summary>
    /// f = -(n d / 2) ln(2 pi) + sum_i LSE_k(alpha_k + sum_j q_kj - 1/2 ||Q_k (x_i - mu_k)||^2) - n LSE(alpha)
    ///     + sum_k 1/2 (||exp(q_k)||^2 + ||l_k||^2) - K C.
    /// <paramref name="icf"/> holds, per component, d log-diagonal entries q_k then the d(d-1)/2 strictly-lower
    /// entries l_k column by column. <paramref name="constant"/> is <see cref="Constant"/>(d, K, n): the part that
    /// depends on no parameter (it needs ln Gamma, which a [Differentiable] method cannot call).
    /// Written with scalars only: row r of Q_k (x_i - mu_k) is formed directly, and the log-sum-exp over k is the
    /// streaming one (running maximum, sum rescaled when the maximum moves), which is max-subtracted and needs no
    /// array of the K terms. <see cref="GmmLocalArrays"/> is the same objective written with local arrays.
    /// </summary>
    [Differentiable]
    public static double Gmm(
        ReadOnlySpan<double> alpha,
        ReadOnlySpan<double> means,
        ReadOnlySpan<double> icf,
        [Constant] ReadOnlySpan<double> x,
        int d,
        int k,
        int n,
        [Constant] double constant)
    {
        int icfSize = d * (d + 1) / 2;

        // Wishart prior, gamma = 1, m = 0: sum_k 1/2 ||Q_k||_F^2.
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                double e = Math.Exp(icf[c * icfSize + j]);
                prior += 0.5 * e * e;
            }

            for (int j = d; j < icfSize; j++)
            {
                double l = icf[c * icfSize + j];
                prior += 0.5 * l * l;
            }
        }

        double sumLse = 0;
        for (int i = 0; i < n; i++)
        {
            // Streaming log-sum-exp: the first term always replaces -infinity (exp(-inf) = 0 rescales the empty sum).
            double largest = double.NegativeInfinity;
            double scaledSum = 0;
            for (int c = 0; c < k; c++)
            {
                int diagonal = c * icfSize;
                int lower = diagonal + d;
                double sumQ = 0;
                double squaredNorm = 0;
                for (int row = 0; row < d; row++)
                {
                    double q = icf[diagonal + row];
                    sumQ += q;
                    // L[row, col] for col < row; column col of the strict lower part starts at col (2d - col - 1) / 2.
                    // Summed apart from the diagonal term: a sum only ever added to needs no tape, whereas v, squared
                    // below, would be saved before every += (d(d+1)/2 pushes per point and component instead of d).
                    double offDiagonal = 0;
                    for (int col = 0; col < row; col++)
                    {
                        offDiagonal += icf[lower + col * (2 * d - col - 1) / 2 + row - col - 1] * (x[i * d + col] - means[c * d + col]);
                    }

                    double v = Math.Exp(q) * (x[i * d + row] - means[c * d + row]) + offDiagonal;
                    squaredNorm += v * v;
                }

                double term = alpha[c] + sumQ - 0.5 * squaredNorm;
                if (term > largest)
                {
                    scaledSum = scaledSum * Math.Exp(largest - term) + 1;
                    largest = term;
                }
                else
                {
                    scaledSum += Math.Exp(term - largest);
                }
            }

            sumLse += largest + Math.Log(scaledSum);
        }

        double largestAlpha = alpha[0];
        for (int c = 1; c < k; c++)
        {
            largestAlpha = Math.Max(largestAlpha, alpha[c]);
        }

        double sumExpAlpha = 0;
        for (int c = 0; c < k; c++)
        {
            sumExpAlpha += Math.Exp(alpha[c] - largestAlpha);
        }

        return constant + sumLse - n * (largestAlpha + Math.Log(sumExpAlpha)) + prior;
    }

    /// <summary>
    /// The same objective written the natural way, with local arrays for the per-component temporaries (as ADBench's
    /// C++ does); not benchmarked, but <c>--check</c> checks its gradient.
    /// f = -(n d / 2) ln(2 pi) + sum_i LSE_k(alpha_k + sum_j q_kj - 1/2 ||Q_k (x_i - mu_k)||^2) - n LSE(alpha)
    ///     + sum_k 1/2 (||exp(q_k)||^2 + ||l_k||^2) - K C.
    /// <paramref name="icf"/> holds, per component, d log-diagonal entries q_k then the d(d-1)/2 strictly-lower
    /// entries l_k column by column. <paramref name="constant"/> is <see cref="Constant"/>(d, K, n): the part that
    /// depends on no parameter (it needs ln Gamma, which a [Differentiable] method cannot call).
    /// </summary>
    [Differentiable]
    public static double GmmLocalArrays(
        ReadOnlySpan<double> alpha,
        ReadOnlySpan<double> means,
        ReadOnlySpan<double> icf,
        [Constant] ReadOnlySpan<double> x,
        int d,
        int k,
        int n,
        [Constant] double constant)
    {
        int icfSize = d * (d + 1) / 2;

        // Per-component quantities that do not depend on the point: the diagonal of Q_k and sum_j q_kj.
        Span<double> diagonal = stackalloc double[k * d];
        Span<double> sumLogDiagonal = stackalloc double[k];
        // Per-point temporaries, overwritten for every (i, k).
        Span<double> mainTerm = stackalloc double[k];
        Span<double> centered = stackalloc double[d];
        Span<double> transformed = stackalloc double[d];

        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double sumQ = 0;
            double frobenius = 0;
            for (int j = 0; j < d; j++)
            {
                double q = icf[c * icfSize + j];
                double e = Math.Exp(q);
                diagonal[c * d + j] = e;
                sumQ += q;
                frobenius += e * e;
            }

            for (int j = d; j < icfSize; j++)
            {
                double l = icf[c * icfSize + j];
                frobenius += l * l;
            }

            sumLogDiagonal[c] = sumQ;
            // gamma = 1, m = 0: 1/2 gamma^2 ||Q_k||_F^2 - m sum_j q_kj.
            prior += 0.5 * frobenius;
        }

        double sumLse = 0;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    centered[j] = x[i * d + j] - means[c * d + j];
                }

                for (int j = 0; j < d; j++)
                {
                    transformed[j] = diagonal[c * d + j] * centered[j];
                }

                // Strict lower part, column by column: column col holds rows col+1 .. d-1.
                int offset = c * icfSize + d;
                for (int col = 0; col < d; col++)
                {
                    for (int row = col + 1; row < d; row++)
                    {
                        transformed[row] += icf[offset] * centered[col];
                        offset++;
                    }
                }

                double squaredNorm = 0;
                for (int j = 0; j < d; j++)
                {
                    squaredNorm += transformed[j] * transformed[j];
                }

                mainTerm[c] = alpha[c] + sumLogDiagonal[c] - 0.5 * squaredNorm;
            }

            double largest = mainTerm[0];
            for (int c = 1; c < k; c++)
            {
                largest = Math.Max(largest, mainTerm[c]);
            }

            double sumExp = 0;
            for (int c = 0; c < k; c++)
            {
                sumExp += Math.Exp(mainTerm[c] - largest);
            }

            sumLse += largest + Math.Log(sumExp);
        }

        double largestAlpha = alpha[0];
        for (int c = 1; c < k; c++)
        {
            largestAlpha = Math.Max(largestAlpha, alpha[c]);
        }

        double sumExpAlpha = 0;
        for (int c = 0; c < k; c++)
        {
            sumExpAlpha += Math.Exp(alpha[c] - largestAlpha);
        }

        double lseAlpha = largestAlpha + Math.Log(sumExpAlpha);
        return constant + sumLse - n * lseAlpha + prior;
    }

    /// <summary>
    /// The parameter-free part of the objective: -(n d / 2) ln(2 pi) - K C with
    /// C = n' d (ln gamma - 1/2 ln 2) - ln Gamma_d(n'/2), n' = d + m + 1, gamma = 1, m = 0.
    /// </summary>
    public static double Constant(int d, int k, int n)
    {
        const double gamma = 1, m = 0;
        double nPrime = d + m + 1;
        double c = nPrime * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(0.5 * nPrime, d);
        return -0.5 * n * d * Math.Log(2 * Math.PI) - k * c;
    }

    /// <summary>ln Gamma_p(a) = p (p - 1) / 4 ln pi + sum_{j=1..p} ln Gamma(a + (1 - j) / 2).</summary>
    public static double LogMultivariateGamma(double a, int p)
    {
        double result = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++)
        {
            result += SpecialFunctions.GammaLn(a + 0.5 * (1 - j));
        }

        return result;
    }
}
