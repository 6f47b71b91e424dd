using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Objectives that write local arrays and read them back: heap arrays (<c>new double[n]</c> and array initialisers),
/// <c>stackalloc</c> spans, element overwrites and compound element assignments, and a <c>static readonly</c> table.
/// The reverse sweep must see each element as it was when it was read, not its final value.
/// </summary>
public static partial class LocalArrayObjectives
{
    /// <summary>Weights the objectives read as constants.</summary>
    private static readonly double[] PositionWeights = [0.5, -1.25, 2.0, 0.75, -0.3];

    /// <summary>sum_i P_i^2 with the prefix sums P_i = x_0 + ... + x_i kept in a local array.</summary>
    [Differentiable]
    public static double PrefixSumSquares(ReadOnlySpan<double> x)
    {
        double[] prefix = new double[x.Length];
        prefix[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            prefix[i] = prefix[i - 1] + x[i];
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += prefix[i] * prefix[i];
        }

        return sum;
    }

    /// <summary>
    /// A forward recurrence s_k = 0.5 s_{k-1} + a sin(s_{k-2}) in a stackalloc buffer of <paramref name="steps"/> (at
    /// least 2) entries, from s_0 = a, s_1 = b; returns the last one.
    /// </summary>
    [Differentiable]
    public static double ForwardRecurrence(double a, double b, int steps)
    {
        Span<double> state = stackalloc double[steps];
        state[0] = a;
        state[1] = b;
        for (int k = 2; k < steps; k++)
        {
            state[k] = 0.5 * state[k - 1] + a * Math.Sin(state[k - 2]);
        }

        return state[steps - 1];
    }

    /// <summary>
    /// Cross-entropy -log softmax(x)_label: the exponentials go into a stackalloc buffer that is then normalised in
    /// place (every element overwritten by itself over the sum).
    /// </summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label)
    {
        Span<double> probabilities = stackalloc double[logits.Length];
        double largest = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            largest = Math.Max(largest, logits[i]);
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Math.Exp(logits[i] - largest);
            sum += probabilities[i];
        }

        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] /= sum;
        }

        return -Math.Log(probabilities[label]);
    }

    /// <summary>
    /// Elements of an initialised array overwritten and read in turn: a = {x, y, xy}; a0 = xy; a2 = 2xy;
    /// a1 = 4 x^2 y^2; a0 = sin(xy); so f = sin(xy) + 4 x^2 y^2 + 2xy.
    /// </summary>
    [Differentiable]
    public static double ElementOverwrites(double x, double y)
    {
        double[] a = new double[] { x, y, x * y };
        a[0] = a[0] * a[1];
        a[2] += a[0];
        a[1] = a[2] * a[2];
        a[0] = Math.Sin(a[0]);
        return a[0] + a[1] + a[2];
    }

    /// <summary>sum_i w_i sin(x_i) with w a static readonly table (x has at most 5 entries).</summary>
    [Differentiable]
    public static double StaticTableWeightedSines(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += PositionWeights[i] * Math.Sin(x[i]);
        }

        return sum;
    }

    /// <summary>The basis {1, x, x^2} in an initialised array, read with <c>foreach</c>: 1 + x^2 + x^4.</summary>
    [Differentiable]
    public static double ForeachOverLocalArray(double x)
    {
        double[] basis = new double[] { 1, x, x * x };
        double sum = 0;
        foreach (double b in basis)
        {
            sum += b * b;
        }

        return sum;
    }

    /// <summary>
    /// Bubble-sorts a copy of x (swaps are element overwrites under a branch, in nested loops), then returns
    /// sum_i (i + 1) sorted_i. Its gradient is each entry's rank plus one; entries are kept distinct.
    /// </summary>
    [Differentiable]
    public static double SortedWeightedSum(ReadOnlySpan<double> x)
    {
        double[] sorted = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            sorted[i] = x[i];
        }

        for (int pass = 0; pass < x.Length - 1; pass++)
        {
            for (int i = 0; i < x.Length - 1 - pass; i++)
            {
                if (sorted[i] > sorted[i + 1])
                {
                    double swap = sorted[i];
                    sorted[i] = sorted[i + 1];
                    sorted[i + 1] = swap;
                }
            }
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (i + 1) * sorted[i];
        }

        return sum;
    }

    /// <summary>
    /// Solves the tridiagonal system with diagonal <paramref name="diagonal"/>, off-diagonals -1 and right-hand side
    /// <paramref name="rhs"/> by the Thomas algorithm (two local work arrays, a forward and a backward loop), and
    /// returns the squared norm of the solution. The sampler keeps the diagonal dominant.
    /// </summary>
    [Differentiable]
    public static double TridiagonalSolveNorm(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> rhs)
    {
        int n = diagonal.Length;
        double[] upper = new double[n];
        double[] solution = new double[n];
        upper[0] = -1 / diagonal[0];
        solution[0] = rhs[0] / diagonal[0];
        for (int i = 1; i < n; i++)
        {
            double pivot = diagonal[i] + upper[i - 1];
            upper[i] = -1 / pivot;
            solution[i] = (rhs[i] + solution[i - 1]) / pivot;
        }

        for (int i = n - 2; i >= 0; i--)
        {
            solution[i] -= upper[i] * solution[i + 1];
        }

        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            norm += solution[i] * solution[i];
        }

        return norm;
    }

    /// <summary>Exponential smoothing s_i = alpha s_{i-1} + (1 - alpha) x_i into a local array, then sum (s_i - x_i)^2.</summary>
    [Differentiable]
    public static double SmoothingResidual(ReadOnlySpan<double> x, double alpha)
    {
        Span<double> smoothed = stackalloc double[x.Length];
        smoothed[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            smoothed[i] = alpha * smoothed[i - 1] + (1 - alpha) * x[i];
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = smoothed[i] - x[i];
            sum += d * d;
        }

        return sum;
    }
    /// <summary>
    /// The smallest shape that needs both a saved loop value and a local array's adjoint: the product loop saves each
    /// earlier product on the tape, and a local array read afterwards gets an adjoint buffer. f = (prod x_i)^2.
    /// (A regression case: the adjoint buffer once came from the top of the saved values, and the pops read it.)
    /// </summary>
    [Differentiable]
    public static double ProductThroughLocalArray(ReadOnlySpan<double> x)
    {
        double product = 1;
        for (int i = 0; i < x.Length; i++)
        {
            product *= x[i];
        }

        double[] box = new double[1];
        box[0] = product;
        return box[0] * box[0];
    }
}
