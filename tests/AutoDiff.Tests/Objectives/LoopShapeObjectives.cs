using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Loops whose shape a reverse sweep can get wrong when it replays iterations: non-unit, negative and non-affine
/// steps, a loop variable changed inside the body or under a branch, data in the loop condition, <c>continue</c> in a
/// <c>do</c> loop (it jumps to the condition), <c>while (true)</c> with <c>break</c>, returns from inside
/// <c>while</c>, <c>do</c> and <c>foreach</c>, a counter read after its loop, int and bool locals carried across
/// iterations, a double loop variable, compound element assignments on local arrays and helpers called on them.
/// </summary>
public static partial class LoopShapeObjectives
{
    /// <summary>sum over m = 1, 2, 4, 8, ... below n of x_m x_{m-1}: the loop variable doubles each step.</summary>
    [Differentiable]
    public static double DoublingStride(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int m = 1; m < x.Length; m *= 2)
        {
            sum += x[m] * x[m - 1];
        }

        return sum;
    }

    /// <summary>sum of x_i^2 where a negative entry also skips the entry after it (the body advances i itself).</summary>
    [Differentiable]
    public static double SkipAfterNegative(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                sum += Math.Sin(x[i]);
                i++;
                continue;
            }

            sum += x[i] * x[i];
        }

        return sum;
    }

    /// <summary>The product of the leading run of positive entries: the data sits in the loop condition.</summary>
    [Differentiable]
    public static double LeadingPositiveProduct(ReadOnlySpan<double> x)
    {
        double product = 1;
        int i = 0;
        while (i < x.Length && x[i] > 0)
        {
            product *= 1 + x[i];
            i++;
        }

        return product;
    }

    /// <summary>
    /// A <c>do</c> loop whose <c>continue</c> goes to the condition: entries below -1 are skipped, the others add
    /// e^(x_i / 2). The counter is advanced before the <c>continue</c>, so the loop ends.
    /// </summary>
    [Differentiable]
    public static double DoLoopWithContinue(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        do
        {
            double v = x[i];
            i++;
            if (v < -1)
            {
                continue;
            }

            sum += Math.Exp(0.5 * v);
        }
        while (i < x.Length);

        return sum;
    }

    /// <summary>Accumulates x_i (1 + sum) in a <c>while</c> loop and returns from inside it once the sum passes 4.</summary>
    [Differentiable]
    public static double ReturnFromWhile(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        while (i < x.Length)
        {
            sum += x[i] * x[i] * (1 + 0.1 * sum);
            if (sum > 4)
            {
                return Math.Sqrt(sum);
            }

            i++;
        }

        return sum;
    }

    /// <summary>Returns from a <c>do</c> loop at the first entry whose square passes 2; otherwise the sum of cosines.</summary>
    [Differentiable]
    public static double ReturnFromDo(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        do
        {
            if (x[i] * x[i] > 2)
            {
                return sum * x[i];
            }

            sum += Math.Cos(x[i]);
            i++;
        }
        while (i < x.Length);

        return sum;
    }

    /// <summary>sum over t = 0, 0.25, 0.5, 0.75 of sin(t x) y: the loop variable is a double but not differentiable.</summary>
    [Differentiable]
    public static double DoubleLoopVariable(double x, double y)
    {
        double sum = 0;
        for (double t = 0; t < 1; t += 0.25)
        {
            sum += Math.Sin(t * x) * y;
        }

        return sum;
    }

    /// <summary>
    /// A two-layer network tanh(W1 x) then w2 . h: the hidden layer is a local array accumulated with
    /// <c>hidden[i] +=</c> in nested loops, then overwritten in place by its tanh. W1 is 3 x x.Length, row-major.
    /// </summary>
    [Differentiable]
    public static double TwoLayerNetwork(ReadOnlySpan<double> firstLayer, ReadOnlySpan<double> secondLayer, ReadOnlySpan<double> x)
    {
        int width = secondLayer.Length;
        double[] hidden = new double[width];
        for (int i = 0; i < width; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                hidden[i] += firstLayer[i * x.Length + j] * x[j];
            }

            hidden[i] = Math.Tanh(hidden[i]);
        }

        double output = 0;
        for (int i = 0; i < width; i++)
        {
            output += secondLayer[i] * hidden[i];
        }

        return output * output;
    }

    /// <summary>A running "carry": a[i] is a[i - 1] when x_i is negative, else x_i; then sum a_i^2 (a ternary reads the array).</summary>
    [Differentiable]
    public static double CarryForwardSquares(ReadOnlySpan<double> x)
    {
        Span<double> carried = stackalloc double[x.Length];
        carried[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            carried[i] = x[i] < 0 ? carried[i - 1] : x[i];
        }

        double sum = 0;
        foreach (double c in carried)
        {
            sum += c * c;
        }

        return sum;
    }

    /// <summary>sum of Clip(x_i) where the helper itself branches and returns early.</summary>
    [Differentiable]
    public static double SumOfClipped(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += Clip(v);
        }

        return sum;
    }

    /// <summary>A smooth-ish clip: v^3 / 3 inside [-1, 1], linear continuation outside.</summary>
    [Differentiable]
    public static double Clip(double v)
    {
        if (v > 1)
        {
            return v - 2.0 / 3;
        }

        if (v < -1)
        {
            return v + 2.0 / 3;
        }

        return v * v * v / 3;
    }
    /// <summary><c>foreach</c> with <c>break</c>: sum of e^(x_i / 3) up to (not including) the first entry above 1.5.</summary>
    [Differentiable]
    public static double ForeachUntilLarge(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            if (v > 1.5)
            {
                break;
            }

            sum += Math.Exp(v / 3);
        }

        return sum;
    }

    /// <summary>
    /// <c>while (true)</c> left only by <c>break</c>, with a <c>continue</c> too: products of consecutive pairs,
    /// skipping pairs whose first entry is negative.
    /// </summary>
    [Differentiable]
    public static double InfiniteLoopWithBreakAndContinue(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = -1;
        while (true)
        {
            i++;
            if (i >= x.Length - 1)
            {
                break;
            }

            if (x[i] < 0)
            {
                continue;
            }

            sum += x[i] * x[i + 1];
        }

        return sum;
    }

    /// <summary>
    /// Every compound element assignment on a local array: a[i] = x_i, then -=, *=, /= in a loop, then the sum of
    /// squares (x_i - 0.5 x_{i-1}) (1 + x_i^2) / 2 over the entries.
    /// </summary>
    [Differentiable]
    public static double CompoundElementAssignments(ReadOnlySpan<double> x)
    {
        double[] a = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            a[i] = x[i];
            if (i > 0)
            {
                a[i] -= 0.5 * x[i - 1];
            }

            a[i] *= 1 + x[i] * x[i];
            a[i] /= 2;
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += a[i] * a[i];
        }

        return sum;
    }

    /// <summary>A span helper called on a local array and on a stackalloc span, whose adjoints flow back to x.</summary>
    [Differentiable]
    public static double HelperOnLocalArrays(ReadOnlySpan<double> x)
    {
        double[] squares = new double[x.Length];
        Span<double> sines = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] = x[i] * x[i];
            sines[i] = Math.Sin(x[i]);
        }

        return SumOfCubes(squares) + x[0] * SumOfCubes(sines);
    }

    /// <summary>sum_i v_i^3 with a loop: the span helper of <see cref="HelperOnLocalArrays"/>.</summary>
    [Differentiable]
    public static double SumOfCubes(ReadOnlySpan<double> v)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i] * v[i] * v[i];
        }

        return sum;
    }

    /// <summary>The loop counter outlives its loop: after stopping at the first entry below -0.5, x[i] and x[i - 1] are read.</summary>
    [Differentiable]
    public static double CounterUsedAfterLoop(ReadOnlySpan<double> x)
    {
        int i = 1;
        double sum = 0;
        for (; i < x.Length - 1; i++)
        {
            if (x[i] < -0.5)
            {
                break;
            }

            sum += x[i] * x[i];
        }

        return sum + x[i] * x[i - 1];
    }

    /// <summary>Guarded reads in nested ternaries: neighbours two apart, falling back to one apart, then to 0.</summary>
    [Differentiable]
    public static double NestedGuardedTernaries(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double partner = i >= 2 ? x[i - 2] : i >= 1 ? x[i - 1] : 0;
            sum += x[i] * partner + Math.Cos(x[i]);
        }

        return sum;
    }
    /// <summary>
    /// x_best^2 + sum_i x_i with best the index of the largest entry: an int written under a branch in a loop, then
    /// used as an index (and to index a local array of cumulative sums).
    /// </summary>
    [Differentiable]
    public static double LargestEntryPlusPrefix(ReadOnlySpan<double> x)
    {
        double[] prefix = new double[x.Length];
        int best = 0;
        double running = 0;
        for (int i = 0; i < x.Length; i++)
        {
            running += x[i];
            prefix[i] = running;
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return x[best] * x[best] + prefix[best];
    }

    /// <summary>Returns from inside a <c>foreach</c> at the first negative entry: the product of the entries before it times that entry.</summary>
    [Differentiable]
    public static double ReturnFromForeach(ReadOnlySpan<double> x)
    {
        double product = 1;
        foreach (double v in x)
        {
            if (v < 0)
            {
                return product * v;
            }

            product *= 1 + v;
        }

        return product;
    }

    /// <summary>
    /// A <c>do</c> loop whose counter also moves inside a branch: a positive entry consumes the next one too
    /// (adding x_i x_{i+1}), a negative one only itself (adding x_i^2).
    /// </summary>
    [Differentiable]
    public static double DoLoopCounterMovedInBranch(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        do
        {
            if (x[i] > 0 && i + 1 < x.Length)
            {
                sum += x[i] * x[i + 1];
                i += 2;
            }
            else
            {
                sum += x[i] * x[i];
                i++;
            }
        }
        while (i < x.Length);

        return sum;
    }

    /// <summary>
    /// The cube root of a &gt; 1 by 60 bisection steps on [0, a]. Both ends stay dyadic multiples of a, so the program
    /// computes c a for a constant c and its derivative is c = result / a, not the root's 1 / (3 a^(2/3)): the
    /// generated gradient differentiates the program that ran.
    /// </summary>
    [Differentiable]
    public static double CubeRootByBisection(double a)
    {
        double low = 0;
        double high = a;
        for (int step = 0; step < 60; step++)
        {
            double middle = 0.5 * (low + high);
            if (middle * middle * middle < a)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
    }
    /// <summary>sum of x_i x_{i-1} at every sign change: a bool local carried from one iteration to the next.</summary>
    [Differentiable]
    public static double SignChangeProducts(ReadOnlySpan<double> x)
    {
        double sum = 0;
        bool wasPositive = x[0] > 0;
        for (int i = 1; i < x.Length; i++)
        {
            bool isPositive = x[i] > 0;
            if (isPositive != wasPositive)
            {
                sum += x[i] * x[i - 1];
            }

            wasPositive = isPositive;
        }

        return sum;
    }

    /// <summary>
    /// sum of count x_i, where count is an int bumped under a branch (entries above 0.5 at even positions): an int
    /// overwritten in a loop and used as a number.
    /// </summary>
    [Differentiable]
    public static double CountWeightedSum(ReadOnlySpan<double> x)
    {
        int count = 1;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (i % 2 == 0 && x[i] > 0.5)
            {
                count += 1;
            }

            sum += count * x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Every other entry from the end, counting down by two: sum of sin(x_i) x_i.</summary>
    [Differentiable]
    public static double EveryOtherFromTheEnd(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = x.Length - 1; i >= 0; i -= 2)
        {
            sum += Math.Sin(x[i]) * x[i];
        }

        return sum;
    }

    /// <summary>Adds x_i^2 while the sum is below 3 and entries remain: a double accumulator in the loop condition.</summary>
    [Differentiable]
    public static double AccumulateWhileBelow(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        while (i < x.Length && sum < 3)
        {
            sum += x[i] * x[i];
            i++;
        }

        return sum * (1 + 0.1 * sum);
    }

    /// <summary>
    /// Nested loops where the inner one breaks and the outer one continues: each row's entries up to the first
    /// negative one, rows whose first entry is above 1.5 skipped, 3 rows of 3.
    /// </summary>
    [Differentiable]
    public static double InnerBreakOuterContinue(ReadOnlySpan<double> x)
    {
        double total = 0;
        for (int row = 0; row < 3; row++)
        {
            if (x[3 * row] > 1.5)
            {
                continue;
            }

            for (int column = 0; column < 3; column++)
            {
                double v = x[3 * row + column];
                if (v < 0)
                {
                    break;
                }

                total += Math.Exp(-v) * v;
            }
        }

        return total;
    }
    /// <summary>
    /// A product over i of (1 + 0.1 sum_{j &lt;= i, j even} x_i x_j) and, counting down, of (1 + 0.05 sum_{j = i..0 by 3}
    /// sin x_j): inner loops whose start and bound are an enclosing index and constants, so the reverse sweep recomputes
    /// their trip counts (the product keeps the outer loop from being fused, so the counts would otherwise go on the tape).
    /// </summary>
    [Differentiable]
    public static double TriangularProducts(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            double s = 0;
            for (int j = 0; j <= i; j += 2)
            {
                s += x[i] * x[j];
            }

            double t = 0;
            for (int j = i; j >= 0; j -= 3)
            {
                t += Math.Sin(x[j]);
            }

            p *= 1 + 0.1 * s + 0.05 * t;
        }

        return p;
    }

    /// <summary>
    /// Inner loops bounded by a local assigned once before the outer loop and by a parameter, one of them empty for the
    /// first half of i (its start is past its bound), in a product.
    /// </summary>
    [Differentiable]
    public static double ProductsOverBoundedWindows(ReadOnlySpan<double> x, int width)
    {
        int half = x.Length / 2;
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            double s = 0;
            for (int j = half; j < i; j++)
            {
                s += x[j] * x[i];
            }

            for (int j = i; j < x.Length && j < i + width; j++)
            {
                s += 0.5 * x[j];
            }

            p *= 1 + 0.2 * Math.Tanh(s);
        }

        return p;
    }

    /// <summary>An inner loop left by a break (its trip count depends on the data, so it is recorded), in a product.</summary>
    [Differentiable]
    public static double ProductsUntilNegative(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < x.Length; j++)
            {
                if (x[j] < 0)
                {
                    break;
                }

                s += x[j] * x[i];
            }

            p *= 1 + 0.1 * s;
        }

        return p;
    }

    /// <summary>
    /// Extended Rosenbrock through a two-element scratch array that every iteration fills before it reads it: the loop
    /// is fused (the array carries nothing from one iteration to the next).
    /// </summary>
    [Differentiable]
    public static double ScratchFilledEachIteration(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[2];
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            t[0] = 1 - x[i];
            t[1] = x[i + 1] - x[i] * x[i];
            double t2 = 10 * t[1];
            sum += t[0] * t[0] + t2 * t[1];
        }

        return sum;
    }

    /// <summary>A scratch element read before the iteration writes it: the previous iteration's value carries over.</summary>
    [Differentiable]
    public static double ScratchCarriedAcrossIterations(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[2];
        t[1] = 1;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            t[0] = x[i] * t[1];
            t[1] = Math.Sin(x[i]);
            sum += t[0] * t[0];
        }

        return sum;
    }

    /// <summary>A scratch element written only on one branch and read after it: on the other path it is the previous iteration's.</summary>
    [Differentiable]
    public static double ScratchWrittenOnOneBranch(ReadOnlySpan<double> x)
    {
        double[] t = new double[1];
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                t[0] = x[i] * x[i];
            }

            sum += t[0] * x[i];
        }

        return sum;
    }
}
