using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Vector-valued functions F: R^n -&gt; R^m, written as <c>void</c> methods that fill a <c>Span&lt;double&gt;</c> output,
/// covering what the scalar side supports: loops, branches, early returns, local arrays, calls of scalar
/// <c>[Differentiable]</c> methods and of methods with a <c>[CustomDerivative]</c>, constants, scalar and array inputs.
/// </summary>
public static partial class VectorOutputObjectives
{
    /// <summary>Residuals of y ~ a exp(b t) + c: m = t.Length rows, n = 3 columns (m &gt; n: the Jacobian by columns).</summary>
    [Differentiable]
    public static void ExpDecayResiduals(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> t, [Constant] ReadOnlySpan<double> y, Span<double> r)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = (p[0] * Math.Exp(p[1] * t[i])) + p[2] - y[i];
        }
    }

    /// <summary>
    /// Two outputs of n inputs (m &lt; n: the Jacobian by rows): the norm, and a branch with an early return that
    /// reads an output it wrote.
    /// </summary>
    [Differentiable]
    public static void NormAndBranch(ReadOnlySpan<double> x, Span<double> f)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
        }

        f[0] = Math.Sqrt(s);
        if (x[0] > 0)
        {
            f[1] = (x[0] * x[1]) - (f[0] * x[2]);
            return;
        }

        f[1] = Math.Sin(x[3]) * f[0];
    }

    /// <summary>
    /// A chain through a local array, outputs that are overwritten and accumulated, a call of a scalar
    /// [Differentiable] method and of a [CustomDerivative] one, and an output written with a constant.
    /// </summary>
    [Differentiable]
    public static void Chain(double[] x, Span<double> r)
    {
        Span<double> e = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            e[i] = Math.Exp(x[i] * 0.5);
        }

        r[0] = 0;
        for (int i = 0; i < x.Length; i++)
        {
            r[0] += e[i];
            r[i + 1] = Squash(e[i] - x[(i + 1) % x.Length]);
            r[i + 1] *= CustomSecondOrderObjectives.Softplus(x[i]);
        }

        r[x.Length + 1] = 2.5;
    }

    /// <summary>The output, partly written, passed to a scalar [Differentiable] helper that reads it.</summary>
    [Differentiable]
    public static void OutputThroughACall(ReadOnlySpan<double> x, Span<double> r)
    {
        r[0] = Math.Sin(x[0]) * x[1];
        r[1] = x[2] * x[2];
        r[2] = 0; // the output is not cleared for the method: every element read must have been written
        r[2] = SquaredNorm(r) + x[0];
    }

    /// <summary>The squared norm of a vector (a scalar helper taking a span).</summary>
    [Differentiable]
    public static double SquaredNorm(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s;
    }

    /// <summary>A scalar helper the vector method calls.</summary>
    [Differentiable]
    public static double Squash(double z) => z / (1 + Math.Abs(z));

    /// <summary>
    /// Several differentiable parameters (a scalar and a span) and data: J v and u^T J take one direction and give one
    /// adjoint per differentiable parameter; no dense Jacobian is generated.
    /// </summary>
    [Differentiable]
    public static void Mixed(double scale, ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> data, [Constant] int count, Span<double> r)
    {
        for (int k = 0; k < count; k++)
        {
            double z = 0;
            for (int j = 0; j < w.Length; j++)
            {
                z += w[j] * data[(k * w.Length) + j];
            }

            r[k] = scale * Math.Tanh(z);
        }
    }

    /// <summary>Powell's singular function in residual form (More, Garbow and Hillstrom 1981, problem 13): 4 equations in 4 unknowns.</summary>
    [Differentiable]
    public static void PowellSingular(ReadOnlySpan<double> x, Span<double> r)
    {
        r[0] = x[0] + (10 * x[1]);
        r[1] = Math.Sqrt(5) * (x[2] - x[3]);
        r[2] = (x[1] - (2 * x[2])) * (x[1] - (2 * x[2]));
        r[3] = Math.Sqrt(10) * (x[0] - x[3]) * (x[0] - x[3]);
    }
}
