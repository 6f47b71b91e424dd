using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Objectives whose interest is their control flow: sums over data in <c>for</c> loops, nested loops, branches,
/// ternaries and logical operators, <c>while</c> and <c>do</c> loops with data-dependent trip counts, <c>break</c>,
/// <c>continue</c>, early returns and <c>foreach</c>. A gradient through a branch is the gradient of the branch the
/// program takes, so the samplers keep points away from the boundaries between branches.
/// </summary>
public static partial class ControlFlowObjectives
{
    /// <summary>The chained Rosenbrock function of DESIGN.md: sum (1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2.</summary>
    [Differentiable]
    public static double ExtendedRosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    /// <summary>Least squares of the line p0 + p1 t through a constant dataset (t_k, y_k).</summary>
    [Differentiable]
    public static double LineLeastSquares(
        ReadOnlySpan<double> line, [Constant] ReadOnlySpan<double> times, [Constant] ReadOnlySpan<double> observations)
    {
        double sum = 0;
        for (int k = 0; k < times.Length; k++)
        {
            double residual = line[0] + line[1] * times[k] - observations[k];
            sum += residual * residual;
        }

        return sum;
    }

    /// <summary>
    /// A dense layer's squared error sum_i ((W x + b)_i - y_i)^2 with W stored row-major in a flat span of
    /// b.Length x x.Length entries: nested loops, the inner one accumulating a dot product.
    /// </summary>
    [Differentiable]
    public static double DenseLayerSquaredError(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, [Constant] ReadOnlySpan<double> target)
    {
        int columns = x.Length;
        double sum = 0;
        for (int i = 0; i < bias.Length; i++)
        {
            double output = bias[i];
            for (int j = 0; j < columns; j++)
            {
                output += weights[i * columns + j] * x[j];
            }

            double error = output - target[i];
            sum += error * error;
        }

        return sum;
    }

    /// <summary>
    /// x^2 below 1, 3x - 2 from 1 to 2, then 4 + sin(x - 2): continuous, with kinks at 1 (slopes 2 | 3) and 2 (3 | 1).
    /// At a boundary the program takes the later branch, so the derivative there is the right-hand one.
    /// </summary>
    [Differentiable]
    public static double PiecewiseQuadraticLinearSine(double x)
    {
        double result;
        if (x < 1)
        {
            result = x * x;
        }
        else if (x < 2)
        {
            result = 3 * x - 2;
        }
        else
        {
            result = 4 + Math.Sin(x - 2);
        }

        return result;
    }

    /// <summary>The Huber loss summed over residuals: quadratic inside |r| &lt;= delta, linear outside.</summary>
    [Differentiable]
    public static double HuberLoss(ReadOnlySpan<double> residuals, [Constant] double delta)
    {
        double sum = 0;
        for (int i = 0; i < residuals.Length; i++)
        {
            double r = residuals[i];
            if (Math.Abs(r) <= delta)
            {
                sum += 0.5 * r * r;
            }
            else
            {
                sum += delta * (Math.Abs(r) - 0.5 * delta);
            }
        }

        return sum;
    }

    /// <summary>Leaky ReLU of each entry through a ternary, weighted by position: sum (i + 1) leaky(x_i).</summary>
    [Differentiable]
    public static double LeakyReluSum(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (i + 1) * (x[i] > 0 ? x[i] : 0.1 * x[i]);
        }

