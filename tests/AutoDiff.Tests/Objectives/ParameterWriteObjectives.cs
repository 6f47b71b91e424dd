using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>Methods that assign their own by-value parameters (C# parameters are locals): the generator copies them.</summary>
public static partial class ParameterWriteObjectives
{
    /// <summary>x clipped at 0, then halved n times while summing: f = x+ (2 - 2^(1-n)) for n &gt;= 0.</summary>
    [Differentiable]
    public static double HalvingSum(double x, [Constant] int n)
    {
        x = Math.Max(x, 0);
        double s = 0;
        while (n > 0)
        {
            s += x;
            x *= 0.5;
            n--;
        }

        return s;
    }

    /// <summary>Two scalars overwritten in terms of each other, and a span input read through the rewritten index.</summary>
    [Differentiable]
    public static double Swap(double a, double b, ReadOnlySpan<double> w, int k)
    {
        double t = a;
        a = b * w[k];
        b = t * t;
        k += 1;
        return (a * b) + w[k];
    }

    /// <summary>A [Constant] parameter rescaled before use.</summary>
    [Differentiable]
    public static double Scaled(double x, [Constant] double scale)
    {
        scale = scale * 2;
        x /= scale;
        return Math.Sin(x) * scale;
    }
}
