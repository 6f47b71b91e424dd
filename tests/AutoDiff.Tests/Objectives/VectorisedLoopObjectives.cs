using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Loops the generator replaces by vector kernels in the generated code: forward running dot products with offset
/// indices, reverse loops that add a multiple of one array into an adjoint (two of them into the same adjoint, one
/// into a local array's adjoint), of lengths that are not multiples of the vector width, and empty ones.
/// </summary>
public static partial class VectorisedLoopObjectives
{
    /// <summary>sum_i x_{i+1} d_i + (sum_{j >= 2} x_{j-2} x_j)^2 / 4: offsets on both sides, x read twice.</summary>
    [Differentiable]
    public static double ShiftedDots(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> data)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            s += x[i + 1] * data[i];
        }

        double q = 0;
        for (int j = 2; j < x.Length; j++)
        {
            q += x[j - 2] * x[j];
        }

        return s + q * q / 4;
    }

    /// <summary>A tanh layer of <paramref name="units"/> units over x, through a stackalloc'd hidden vector, squared and summed.</summary>
    [Differentiable]
    public static double TanhLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int units)
    {
        int n = x.Length;
        Span<double> hidden = stackalloc double[units];
        for (int k = 0; k < units; k++)
        {
            double z = 0.1 * k;
            for (int i = 0; i < n; i++)
            {
                z += w[k * n + i] * x[i];
            }

            hidden[k] = Math.Tanh(z);
        }

        double loss = 0;
        for (int k = 0; k < units; k++)
        {
            double v = 0;
            for (int m = 0; m < units; m++)
            {
                v += hidden[m] * hidden[k];
            }

            loss += v * v + hidden[k];
        }

        return loss;
    }

    /// <summary>
    /// sum_{i=2}^{n-2} x_{i-1} x_{i+1} + sin(x_i): a loop that adds into the gradient at offsets -1, 0 and +1 and
    /// reaches neither the first element nor (for n &lt; 4) anything, the shape written in gather form.
    /// </summary>
    [Differentiable]
    public static double ShiftedWindow(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 2; i < x.Length - 1; i++)
        {
            s += x[i - 1] * x[i + 1] + Math.Sin(x[i]);
        }

        return s;
    }

    /// <summary>Extended Rosenbrock with a term that skips an element (x_{i+2}), and a branch that adds only sometimes.</summary>
    [Differentiable]
    public static double SkippingRosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            double a = 1 - x[i], b = x[i + 2] - x[i] * x[i];
            sum += a * a + 10 * b * b;
            if (x[i] > 0)
            {
                sum += 0.5 * x[i + 2];
            }
        }

        return sum;
    }
}
