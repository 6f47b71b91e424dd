using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>An enum read as data by <see cref="ConstructObjectives.Activate"/>.</summary>
public enum Activation
{
    Identity,
    Tanh,
    Softplus,
    Square,
}

/// <summary>
/// Assignments and ++/-- used as values, switch statements and expressions (on ints, enums, bools, relational
/// patterns), and tuple deconstruction: the parser lowers them to statements, in C#'s evaluation order.
/// </summary>
public static partial class ConstructObjectives
{
    /// <summary>A dense layer read from a flat weight vector with a moving cursor: <c>w[p++]</c> and <c>z += w[p++] * input[i]</c>.</summary>
    [Differentiable]
    public static double Layer(ReadOnlySpan<double> w, ReadOnlySpan<double> input)
    {
        int p = 0;
        double total = 0;
        for (int j = 0; j < 2; j++)
        {
            double z = w[p++];
            for (int i = 0; i < input.Length; i++)
            {
                z += w[p++] * input[i];
            }

            total += Math.Tanh(z) * w[p++];
        }

        return total;
    }

    /// <summary>
    /// Side effects in a loop condition (every evaluation), a chained assignment, an assignment inside a condition,
    /// an operand that must see the value from before a later increment, and increments in a short-circuit operand
    /// and a conditional arm (only when they run).
    /// </summary>
    [Differentiable]
    public static double Effects(ReadOnlySpan<double> x, [Constant] int n)
    {
        double s = 0;
        int k = 0;
        while (n-- > 0)
        {
            s += x[k] * x[k + 1];
            k++;
        }

        double a, b;
        a = b = x[0];
        double r;
        if ((r = Math.Sin(x[1])) > 0)
        {
            s += r * a;
        }
        else
        {
            s -= r * b;
        }

        int p = 0;
        s += x[p] * x[++p];
        s += p > 0 && x[p++] > -10 ? x[p] : 0;
        s += x[0] < 0 ? x[p--] * 2 : x[--p] * 3;
        int m = 2;
        do
        {
            s += x[m] * a;
            a *= 0.5;
        }
        while (--m > 0);

        return s + (k * x[m]);
    }

    /// <summary>A switch statement on an enum parameter inside a loop, with a multi-statement section and a default.</summary>
    [Differentiable]
    public static double Activate(ReadOnlySpan<double> x, Activation activation)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            switch (activation)
            {
                case Activation.Identity:
                    s += v;
                    break;
                case Activation.Tanh:
                    s += Math.Tanh(v);
                    break;
                case Activation.Softplus:
                    if (v > 20)
                    {
                        s += v;
                    }
                    else
                    {
                        s += Math.Log(1 + Math.Exp(v));
                    }

                    break;
                default:
                    s += v * v;
                    break;
            }
        }

        return s;
    }

    /// <summary>
    /// Switch expressions with relational and 'and' patterns on doubles and constants on ints; a switch statement with
    /// 'or', a 'var' pattern with a guard that reads a double, 'return' inside sections; an enum local compared.
    /// </summary>
    [Differentiable]
    public static double Piecewise(ReadOnlySpan<double> x, int mode)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = x[i] switch
            {
                < -1 => (-2 * x[i]) - 1,
                >= -1 and < 1 => x[i] * x[i],
                _ => (2 * x[i]) - 1,
            };
            s += t * ((i % 3) switch { 0 => 1.0, 1 => 0.5, _ => 2.0 });
        }

        Activation kind = mode > 5 ? Activation.Tanh : Activation.Square;
        if (kind == Activation.Tanh)
        {
            s = Math.Tanh(s);
        }

        bool positive = x[0] > 0;
        switch (positive)
        {
            case true:
                s += x[0];
                break;
            case false:
                s -= x[0] * x[0];
                break;
        }

        switch (mode)
        {
            case 0:
                return s;
            case 1 or 2:
                return s * s;
            case var m when m > 10 && x[1] > 0:
                return s + (m * x[1]);
            default:
                break;
        }

        return -s;
    }

    /// <summary>Tuples: deconstruction into new locals (both spellings), swaps, and element swaps in a local array.</summary>
    [Differentiable]
    public static double Rotations(ReadOnlySpan<double> x)
    {
        var (u, v) = (x[0], x[1]);
        (double a, double b) = (u * v, u - v);
        for (int i = 0; i < 3; i++)
        {
            (a, b) = (b, a);
            (u, v) = ((v * 0.5) + a, u * b);
        }

        double[] t = new double[2];
        (t[0], t[1]) = (a, b);
        (t[0], t[1]) = (t[1], t[0]);
        int j = 0;
        (j, t[j]) = (1, t[j] * 2);
        return (u * t[0]) + (v * Math.Sin(t[1]));
    }

    /// <summary>Swapping two by-value parameters.</summary>
    [Differentiable]
    public static double SwapParameters(double a, double b)
    {
        (a, b) = (b, a * b);
        return (a * a) + Math.Sin(b);
    }

    /// <summary>
    /// Evaluation order at its most tangled: operands read before a later increment keep their values, a compound
    /// assignment reads its target (element and index) before its right operand runs, and an assignment inside an
    /// operand is seen only by the operands after it.
    /// </summary>
    [Differentiable]
    public static double Order(ReadOnlySpan<double> x)
    {
        int p = 0;
        double s = x[p] + x[p++] + (x[p] * x[p++]);
        double[] t = new double[3];
        t[0] = x[0];
        t[1] = x[1];
        t[2] = x[2];
        p = 0;
        t[p] += t[p++] * x[2];
        t[p] *= 1 + t[++p];
        s += (s = x[1] * x[0]) * 2;
        double u = x[2];
        s += u * (u = x[0] * x[0]) * u;
        s += Math.Atan2(x[p--], x[p]) + Math.Pow(1.5 + x[p], x[++p] * 0.5);
        return s + t[0] + (2 * t[1]) + (3 * t[2]);
    }

    /// <summary>An enum parameter and an enum member passed on to a differentiable callee that takes the enum.</summary>
    [Differentiable]
    public static double ActivateTwice(ReadOnlySpan<double> x, Activation activation) =>
        Activate(x, activation) + (0.5 * Activate(x, Activation.Tanh));

    /// <summary>
    /// An enum parameter and enum members passed to methods that are not differentiable (constants of the objective):
    /// the calls pass the enum itself, as to a differentiable callee, and their results scale and count.
    /// </summary>
    [Differentiable]
    public static double ScaledByActivation(ReadOnlySpan<double> x, Activation activation)
    {
        double scale = ActivationScale(activation);
        double square = ActivationScale(Activation.Square);
        int repeats = ActivationRepeats(activation, 2);
        double s = 0;
        for (int r = 0; r < repeats; r++)
        {
            s += scale * x[0] * x[1];
        }

        return s + (square * x[2] * x[2]) + ActivationScale(Activation.Identity);
    }

    /// <summary>Not differentiable: a constant per activation.</summary>
    public static double ActivationScale(Activation activation) => 1.5 + (int)activation;

    /// <summary>Not differentiable: an integer that depends on the activation and a count.</summary>
    public static int ActivationRepeats(Activation activation, int count) => activation == Activation.Tanh ? count + 1 : count;
}