        return sum;
    }

    /// <summary>Branches chosen by &amp;&amp;, || and !: four smooth pieces of the plane.</summary>
    [Differentiable]
    public static double LogicalQuadrants(double x, double y)
    {
        if (x > 0 && y > 0)
        {
            return x * y;
        }

        if (x < 0 || !(y < 0))
        {
            return x * x + Math.Sin(y);
        }

        return Math.Exp(x) * y;
    }

    /// <summary>
    /// sqrt(a) by Newton's iteration g = (g + a / g) / 2 until |g^2 - a| &lt;= 1e-15 a: a data-dependent trip count.
    /// The derivative of the converged iterate is that of sqrt, 1 / (2 sqrt a). a is positive.
    /// </summary>
    [Differentiable]
    public static double NewtonSquareRoot(double a)
    {
        double guess = a > 1 ? a : 1;
        int iterations = 0;
        while (Math.Abs(guess * guess - a) > 1e-15 * a && iterations < 100)
        {
            guess = 0.5 * (guess + a / guess);
            iterations++;
        }

        return guess;
    }

    /// <summary>
    /// The fixed point of t = c cos(t) for |c| &lt; 1, iterated until two iterates agree to 1e-15 (at most 500 steps).
    /// By the implicit function theorem dt/dc = cos t / (1 + c sin t).
    /// </summary>
    [Differentiable]
    public static double CosineFixedPoint(double c)
    {
        double t = 0;
        double previous = 1;
        int steps = 0;
        while (Math.Abs(t - previous) > 1e-15 && steps < 500)
        {
            previous = t;
            t = c * Math.Cos(t);
            steps++;
        }

        return t;
    }

    /// <summary>Compound growth principal (1 + rate)^years in a <c>do</c> loop (runs at least once).</summary>
    [Differentiable]
    public static double CompoundGrowth(double principal, double rate, int years)
    {
        double value = principal;
        int year = 0;
        do
        {
            value *= 1 + rate;
            year++;
        }
        while (year < years);

        return value;
    }

    /// <summary>Halves v = x^2 + 1 until it is at most 1 (a data-dependent trip count k), then returns v e^x.</summary>
    [Differentiable]
    public static double HalveUntilAtMostOne(double x)
    {
        double v = x * x + 1;
        while (v > 1)
        {
            v = v / 2;
        }

        return v * Math.Exp(x);
    }

    /// <summary>Adds x_i^2 in order and stops as soon as the sum passes <paramref name="budget"/>.</summary>
    [Differentiable]
    public static double SumOfSquaresUntilBudget(ReadOnlySpan<double> x, [Constant] double budget)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i];
            if (sum > budget)
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>Sum of x_i^3 over the positive entries only: the negative ones are skipped with <c>continue</c>.</summary>
    [Differentiable]
    public static double CubesOfPositiveEntries(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            sum += x[i] * x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Sum of squares, but returns x_i times the sum so far at the first entry above 1.5 (early return in a loop).</summary>
    [Differentiable]
    public static double ReturnAtFirstLargeEntry(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 1.5)
            {
                return x[i] * (sum + 1);
            }

            sum += x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Early returns from nested branches, and a fall-through after them.</summary>
    [Differentiable]
    public static double EarlyReturnFromBranches(double x, double y)
    {
        if (x < 0)
        {
            if (y < 0)
            {
                return x * y;
            }

            return Math.Sin(x) * y;
        }

        double t = x * x;
        if (t > 2)
        {
            return t + y;
        }

        t += x * y * y;
        return t;
    }

    /// <summary>
    /// The sum over rows (of <paramref name="width"/> entries) of each row's product; returns early, from the inner
    /// of two nested loops, with the total so far plus the running product once that product falls below 0.01.
    /// </summary>
    [Differentiable]
    public static double ReturnFromNestedLoop(ReadOnlySpan<double> x, int width)
    {
        double total = 0;
        for (int row = 0; row * width < x.Length; row++)
        {
            double product = 1;
            for (int column = 0; column < width; column++)
            {
                product *= x[row * width + column];
                if (Math.Abs(product) < 0.01)
                {
                    return total + product;
                }
            }

            total += product;
        }

        return total;
    }

    /// <summary>Pairwise interaction energy sum_{i &lt; j} 1 / (1 + (x_i - x_j)^2): a triangular nested loop.</summary>
    [Differentiable]
    public static double PairwiseInteraction(ReadOnlySpan<double> x)
    {
        double energy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                double d = x[i] - x[j];
                energy += 1 / (1 + d * d);
            }
        }

        return energy;
    }

    /// <summary>For each row, the sum of entries up to (not including) the first negative one: <c>break</c> leaves only the inner loop.</summary>
    [Differentiable]
    public static double RowPrefixesBeforeNegative(ReadOnlySpan<double> x, int width)
    {
        double total = 0;
        for (int row = 0; row < x.Length / width; row++)
        {
            double rowSum = 0;
            for (int column = 0; column < width; column++)
            {
                double v = x[row * width + column];
                if (v < 0)
                {
                    break;
                }

                rowSum += v * v;
            }

            total += Math.Sqrt(1 + rowSum);
        }

        return total;
    }

    /// <summary>Horner's rule for sum_k x_k t^k with a loop that counts down; t is differentiable too.</summary>
    [Differentiable]
    public static double HornerPolynomial(ReadOnlySpan<double> coefficients, double t)
    {
        double value = 0;
        for (int k = coefficients.Length - 1; k >= 0; k--)
        {
            value = value * t + coefficients[k];
        }

        return value;
    }

    /// <summary>The product of all entries: a loop-carried overwrite whose every earlier value the reverse sweep needs.</summary>
    [Differentiable]
    public static double ProductOfEntries(ReadOnlySpan<double> x)
    {
        double product = 1;
        for (int i = 0; i < x.Length; i++)
        {
            product *= x[i];
        }

        return product;
    }

    /// <summary>log sum exp x_i, stably: one loop finds the largest entry with an <c>if</c>, a second sums.</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double largest = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > largest)
            {
                largest = x[i];
            }
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - largest);
        }

        return largest + Math.Log(sum);
    }

    /// <summary>sum_i x_i^2 + sin(x_i) over the vector with <c>foreach</c>, times a sum over a constant span with <c>foreach</c>.</summary>
    [Differentiable]
    public static double ForeachSums(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> scales)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v * v + Math.Sin(v);
        }

        double scale = 0;
        foreach (double s in scales)
        {
            scale += s;
        }

        return scale * sum;
    }

    /// <summary>x to the power k by repeated multiplication, k a constant int trip count (k = 0 gives 1).</summary>
    [Differentiable]
    public static double PowerByRepeatedMultiplication(double x, int k)
    {
        double result = 1;
        for (int i = 0; i < k; i++)
        {
            result = result * x;
        }

        return result;
    }

    /// <summary>The running maximum of x_i^2 - i, summed as it evolves: an <c>if</c> inside a loop overwriting a local.</summary>
    [Differentiable]
    public static double RunningMaximumSum(ReadOnlySpan<double> x)
    {
        double best = double.NegativeInfinity;
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double candidate = x[i] * x[i] - i;
            if (candidate > best)
            {
                best = candidate;
            }

            total += best;
        }

        return total;
    }
    /// <summary>
    /// sum_i x_i (x_{i-1} + 2 x_{i+1}) with the missing neighbours at the ends read as 0 through ternaries that guard
    /// the index: the reverse sweep must not touch x[i - 1] or x[i + 1] when the guard is false.
    /// </summary>
    [Differentiable]
    public static double NeighbourProductsByTernary(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double previous = i > 0 ? x[i - 1] : 0;
            double next = i < x.Length - 1 ? x[i + 1] : 0;
            sum += x[i] * (previous + 2 * next);
        }

        return sum;
    }
}
