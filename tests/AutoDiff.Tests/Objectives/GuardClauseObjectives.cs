using System;
using System.Diagnostics;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Statements that change no value: guard clauses (<c>throw</c>, <c>ThrowIf...</c>), <c>Debug.Assert</c> and
/// <c>Console.WriteLine</c>, in the shapes the external corpus has them (Math.NET's distributions and test functions,
/// SharpLearning's metrics, Enzyme's integration tests).
/// </summary>
public static partial class GuardClauseObjectives
{
    /// <summary>Math.NET's logit, whose guard throws for p outside [0, 1].</summary>
    [Differentiable]
    public static double Logit(double p)
    {
        if (p < 0.0 || p > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(p), "The argument must be between 0 and 1.");
        }

        return Math.Log(p / (1.0 - p));
    }

    /// <summary>A residual picked by a switch whose default throws (Math.NET's test functions).</summary>
    [Differentiable]
    public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
    {
        switch (itemIndex)
        {
            case 0:
                return x[0] - 1e6 * x[1] * x[1];
            case 1:
                return x[1] - 2e-6;
            case 2:
                return x[0] * x[1] - 2;
            default:
                throw new ArgumentException("itemIndex must be <= 2");
        }
    }

    /// <summary>sum_{i &lt; n} x_i^2 sin x_i with argument checks before the loop and a check of each term inside it.</summary>
    [Differentiable]
    public static double CheckedSum(ReadOnlySpan<double> x, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, x.Length);
        Debug.Assert(n <= x.Length, "n is checked above");
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double square = x[i] * x[i];
            if (square > 1e6)
            {
                throw new ArgumentException($"x[{i}] = {x[i]:G3} is too large", nameof(x));
            }

            sum += square * Math.Sin(x[i]);
        }

        return sum;
    }

    /// <summary>A product with debugging lines: a format with arguments, an interpolation, a concatenation.</summary>
    [Differentiable]
    public static double Traced(ReadOnlySpan<double> x)
    {
        double product = 1;
        for (int i = 0; i < x.Length; i++)
        {
            Console.WriteLine("Val: {0}", x[i]);
            product *= Math.Exp(x[i]) + x[i];
            Console.WriteLine($"i = {i,2}, product = {product:F4}, exact = {product == 1.5}");
        }

        Console.WriteLine("total " + product + " of " + x.Length);
        return product * product;
    }

    /// <summary>
    /// The double predicates guards are written with, each adding its own bit, plus x^2 where x is finite: the value
    /// tells which predicate held, so comparing it with the method's tells whether the generated tests mean the same.
    /// </summary>
    [Differentiable]
    public static double Predicates(double x)
    {
        double flags = (double.IsNaN(x) ? 1 : 0) + (double.IsInfinity(x) ? 2 : 0) + (double.IsPositiveInfinity(x) ? 4 : 0)
            + (double.IsNegativeInfinity(x) ? 8 : 0) + (double.IsFinite(x) ? 16 : 0);
        if (!double.IsFinite(x))
        {
            return flags;
        }

        return flags + (x * x);
    }
}
