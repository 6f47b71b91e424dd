using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Methods that write a <c>ref</c> integer parameter: the generated members take it by <c>ref</c> too and leave in it
/// what the method leaves, on every way out.
/// </summary>
public static partial class RefParameterObjectives
{
    /// <summary>Enzyme's rwrloop: the squares of the first n of every ten elements, zeroed as they are read; n is set to 7.</summary>
    [Differentiable]
    public static double ZeroingSum(double[] a, ref int n)
    {
        double sum = 0;
        for (int i = 0; i < 10; i++)
        {
            for (int j = 0; j < n; j++)
            {
                sum += a[10 * i + j] * a[10 * i + j];
                a[10 * i + j] = 0;
            }
        }

        n = 7;
        return sum;
    }

    /// <summary>A counter incremented in a loop the method may leave early: each return leaves its own count.</summary>
    [Differentiable]
    public static double CountUntilLarge(ReadOnlySpan<double> x, ref long count, [Constant] double limit)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            count++;
            if (s > limit)
            {
                return Math.Sqrt(s);
            }
        }

        count *= 2;
        return s;
    }

    /// <summary>A write before a guard that throws: the caller sees it even when the method throws.</summary>
    [Differentiable]
    public static double WrittenBeforeThrow(double x, ref uint steps)
    {
        steps += 3;
        if (x > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(x));
        }

        return x * x * steps;
    }
}
