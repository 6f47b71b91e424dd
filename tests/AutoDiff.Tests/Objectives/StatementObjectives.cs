using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Objectives whose interest is their statements and the constants they read: const locals, const fields, static
/// readonly fields, static properties, Math.PI and Math.E, reassignment of a local (its old value must be used
/// before it is overwritten) and every compound assignment.
/// </summary>
public static partial class StatementObjectives
{
    private const double Gravity = 9.81;

    private static readonly double Damping = 0.25;

    /// <summary>A static property: the generator reads it as a constant.</summary>
    public static double Stiffness { get; } = 3.5;

    /// <summary>The energy of a pendulum; a const local, a const field and a static readonly field.</summary>
    [Differentiable]
    public static double PendulumEnergy(double angle, double angularVelocity)
    {
        const double length = 2.0;
        double kinetic = 0.5 * length * length * angularVelocity * angularVelocity;
        double potential = Gravity * length * (1 - Math.Cos(angle));
        return kinetic + potential + Damping * angle * angularVelocity;
    }

    /// <summary>The surface area of a closed cylinder, through Math.PI, plus a static property times the volume.</summary>
    [Differentiable]
    public static double CylinderSurfaceAndVolume(double radius, double height) =>
        2 * Math.PI * radius * radius + 2 * Math.PI * radius * height + Stiffness * Math.PI * radius * radius * height;

    /// <summary>Every compound assignment on one local.</summary>
    [Differentiable]
    public static double CompoundAssignments(double x, double y)
    {
        double s = x;
        s += y * y;
        s -= x * y;
        s *= 1 + x * x;
        s /= 2 + y * y;
        s += Math.Sin(s);
        return s;
    }

    /// <summary>A local reassigned from its own value three times.</summary>
    [Differentiable]
    public static double SelfReassignment(double x, double y)
    {
        double t = x * y;
        t = Math.Sin(t) + x;
        t = t * t - y;
        t = Math.Exp(-0.1 * t) * t;
        return t;
    }

    /// <summary>Compound assignments that read vector elements, accumulating into a sum.</summary>
    [Differentiable]
    public static double AccumulatedElements(ReadOnlySpan<double> x)
    {
        double sum = 0;
        sum += x[0] * x[1];
        sum -= x[2] / (1 + x[1] * x[1]);
        sum *= Math.E;
        sum += x[3] * x[3] * x[0];
        return sum;
    }

    /// <summary>Unary minus, division and parentheses nested to show that precedence survives the transform.</summary>
    [Differentiable]
    public static double UnaryMinusAndDivision(double x, double y)
    {
        double numerator = -(x - 2 * y) * -(y + 0.5);
        double denominator = -(-(x * x) - (1 + y * y));
        return -numerator / denominator + -x;
    }
}
