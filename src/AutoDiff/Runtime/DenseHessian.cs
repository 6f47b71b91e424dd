using System;
using System.ComponentModel;
using AutoDiff.Optimization;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Runtime;

/// <summary>
/// Dense Hessians from Hessian-vector products: row i is H e_i. Behind the generated <c>{Name}Hessian</c> and
/// <c>{Name}HessianMatrix</c>; n products cost about n gradients, so this is for small problems.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseHessian
{
    /// <summary>Fills <paramref name="hessian"/> (n x n, row-major) and returns f(x).</summary>
    /// <exception cref="ArgumentException"><paramref name="hessian"/> does not have n * n elements, or overlaps <paramref name="x"/>.</exception>
    public static double Fill(ReadOnlySpan<double> x, Span<double> hessian, HessianVectorProductFunction hessianVectorProduct)
    {
        ArgumentNullException.ThrowIfNull(hessianVectorProduct);
        int n = x.Length;
        if (hessian.Length != n * n)
        {
            throw new ArgumentException($"'hessian' must have n * n = {n * n} elements (row-major), but has {hessian.Length}.", nameof(hessian));
        }

        if (hessian.Overlaps(x))
        {
            throw new ArgumentException("'hessian' must not overlap 'x': rows are written while x is still being read.", nameof(hessian));
        }

        Span<double> direction = n <= 256 ? stackalloc double[n] : new double[n];
        direction.Clear();
        double value = n == 0 ? hessianVectorProduct(x, direction, hessian) : 0;
        for (int i = 0; i < n; i++)
        {
            direction[i] = 1;
            value = hessianVectorProduct(x, direction, hessian.Slice(i * n, n));
            direction[i] = 0;
        }

        // Forward over reverse gives a Hessian symmetric to rounding; averaging makes it exactly symmetric, which
        // factorisations such as Cholesky expect.
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double mean = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
                hessian[i * n + j] = mean;
                hessian[j * n + i] = mean;
            }
        }

        return value;
    }

    /// <summary>The Hessian at <paramref name="x"/> as a new MathNet matrix.</summary>
    public static Matrix<double> Matrix(ReadOnlySpan<double> x, HessianVectorProductFunction hessianVectorProduct)
    {
        int n = x.Length;
        var values = new double[n * n];
        Fill(x, values, hessianVectorProduct);
        return Matrix<double>.Build.DenseOfRowMajor(n, n, values);
    }
}
