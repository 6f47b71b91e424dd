using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Calls of methods that are not <c>[Differentiable]</c> and whose results do not depend on the differentiable inputs
/// (integer helpers, LINQ over constant data, lambdas over data): constants of the derivative, run as written.
/// </summary>
public static partial class OpaqueCallObjectives
{
    /// <summary>How many times <see cref="CountedScale"/> ran: the generated code must call it exactly as often as the original.</summary>
    [ThreadStatic]
    private static int t_countedCalls;

    public static int CountedCalls
    {
        get => t_countedCalls;
        set => t_countedCalls = value;
    }

    /// <summary>n choose k, in integers: a plain helper, not differentiable.</summary>
    public static int Binomial(int n, int k)
    {
        int result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    public static ulong Factorial(int n) => n <= 1 ? 1UL : (ulong)n * Factorial(n - 1);

    /// <summary>A constant with a side effect (it counts its calls).</summary>
    public static double CountedScale(int k)
    {
        t_countedCalls++;
        return 1.0 / (k + 1);
    }

    /// <summary>The bin of a value: an int result of a differentiable input, piecewise constant.</summary>
    public static int BinOf(double value, int bins) => Math.Clamp((int)Math.Floor(value * bins), 0, bins - 1);

    public static bool IsEven(int k) => k % 2 == 0;

    /// <summary>A norm of constant data, through a read-only span.</summary>
    public static double Norm(ReadOnlySpan<double> data)
    {
        double s = 0;
        foreach (double d in data)
        {
            s += d * d;
        }

        return Math.Sqrt(s);
    }

    /// <summary>(1 + x)^n by the binomial theorem, each coefficient from an integer helper.</summary>
    [Differentiable]
    public static double BinomialSeries(double x, int n)
    {
        double sum = 0;
        for (int k = 0; k <= n; k++)
        {
            sum += Binomial(n, k) * Math.Pow(x, k);
        }

        return sum;
    }

    /// <summary>exp(x) by its Taylor series, the denominators from a ulong helper converted to double.</summary>
    [Differentiable]
    public static double ExpSeries(double x)
    {
        double sum = 0;
        for (int k = 0; k < 18; k++)
        {
            sum += Math.Pow(x, k) / Factorial(k);
        }

        return sum;
    }

    /// <summary>
    /// R^2-style objective over constant targets (<c>Wrt</c> names the predictions): LINQ's Sum, Max and Sum with a
    /// lambda reading a local computed from the targets.
    /// </summary>
    [Differentiable(Wrt = [nameof(predictions)])]
    public static double ExplainedVariance(double[] targets, double[] predictions)
    {
        double mean = targets.Sum() / targets.Length;
        double total = targets.Sum(t => (t - mean) * (t - mean));
        double scale = targets.Max() - targets.Min();
        double residual = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double r = (targets[i] - predictions[i]) / scale;
            residual += r * r;
        }

        return 1 - (residual / total);
    }

    /// <summary>
    /// Opaque calls where C# evaluates them conditionally or repeatedly: in a loop condition, a ternary arm, the right
    /// operand of &amp;&amp;, an index, and one with a side effect that must run once per evaluation.
    /// </summary>
    [Differentiable]
    public static double Placements(ReadOnlySpan<double> x, int n)
    {
        double s = 0;
        int k = 0;
        while (k < Binomial(n, 2))
        {
            double c = IsEven(k) ? CountedScale(k) : 0.5;
            if (k > 0 && IsEven(Binomial(k, 1)))
            {
                c += 1;
            }

            s += c * x[Binomial(k, 1) % x.Length] * x[k % x.Length];
            k++;
        }

        return s;
    }

    /// <summary>An int computed from a differentiable value picks the weight: piecewise constant, like (int)x.</summary>
    [Differentiable]
    public static double Binned(ReadOnlySpan<double> x, ReadOnlySpan<double> weights)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int bin = BinOf(x[i], weights.Length);
            s += weights[bin] * x[i] * x[i];
        }

        return s;
    }

    /// <summary>A double result of constant data (a [Constant] span) scales a differentiable sum.</summary>
    [Differentiable]
    public static double Normalised(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> data)
    {
        double norm = Norm(data);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(x[i]) * data[i] / norm;
        }

        return s * s;
    }

    /// <summary>LINQ with a lambda over a data collection (a sequence interface), read as a constant.</summary>
    [Differentiable]
    public static double WeightedByCount(double x, [Constant] IReadOnlyList<int> counts) =>
        x * x * counts.Count(c => c > 1) + x * counts.Sum();
}
