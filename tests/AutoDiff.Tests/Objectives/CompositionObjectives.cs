using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Classic optimisation test functions and deeper compositions: long chains of the chain rule, shared
/// subexpressions (a local used several times) and vector parameters read by constant indices.
/// </summary>
public static partial class CompositionObjectives
{
    /// <summary>The 2-D Rosenbrock function; minimum 0 at (1, 1).</summary>
    [Differentiable]
    public static double Rosenbrock2(ReadOnlySpan<double> x)
    {
        double a = 1 - x[0], b = x[1] - x[0] * x[0];
        return a * a + 100 * b * b;
    }

    /// <summary>The extended Rosenbrock function for n = 4, unrolled by hand (ControlFlowObjectives.ExtendedRosenbrock is the loop).</summary>
    [Differentiable]
    public static double ExtendedRosenbrock4(ReadOnlySpan<double> x)
    {
        double sum = 0;
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        sum += a * a + 100 * b * b;
        a = 1 - x[1];
        b = x[2] - x[1] * x[1];
        sum += a * a + 100 * b * b;
        a = 1 - x[2];
        b = x[3] - x[2] * x[2];
        sum += a * a + 100 * b * b;
        return sum;
    }

    /// <summary>Himmelblau's function: four minima of value 0.</summary>
    [Differentiable]
    public static double Himmelblau(double x, double y)
    {
        double first = x * x + y - 11;
        double second = x + y * y - 7;
        return first * first + second * second;
    }

    /// <summary>Beale's function; minimum 0 at (3, 0.5).</summary>
    [Differentiable]
    public static double Beale(double x, double y)
    {
        double t1 = 1.5 - x + x * y;
        double t2 = 2.25 - x + x * y * y;
        double t3 = 2.625 - x + x * y * y * y;
        return t1 * t1 + t2 * t2 + t3 * t3;
    }

    /// <summary>Booth's function; minimum 0 at (1, 3).</summary>
    [Differentiable]
    public static double Booth(double x, double y) => (x + 2 * y - 7) * (x + 2 * y - 7) + (2 * x + y - 5) * (2 * x + y - 5);

    /// <summary>The normal density, differentiated with respect to the point, the mean and the standard deviation.</summary>
    [Differentiable]
    public static double NormalDensity(double x, double mean, double sigma)
    {
        double z = (x - mean) / sigma;
        return Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
    }

    /// <summary>log(e^a + e^b + e^c), computed stably by factoring out the largest term.</summary>
    [Differentiable]
    public static double LogSumExp3(double a, double b, double c)
    {
        double largest = Math.Max(Math.Max(a, b), c);
        return largest + Math.Log(Math.Exp(a - largest) + Math.Exp(b - largest) + Math.Exp(c - largest));
    }

    /// <summary>The Euclidean norm of a 3-vector (the sampler keeps it away from the origin).</summary>
    [Differentiable]
    public static double EuclideanNorm3(ReadOnlySpan<double> x) => Math.Sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);

    /// <summary>Ackley's function in two dimensions (away from its non-smooth minimum at the origin).</summary>
    [Differentiable]
    public static double Ackley2(double x, double y)
    {
        double radius = Math.Sqrt(0.5 * (x * x + y * y));
        double waves = 0.5 * (Math.Cos(2 * Math.PI * x) + Math.Cos(2 * Math.PI * y));
        return -20 * Math.Exp(-0.2 * radius) - Math.Exp(waves) + Math.E + 20;
    }

    /// <summary>The Rastrigin function in two dimensions.</summary>
    [Differentiable]
    public static double Rastrigin2(double x, double y) =>
        20 + x * x - 10 * Math.Cos(2 * Math.PI * x) + y * y - 10 * Math.Cos(2 * Math.PI * y);

    /// <summary>Functions nested four deep.</summary>
    [Differentiable]
    public static double NestedHyperbolicTrig(double x, double y) =>
        Math.Tanh(Math.Sinh(x) + Math.Atan(x * y)) * Math.Cos(Math.Sqrt(1 + y * y));

    /// <summary>A local used in several places, so its adjoint collects contributions from each use.</summary>
    [Differentiable]
    public static double SharedSubexpression(double x, double y)
    {
        double u = Math.Sin(x) * Math.Exp(0.3 * y);
        return u * u + u / (2 + Math.Cos(u)) - Math.Log(1 + u * u) * y;
    }

    /// <summary>Softplus of a tanh-activated unit, the kind of expression a small neural network produces.</summary>
    [Differentiable]
    public static double SoftplusOfTanhUnit(double weight, double bias, double input)
    {
        double activation = Math.Tanh(weight * input + bias);
        return Math.Log(1 + Math.Exp(3 * activation - 1));
    }

    /// <summary>The Gamma-free Student-t log-kernel, a ratio and a power of a sum.</summary>
    [Differentiable]
    public static double StudentTLogKernel(double x, double location, double scale) =>
        -Math.Log(scale) - 2.5 * Math.Log(1 + (x - location) * (x - location) / (4 * scale * scale));
}
