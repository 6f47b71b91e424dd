using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Loops at the end of a method, where the generator may run each iteration's reverse right after it, and the shapes
/// that must keep it from doing so (values that cross iterations, saved values, results stored in array elements).
/// </summary>
public static partial class FusionObjectives
{
    /// <summary>A running sum returned as is: the loop is fused.</summary>
    [Differentiable]
    public static double SumOfSquares(ReadOnlySpan<double> x, double y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - y;
            s += d * d;
        }

        return s;
    }

    /// <summary>s is overwritten in every iteration: only the last iteration reaches the result (df/dy = 1).</summary>
    [Differentiable]
    public static double OverwrittenThenSummed(double y)
    {
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s = y;
            if (i == 0)
            {
                for (int j = 0; j < 2; j++)
                {
                    s += y * y;
                }
            }
        }

        return s;
    }

    /// <summary>A constant scaled in the loop and returned: f = 4.5 + 0.5 (the value must survive the loop).</summary>
    [Differentiable]
    public static double ScaledConstant(double y)
    {
        double s = 2.0;
        double t = s * y;
        for (int i = 0; i < 2; i++)
        {
            t = 0.5;
            s *= 1.5;
        }

        return s + t;
    }

    [Differentiable]
    public static double Square(double b) => b * b;

    /// <summary>A call's result stored in an array element: f = y^4.</summary>
    [Differentiable]
    public static double CallIntoElement(double y)
    {
        double[] a = new double[1];
        a[0] = Square(y);
        return a[0] * a[0];
    }
}
