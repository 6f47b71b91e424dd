using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// In-place vector functions: <c>void</c> methods without a <c>Span&lt;double&gt;</c> output that update a
/// <c>double[]</c> parameter, each the function from the array's values at entry (and the other inputs) to its values at
/// exit, as the ported C of Enzyme's tests writes them.
/// </summary>
public static partial class InPlaceObjectives
{
    /// <summary>Enzyme's <c>g_write</c>: reads and writes one element, with a second differentiable input.</summary>
    [Differentiable]
    public static void ScaleFirst(double[] x, double product)
    {
        x[0] = x[0] * product;
    }

    /// <summary>Enzyme's <c>alldiv</c>: squares every element up to <paramref name="n"/> (a dense Jacobian, diagonal).</summary>
    [Differentiable]
    public static void SquareEach(double[] a, int n)
    {
        int i;
        for (i = 0; i <= n; i++)
        {
            a[i] *= a[i];
        }
    }

    /// <summary>
    /// A time step that reads elements it has already updated (x[i - 1]) and ones it has not (x[i + 1]), uses a local
    /// array, calls a void helper on the state, writes a second array as scratch (its final values are not returned), and
    /// returns early (after step <paramref name="stop"/>, skipping the last line) on a branch.
    /// </summary>
    [Differentiable]
    public static void Step(double[] x, double dt, double[] work, [Constant] int steps, [Constant] int stop)
    {
        var flux = new double[x.Length];
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                double right = i + 1 < x.Length ? x[i + 1] : 0;
                flux[i] = Math.Sin(right) - (x[i] * x[i]);
            }

            for (int i = 0; i < x.Length; i++)
            {
                double left = i > 0 ? x[i - 1] : work[0];
                work[i % work.Length] = left * dt;
                x[i] += (dt * flux[i]) + (work[i % work.Length] * x[i]);
            }

            Damp(x, dt);
            if (s == stop)
            {
                return;
            }
        }

        x[x.Length - 1] = Math.Exp(x[x.Length - 1]) * work[0];
    }

    /// <summary>A void helper run in place of its call: x[i] /= 1 + dt x[i]^2.</summary>
    [Differentiable]
    public static void Damp(Span<double> x, double dt)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] /= 1 + (dt * x[i] * x[i]);
        }
    }
}
