using System;

namespace AutoDiff.Optimization.Tests.Problems.Generated;

/// <summary>
/// Harder More-Garbow-Hillstrom problems (More, Garbow and Hillstrom, "Testing Unconstrained Optimization Software",
/// ACM TOMS 7(1), 1981), beyond mgh-public.md: badly scaled exponential fits (Meyer, Osborne 1, Biggs EXP6, Box 3D,
/// Gulf), rational fits (Bard, Kowalik-Osborne), penalties, and problems whose minimum f* is large (Jennrich-Sampson
/// 124.362, Brown-Dennis 85822.2, Meyer 87.9458), where an absolute gradient test sits below round-off. Numbers after
/// "MGH" are the paper's; indices are 0-based here (t = i + 1 where the paper's i starts at 1). Only generated
/// derivatives: there is no hand-written twin, the tests check these against finite differences.
/// </summary>
public static partial class HarderMghObjectives
{
    private static readonly double[] BardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39];

    private static readonly double[] MeyerY =
        [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];

    private static readonly double[] KowalikOsborneY = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];

    private static readonly double[] KowalikOsborneU = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];

    private static readonly double[] Osborne1Y =
    [
        0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.580,
        0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406,
    ];

    /// <summary>MGH 6, Jennrich-Sampson, m = 10: r_i = 2 + 2i - (e^(i x1) + e^(i x2)). f* = 124.362.</summary>
    [Differentiable]
    public static double JennrichSampson(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 10; i++)
        {
            double r = 2 + 2 * i - (Math.Exp(i * x[0]) + Math.Exp(i * x[1]));
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 8, Bard: r_i = y_i - (x1 + u_i / (v_i x2 + w_i x3)), u = i, v = 16 - i, w = min(u, v). f* = 8.21487e-3.</summary>
    [Differentiable]
    public static double Bard(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 15; i++)
        {
            double u = i, v = 16 - i, w = Math.Min(u, v);
            double r = BardY[i - 1] - (x[0] + u / (v * x[1] + w * x[2]));
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 10, Meyer: r_i = x1 e^(x2 / (t_i + x3)) - y_i, t_i = 45 + 5i. f* = 87.9458; badly scaled (x* near (0.0056, 6181, 345)).</summary>
    [Differentiable]
    public static double Meyer(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 16; i++)
        {
            double t = 45 + 5 * i;
            double r = x[0] * Math.Exp(x[1] / (t + x[2])) - MeyerY[i - 1];
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 11, Gulf research and development, m = 99: r_i = e^(-|y_i - x2|^x3 / x1) - t_i, t_i = i/100, y_i = 25 + (-50 ln t_i)^(2/3). f* = 0.</summary>
    [Differentiable]
    public static double Gulf(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 99; i++)
        {
            double t = i / 100.0;
            double y = 25 + Math.Pow(-50 * Math.Log(t), 2.0 / 3.0);
            double r = Math.Exp(-Math.Pow(Math.Abs(y - x[1]), x[2]) / x[0]) - t;
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 12, Box three-dimensional, m = 10: r_i = e^(-t x1) - e^(-t x2) - x3 (e^(-t) - e^(-10 t)), t = i/10. f* = 0.</summary>
    [Differentiable]
    public static double Box3D(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 10; i++)
        {
            double t = 0.1 * i;
            double r = Math.Exp(-t * x[0]) - Math.Exp(-t * x[1]) - x[2] * (Math.Exp(-t) - Math.Exp(-10 * t));
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 15, Kowalik and Osborne: r_i = y_i - x1 (u_i^2 + u_i x2) / (u_i^2 + u_i x3 + x4). f* = 3.07505e-4.</summary>
    [Differentiable]
    public static double KowalikOsborne(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 11; i++)
        {
            double u = KowalikOsborneU[i];
            double r = KowalikOsborneY[i] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3]);
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 16, Brown and Dennis, m = 20: r_i = (x1 + t x2 - e^t)^2 + (x3 + x4 sin t - cos t)^2, t = i/5. f* = 85822.2.</summary>
    [Differentiable]
    public static double BrownDennis(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 20; i++)
        {
            double t = i / 5.0;
            double a = x[0] + t * x[1] - Math.Exp(t);
            double b = x[2] + x[3] * Math.Sin(t) - Math.Cos(t);
            double r = a * a + b * b;
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 17, Osborne 1: r_i = y_i - (x1 + x2 e^(-t x4) + x3 e^(-t x5)), t = 10 (i - 1). f* = 5.46489e-5.</summary>
    [Differentiable]
    public static double Osborne1(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 33; i++)
        {
            double t = 10 * i;
            double r = Osborne1Y[i] - (x[0] + x[1] * Math.Exp(-t * x[3]) + x[2] * Math.Exp(-t * x[4]));
            sum += r * r;
        }

        return sum;
    }

    /// <summary>
    /// MGH 18, Biggs EXP6, m = 13: r_i = x3 e^(-t x1) - x4 e^(-t x2) + x6 e^(-t x5) - y_i, t = i/10,
    /// y_i = e^(-t) - 5 e^(-10 t) + 3 e^(-4 t). f* = 0 at (1, 10, 1, 5, 4, 3), and a local minimum 5.65565e-3.
    /// </summary>
    [Differentiable]
    public static double BiggsExp6(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 13; i++)
        {
            double t = 0.1 * i;
            double y = Math.Exp(-t) - 5 * Math.Exp(-10 * t) + 3 * Math.Exp(-4 * t);
            double r = x[2] * Math.Exp(-t * x[0]) - x[3] * Math.Exp(-t * x[1]) + x[5] * Math.Exp(-t * x[4]) - y;
            sum += r * r;
        }

        return sum;
    }

    /// <summary>MGH 23, Penalty I: r_i = sqrt(1e-5) (x_i - 1), i = 1..n, r_{n+1} = sum x_j^2 - 1/4. f* = 2.24997e-5 (n = 4).</summary>
    [Differentiable]
    public static double PenaltyI(ReadOnlySpan<double> x)
    {
        double sum = 0, squares = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double r = x[j] - 1;
            sum += 1e-5 * r * r;
            squares += x[j] * x[j];
        }

        double last = squares - 0.25;
        return sum + last * last;
    }

    /// <summary>
    /// MGH 24, Penalty II: r_1 = x1 - 0.2; r_i = sqrt(a) (e^(x_i/10) + e^(x_{i-1}/10) - y_i), y_i = e^(i/10) + e^((i-1)/10),
    /// i = 2..n; r_i = sqrt(a) (e^(x_{i-n+1}/10) - e^(-1/10)), i = n+1..2n-1; r_2n = sum (n - j + 1) x_j^2 - 1; a = 1e-5.
    /// f* = 9.37629e-6 (n = 4).
    /// </summary>
    [Differentiable]
    public static double PenaltyII(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double first = x[0] - 0.2;
        double sum = first * first;
        for (int i = 1; i < n; i++)
        {
            double y = Math.Exp((i + 1) / 10.0) + Math.Exp(i / 10.0);
            double r = Math.Exp(x[i] / 10) + Math.Exp(x[i - 1] / 10) - y;
            double s = Math.Exp(x[i] / 10) - Math.Exp(-0.1);
            sum += 1e-5 * (r * r + s * s);
        }

        double weighted = 0;
        for (int j = 0; j < n; j++)
        {
            weighted += (n - j) * x[j] * x[j];
        }

        double last = weighted - 1;
        return sum + last * last;
    }
}
