using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Objectives counting with <c>long</c>, <c>uint</c> and <c>ulong</c>: the generated code must keep C#'s integer
/// arithmetic (64-bit products, unsigned wrap-around, widened comparisons) and save 64-bit values exactly.
/// </summary>
public static partial class IntegerTypeObjectives
{
    /// <summary>Enzyme's insertsort_sum_min without its printing: long size, long counters, long indices, an int counter against a long bound.</summary>
    [Differentiable]
    public static double LongInsertionSortHalfSum(double[] array, long n)
    {
        double sum = 0;
        for (long i = 1; i < n; i++)
        {
            long j = i;
            while (j > 0 && array[j - 1] < array[j])
            {
                double tmp = array[j];
                array[j] = array[j - 1];
                array[j - 1] = tmp;
                j -= 1;
            }
        }

        for (int i = 0; i < n / 2; i++)
        {
            sum += array[i] * array[i];
        }

        return sum;
    }

    /// <summary>mycos.c's series with its factorial computed in the loop: ulong counters, products, remainders and conversions.</summary>
    [Differentiable]
    public static double UnsignedLongSine(double x)
    {
        double result = 0;
        ulong n = 12;
        ulong factorial = 1;
        for (ulong i = 1; i <= n; i++)
        {
            factorial *= i;
            if (i % 2 == 0)
            {
                continue;
            }

            result += Math.Pow(x, i) / factorial * (i % 4 == 1 ? 1 : -1);
        }

        return result;
    }

    /// <summary>taylorlog.c's shape: an int counter compared with a uint parameter (both widened to long), a uint counter too.</summary>
    [Differentiable]
    public static double UnsignedTaylorSums(double x, uint terms)
    {
        double sum = 0;
        for (int i = 1; i <= terms; i++)
        {
            sum += Math.Pow(x, i) / i;
        }

        for (uint k = terms; k > 0; k--)
        {
            sum += x / (k + 1);
        }

        return sum;
    }

    /// <summary>
    /// Unsigned wrap-around and 64-bit values above 2^32 that the reverse sweep reads: <c>w</c> wraps to 2^64 - 1 and
    /// <c>big</c> passes 2^40, and both are overwritten every iteration, so they are saved on the tape and read back.
    /// </summary>
    [Differentiable]
    public static double WrappingCounters(double x, [Constant] int rounds)
    {
        ulong w = 0;
        w -= 1;
        long big = 1L << 40;
        uint u = 3;
        double sum = 0;
        for (int r = 0; r < rounds; r++)
        {
            big += 3_000_000_007L;
            w -= (ulong)r + 5;
            u -= 2;
            sum += x * (big % 1000) + Math.Sin(x * (w % 7)) + x * x * (u % 13);
        }

        return sum;
    }
}
