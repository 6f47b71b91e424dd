using System;
using AutoDiff;

namespace Samples.IllConditionedQuadratic;

/// <summary>The lecture's ill-conditioned valley f(x, y) = x^2/2 + rho y^2/2 (condition number rho).</summary>
public static partial class Valley
{
    /// <summary>rho: the curvature across the valley, relative to along it.</summary>
    public const double Rho = 20;

    /// <summary>f(p) = p_0^2/2 + rho p_1^2/2.</summary>
    /// <param name="p">The point (x, y).</param>
    /// <returns>f.</returns>
    [Differentiable]
    public static double F(ReadOnlySpan<double> p) => 0.5 * p[0] * p[0] + 0.5 * Rho * p[1] * p[1];
}
