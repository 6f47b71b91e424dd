using System;
using MathNet.Numerics.LinearAlgebra;

namespace AutoDiff.Optimization;

/// <summary>
/// Objectives from delegates over arrays and MathNet vectors, for code that already has f and its derivatives in
/// those shapes (method groups, lambdas, MathNet's <c>ObjectiveFunction.Gradient</c>-style functions). The derivatives
/// are the caller's and are used as given: nothing here differences f numerically. Each call copies the point into a
/// fresh array (or vector) handed to the delegate, so these objectives allocate per evaluation; the span delegates of
/// the constructor (and the generated <c>{Name}Objective</c>) do not.
/// </summary>
public sealed partial class Objective
{
    /// <summary>
    /// An objective from array delegates: f, its exact gradient, and optionally its exact Hessian-vector product.
    /// </summary>
    /// <param name="value">f(x).</param>
    /// <param name="gradient">The gradient of f at x, as a new array of x's length.</param>
    /// <param name="hessianVectorProduct">H(x) v for (x, v), as a new array of x's length; needed by the Newton solvers.</param>
    /// <returns>An objective whose every evaluation calls these delegates on a copy of the point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> or <paramref name="gradient"/> is null.</exception>
    /// <remarks>
    /// A delegate that returns null or an array of another length makes the evaluation throw
    /// <see cref="InvalidOperationException"/> saying which delegate and which lengths.
    /// </remarks>
    /// <example><code>var objective = Objective.From(x => x[0] * x[0] + x[1] * x[1], x => [2 * x[0], 2 * x[1]]);</code></example>
    public static Objective From(
        Func<double[], double> value,
        Func<double[], double[]> gradient,
        Func<double[], double[], double[]>? hessianVectorProduct = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(gradient);
        HessianVectorProductFunction? hvp = null;
        if (hessianVectorProduct is not null)
        {
            hvp = (x, v, hv) =>
            {
                double[] point = x.ToArray();
                double f = value(point);
                Checked(hessianVectorProduct(point, v.ToArray()), x.Length, nameof(hessianVectorProduct)).CopyTo(hv);
                return f;
            };
        }

        return new Objective(
            x => value(x.ToArray()),
            (x, g) =>
            {
                double[] point = x.ToArray();
                double f = value(point);
                Checked(gradient(point), x.Length, nameof(gradient)).CopyTo(g);
                return f;
            },
            hvp);
    }

    /// <summary>
    /// An objective from MathNet delegates: f, its exact gradient, and optionally its exact dense Hessian (then the
    /// objective also offers Hessian-vector products, each computed as H(x) v from one Hessian evaluation).
    /// </summary>
    /// <param name="value">f(x).</param>
    /// <param name="gradient">The gradient of f at x, a vector of x's length.</param>
    /// <param name="hessian">The n x n Hessian of f at x; needed by the Newton solvers.</param>
    /// <returns>An objective whose every evaluation calls these delegates on a copy of the point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> or <paramref name="gradient"/> is null.</exception>
    /// <remarks>
    /// A delegate that returns null or a vector or matrix of the wrong size makes the evaluation throw
    /// <see cref="InvalidOperationException"/> saying which delegate and which sizes.
    /// </remarks>
    /// <example><code>var objective = Objective.FromMathNet(x => x * x, x => 2 * x, x => 2 * Matrix&lt;double&gt;.Build.DenseIdentity(x.Count));</code></example>
    public static Objective FromMathNet(
        Func<Vector<double>, double> value,
        Func<Vector<double>, Vector<double>> gradient,
        Func<Vector<double>, Matrix<double>>? hessian = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(gradient);
        HessianVectorProductFunction? hvp = null;
        HessianFunction? dense = null;
        if (hessian is not null)
        {
            hvp = (x, v, hv) =>
            {
                Vector<double> point = Vector<double>.Build.DenseOfArray(x.ToArray());
                double f = value(point);
                Matrix<double> h = CheckedMatrix(hessian(point), x.Length);
                CopyTo(h * Vector<double>.Build.DenseOfArray(v.ToArray()), hv);
                return f;
            };
            dense = (x, hessianRowMajor) =>
            {
                Vector<double> point = Vector<double>.Build.DenseOfArray(x.ToArray());
                double f = value(point);
                CheckedMatrix(hessian(point), x.Length).ToRowMajorArray().CopyTo(hessianRowMajor);
                return f;
            };
        }

        return new Objective(
            x => value(Vector<double>.Build.DenseOfArray(x.ToArray())),
            (x, g) =>
            {
                Vector<double> point = Vector<double>.Build.DenseOfArray(x.ToArray());
                double f = value(point);
                Vector<double>? result = gradient(point);
                if (result is null || result.Count != x.Length)
                {
                    throw new InvalidOperationException(
                        $"The gradient delegate returned {(result is null ? "null" : $"a vector of length {result.Count}")}; expected length {x.Length} (that of the point).");
                }

                CopyTo(result, g);
                return f;
            },
            hvp,
            dense);
    }

    private static void CopyTo(Vector<double> source, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    private static double[] Checked(double[]? result, int length, string delegateName) =>
        result is not null && result.Length == length
            ? result
            : throw new InvalidOperationException(
                $"The {delegateName} delegate returned {(result is null ? "null" : $"an array of length {result.Length}")}; expected length {length} (that of the point).");

    private static Matrix<double> CheckedMatrix(Matrix<double>? result, int n) =>
        result is not null && result.RowCount == n && result.ColumnCount == n
            ? result
            : throw new InvalidOperationException(
                $"The hessian delegate returned {(result is null ? "null" : $"a {result.RowCount} x {result.ColumnCount} matrix")}; expected {n} x {n}.");
}
