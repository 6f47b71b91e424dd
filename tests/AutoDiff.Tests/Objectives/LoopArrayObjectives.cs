using System;

namespace AutoDiff.Tests.Objectives;

// A stackalloc in a loop is what these objectives test (CA2014 warns that the method's own stack grows every iteration;
// the generated members allocate it once per call).
#pragma warning disable CA2014

/// <summary>
/// Local arrays declared inside loops (<c>new double[k]</c>, <c>stackalloc double[k]</c>, <c>new double[] { ... }</c>):
/// every iteration's array is a fresh zeroed one, so the reverse sweep must see each iteration's elements, not the
/// last iteration's, and an element an iteration does not write must read as zero, not as what the previous one left.
/// </summary>
public static partial class LoopArrayObjectives
{
    /// <summary>
    /// sum_i sum_{k&lt;3} x_i^2 x_{(i+k) mod n}^2 (n at least 3), each row's products kept in a stackalloc'd window
    /// declared in the loop and squared in place (an overwrite the reverse sweep must undo).
    /// </summary>
    [Differentiable]
    public static double CircularProducts(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            Span<double> window = stackalloc double[3];
            for (int k = 0; k < window.Length; k++)
            {
                window[k] = x[i] * x[(i + k) % x.Length];
            }

            for (int k = 0; k < window.Length; k++)
            {
                window[k] *= window[k];
                sum += window[k];
            }
        }

        return sum;
    }

    /// <summary>
    /// Windows of <paramref name="width"/> entries starting at each i, partly written (past the end of x the entries
    /// stay zero, which the last read sees), with a heap array and a stackalloc'd span declared in the same loop.
    /// </summary>
    [Differentiable]
    public static double PartialWindows(ReadOnlySpan<double> x, int width)
    {
        double energy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            Span<double> window = stackalloc double[width];
            double[] squares = new double[width];
            for (int k = 0; k < width && i + k < x.Length; k++)
            {
                window[k] = x[i + k] * x[i];
                squares[k] = window[k] * window[k];
            }

            energy += squares[0] + Math.Sin(window[width - 1]) + (window[width - 1] * squares[width - 1]);
        }

        return energy;
    }

    /// <summary>
    /// An array declared in the inner loop of a nest, its length from a local declared in the outer loop, skipped by a
    /// <c>continue</c> before and cut short by a <c>break</c> after the declaration, and read nonlinearly (so its
    /// elements are saved); the outer loop has an array of its own, from an initializer list.
    /// </summary>
    [Differentiable]
    public static double NestedWithBreakAndContinue(ReadOnlySpan<double> x)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] pair = new double[] { x[i], x[i] * x[i], 1 };
            int half = x.Length / 2;
            for (int j = 0; j < x.Length; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double[] scratch = new double[half + 1];
                scratch[0] = x[j] * pair[0];
                if (x[j] > 1.5)
                {
                    break;
                }

                scratch[half] = Math.Exp(0.3 * scratch[0]) + pair[1];
                total += scratch[half] * scratch[half] - scratch[0] * pair[2];
            }

            pair[1] *= pair[0];
            total += Math.Cos(pair[1]);
        }

        return total;
    }

    /// <summary>
    /// A heap array declared in a loop passed whole and as slices (<c>AsSpan(1)</c>) to a <c>[Differentiable]</c>
    /// callee, whose pullback reads it in the reverse sweep.
    /// </summary>
    [Differentiable]
    public static double CalleeOnLoopArrays(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 2 < x.Length; i++)
        {
            double[] local = new double[3];
            local[0] = x[i];
            local[1] = x[i + 1] * x[i];
            local[2] = Math.Sin(x[i + 2]);
            s += SumOfSquares(local) * SumOfSquares(local.AsSpan(1));
        }

        return s;
    }

    /// <summary>sum_i v_i^2.</summary>
    [Differentiable]
    public static double SumOfSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s;
    }

    /// <summary>
    /// A 2-D local array declared in a loop: each iteration's 2 x 2 matrix [[x_i, x_{i+1}], [x_{i+1}, 0]] has its
    /// determinant -x_{i+1}^2 added, and its entry (1, 1), written only when x_i is positive, squared: sum_i -x_{i+1}^2
    /// + [x_i &gt; 0] x_i^4 (i from 0 to n - 2).
    /// </summary>
    [Differentiable]
    public static double MatricesInLoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            var m = new double[2, 2];
            m[0, 0] = x[i];
            m[0, 1] = x[i + 1];
            m[1, 0] = m[0, 1];
            if (x[i] > 0)
            {
                m[1, 1] = x[i] * x[i];
            }

            s += (m[0, 0] * m[1, 1]) - (m[0, 1] * m[1, 0]) - (m[0, 0] * m[1, 1]) + (m[1, 1] * m[1, 1]);
        }

        return s;
    }

    /// <summary>A caller of <see cref="PartialWindows"/>: its second derivatives go through the callee's pullback tangent.</summary>
    [Differentiable]
    public static double SineOfPartialWindows(ReadOnlySpan<double> x) => Math.Sin(PartialWindows(x, 3));

    /// <summary>
    /// A vector output: r_i = sum_k c_k x_{(i+k) mod n}^2 x_i with the terms in a stackalloc'd span declared in the
    /// loop (so the Jacobian members run the array's lowering in forward and reverse mode).
    /// </summary>
    [Differentiable]
    public static void Smoothed(ReadOnlySpan<double> x, Span<double> r)
    {
        for (int i = 0; i < x.Length; i++)
        {
            Span<double> terms = stackalloc double[2];
            terms[0] = x[i] * x[i] * x[i];
            terms[1] = 0.5 * x[(i + 1) % x.Length] * x[(i + 1) % x.Length] * x[i];
            r[i] = terms[0] + terms[1];
        }
    }
}
