using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>Numerical derivatives, the reference the generated gradients are checked against.</summary>
public static class FiniteDifferences
{
    /// <summary>The gap between 1 and the next double (not <see cref="double.Epsilon"/>, the smallest subnormal).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The central difference (f(x + h e_i) - f(x - h e_i)) / 2h with h = cbrt(eps) max(1, |x_i|): the step that
    /// balances its truncation error O(h^2) against its rounding error O(eps / h), about 1e-10 relative.
    /// </summary>
    public static double CentralDifference(Func<double[], double> function, double[] point, int coordinate) =>
        CentralDifference(function, point, coordinate, Math.Cbrt(MachineEpsilon) * Math.Max(1, Math.Abs(point[coordinate])));

    /// <summary>
    /// Richardson extrapolation of two central differences, (4 D(h/2) - D(h)) / 3, which cancels the h^2 term:
    /// the error is O(h^4) + O(eps / h), so h = eps^(1/5) max(1, |x_i|) gives about 1e-12 relative.
    /// </summary>
    public static double Richardson(Func<double[], double> function, double[] point, int coordinate)
    {
        double step = Math.Pow(MachineEpsilon, 0.2) * Math.Max(1, Math.Abs(point[coordinate]));
        double coarse = CentralDifference(function, point, coordinate, step);
        double fine = CentralDifference(function, point, coordinate, step / 2);
        return (4 * fine - coarse) / 3;
    }

    /// <summary>The gradient by <see cref="Richardson"/>, one coordinate at a time.</summary>
    public static double[] Gradient(Func<double[], double> function, double[] point)
    {
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            gradient[i] = Richardson(function, point, i);
        }

        return gradient;
    }

    private static double CentralDifference(Func<double[], double> function, double[] point, int coordinate, double step)
    {
        double[] shifted = (double[])point.Clone();
        double center = point[coordinate];

        // Use the step the doubles actually take, so the division is by the true distance between the two points.
        double forward = center + step;
        double backward = center - step;

        shifted[coordinate] = forward;
        double forwardValue = function(shifted);
        shifted[coordinate] = backward;
        double backwardValue = function(shifted);
        return (forwardValue - backwardValue) / (forward - backward);
    }
}

/// <summary>Gradient comparisons that report every mismatching coordinate with enough context to reproduce it.</summary>
public static class GradientAssert
{
    /// <summary>The issue's bar for agreement with finite differences.</summary>
    public const double FiniteDifferenceTolerance = 1e-6;

    /// <summary>The bar for agreement with a hand-derived gradient: both are exact up to a few roundings.</summary>
    public const double ClosedFormTolerance = 1e-12;

    /// <summary>
    /// Passes when |actual_i - expected_i| &lt;= tolerance max(1, |actual_i|, |expected_i|) for every i: relative for
    /// large components, absolute for small ones (a relative test on a component near 0 would demand the impossible).
    /// </summary>
    public static void Close(
        string objective, double[] point, double[] expected, double[] actual, double tolerance, string expectedSource)
    {
        Assert.Equal(expected.Length, actual.Length);
        var failures = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            double scale = Math.Max(1, Math.Max(Math.Abs(actual[i]), Math.Abs(expected[i])));
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance * scale))
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  coordinate {i}: generated {actual[i]:R}, {expectedSource} {expected[i]:R}, scaled error {error / scale:E2} > {tolerance:E0}"));
            }
        }

        if (failures.Count > 0)
        {
            Assert.Fail($"{objective} at {Format(point)}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        }
    }

    /// <summary>A point as round-trip doubles, so a failing point can be pasted back into a test.</summary>
    public static string Format(IEnumerable<double> point) =>
        "[" + string.Join(", ", point.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
