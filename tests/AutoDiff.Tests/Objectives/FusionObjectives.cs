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

    /// <summary>
    /// A fused loop over a real-valued counter (t = 0, 1, 2), read only by the loop's condition: its increment belongs
    /// to the iteration, and must run once per iteration. f = 3 y^2.
    /// </summary>
    [Differentiable]
    public static double RealCounter(double y)
    {
        double s = 0;
        for (double t = 0; t < 3; t += 1)
        {
            s += y * y;
        }

        return s;
    }

    /// <summary>
    /// q is read by the reverse of p = q * q, before the loop, and overwritten in every iteration: the fused
    /// iterations must put it back. f = sin(x0)^2 + sum_i 3 x_i^2.
    /// </summary>
    [Differentiable]
    public static double PrefixValueOverwrittenInLoop(ReadOnlySpan<double> x)
    {
        double q = Math.Sin(x[0]);
        double p = q * q;
        double s = p;
        for (int i = 0; i < x.Length; i++)
        {
            q = x[i] * 3;
            s += q * x[i];
        }

        return s;
    }

    /// <summary>
    /// The running sum starts from a value saved before the loop (s = s * y needs the old s in reverse): the loop is
    /// still fused. f = y^3 + y^2 sum_i x_i + y sum_i x_i^2.
    /// </summary>
    [Differentiable]
    public static double SumSavedBeforeItsLoop(ReadOnlySpan<double> x, double y)
    {
        double s = y * y;
        s = s * y;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * y * (y + x[i]);
        }

        return s;
    }

    /// <summary>
    /// Two fused levels (samples, then outputs, whose loop ends each sample's iteration) around an inner loop that is
    /// not fused, with a select and a branch in the middle level: a small layer's squared error.
    /// </summary>
    [Differentiable]
    public static double NestedFusedLayers(ReadOnlySpan<double> weights, [Constant] ReadOnlySpan<double> inputs, int inputCount, int outputCount)
    {
        double loss = 0;
        int sampleCount = inputs.Length / inputCount;
        for (int s = 0; s < sampleCount; s++)
        {
            double target = 0.25 + 0.1 * s;
            for (int o = 0; o < outputCount; o++)
            {
                double z = 0;
                for (int j = 0; j < inputCount; j++)
                {
                    z += weights[o * inputCount + j] * inputs[s * inputCount + j];
                }

                double a = z > 0 ? z : 0.1 * z;
                if (a > 0.5)
                {
                    a = Math.Sqrt(a + 0.5);
                }

                double r = Math.Tanh(a) - target;
                loss += r * r;
            }
        }

        return loss;
    }

    /// <summary>
    /// As <see cref="NestedFusedLayers"/>, but each sample's error goes through a log after its loop over outputs:
    /// that loop's adjoint depends on the value it computes, so only the loop over samples is fused.
    /// </summary>
    [Differentiable]
    public static double PartlyFusedLayers(ReadOnlySpan<double> weights, [Constant] ReadOnlySpan<double> inputs, int inputCount, int outputCount)
    {
        double loss = 0;
        int sampleCount = inputs.Length / inputCount;
        for (int s = 0; s < sampleCount; s++)
        {
            double sampleLoss = 0;
            for (int o = 0; o < outputCount; o++)
            {
                double z = 0;
                for (int j = 0; j < inputCount; j++)
                {
                    z += weights[o * inputCount + j] * inputs[s * inputCount + j];
                }

                double a = z > 0 ? z : 0.1 * z;
                if (a > 0.5)
                {
                    a = Math.Sqrt(a + 0.5);
                }

                double r = Math.Tanh(a) - 0.25;
                sampleLoss += r * r;
            }

            loss += Math.Log(1 + sampleLoss);
        }

        return loss;
    }

    /// <summary>
    /// ADBench GMM's shape: a running sum over points, then loops over <paramref name="a"/> that share nothing with it
    /// (a maximum, a sum of exponentials), and a return linear in the sum that also reads what those loops computed.
    /// The later loops move in front of the sum's loop, which is then fused.
    /// f = 2 sum_i x_i exp(a_0 x_i) - n LSE(a).
    /// </summary>
    [Differentiable]
    public static double SumThenIndependentLoops(ReadOnlySpan<double> x, ReadOnlySpan<double> a)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = Math.Exp(a[0] * x[i]);
            sum += e * x[i];
        }

        double largest = a[0];
        for (int k = 1; k < a.Length; k++)
        {
            largest = Math.Max(largest, a[k]);
        }

        double total = 0;
        for (int k = 0; k < a.Length; k++)
        {
            total += Math.Exp(a[k] - largest);
        }

        return 2 * sum - x.Length * (largest + Math.Log(total));
    }

    /// <summary>A second loop that reads the first one's sum: it cannot move, and the first loop is not fused. f = (1 + y sum_i x_i) sum_i x_i^2.</summary>
    [Differentiable]
    public static double SumThenLoopThatReadsIt(ReadOnlySpan<double> x, double y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i];
        }

        double scaled = 0;
        for (int i = 0; i < x.Length; i++)
        {
            scaled += sum * x[i] * y;
        }

        return scaled + sum;
    }

    /// <summary>
    /// A second loop that may throw, and is not fusable (the log reads its sum): it stays where it is written, after the
    /// first one (an exception must come from where C# raises it). f = y sum_i x_i + ln(sum_k a_k^2).
    /// </summary>
    [Differentiable]
    public static double SumThenLoopThatThrows(ReadOnlySpan<double> x, ReadOnlySpan<double> a, double y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y;
        }

        double total = 0;
        for (int k = 0; k < a.Length; k++)
        {
            if (a[k] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(a), "a must not be negative");
            }

            total += a[k] * a[k];
        }

        return sum + Math.Log(total);
    }

    /// <summary>
    /// Not fusable (a product): Math.Exp(x[i]) is saved in the forward sweep and restored in the reverse, and
    /// Math.Exp(x[i]) + x[i] is recomputed from it. f = prod_i (e^(x_i) + x_i).
    /// </summary>
    [Differentiable]
    public static double ProductOfExponentials(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            p *= Math.Exp(x[i]) + x[i];
        }

        return p;
    }
}
