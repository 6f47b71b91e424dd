using System;

namespace AutoDiff.Benchmarks.Objectives;

/// <summary>
/// A curve-fit residual vector r_i = a exp(b t_i) + c - y_i (m points, n = 3: the generated Jacobian goes by columns,
/// forward mode), with its hand-written Jacobian and the scalar-model route (one generated gradient per row) that was
/// the only way before vector outputs.
/// </summary>
public static partial class JacobianObjectives
{
    [Differentiable]
    public static void Residuals(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> t, [Constant] ReadOnlySpan<double> y, Span<double> r)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = (p[0] * Math.Exp(p[1] * t[i])) + p[2] - y[i];
        }
    }

    /// <summary>The model at one point, whose generated gradient is one row of the Jacobian.</summary>
    [Differentiable(Derivatives.Gradient)]
    public static double Model(ReadOnlySpan<double> p, [Constant] double t) => (p[0] * Math.Exp(p[1] * t)) + p[2];

    public static void HandWrittenJacobian(ReadOnlySpan<double> p, ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> r, Span<double> jacobian)
    {
        for (int i = 0; i < t.Length; i++)
        {
            double e = Math.Exp(p[1] * t[i]);
            r[i] = (p[0] * e) + p[2] - y[i];
            jacobian[3 * i] = e;
            jacobian[(3 * i) + 1] = p[0] * t[i] * e;
            jacobian[(3 * i) + 2] = 1;
        }
    }

    public static void RowByRowJacobian(ReadOnlySpan<double> p, ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> r, Span<double> jacobian)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = ModelGradient(p, t[i], jacobian.Slice(3 * i, 3)) - y[i];
        }
    }

    /// <summary>A wide map (m = 4 outputs of n inputs: the generated Jacobian goes by rows, reverse mode): moments of x.</summary>
    [Differentiable]
    public static void Moments(ReadOnlySpan<double> x, Span<double> m)
    {
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            s1 += v;
            s2 += v * v;
            s3 += v * v * v;
            s4 += Math.Sin(v);
        }

        m[0] = s1;
        m[1] = s2;
        m[2] = s3;
        m[3] = s4;
    }

    public static void HandWrittenMomentsJacobian(ReadOnlySpan<double> x, Span<double> m, Span<double> jacobian)
    {
        int n = x.Length;
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (int i = 0; i < n; i++)
        {
            double v = x[i];
            s1 += v;
            s2 += v * v;
            s3 += v * v * v;
            s4 += Math.Sin(v);
            jacobian[i] = 1;
            jacobian[n + i] = 2 * v;
            jacobian[(2 * n) + i] = 3 * v * v;
            jacobian[(3 * n) + i] = Math.Cos(v);
        }

        m[0] = s1;
        m[1] = s2;
        m[2] = s3;
        m[3] = s4;
    }
}
