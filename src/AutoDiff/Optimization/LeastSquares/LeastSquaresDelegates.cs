using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Residuals r(p) of a least-squares problem (or the equations F(x) of a nonlinear system): writes all m of them.
/// A <c>[Differentiable] static void Residuals(ReadOnlySpan&lt;double&gt; p, [Constant] data..., Span&lt;double&gt; r)</c> has
/// this shape once its data is bound, and its generated <c>ResidualsJacobian(p, data..., jacobian)</c> that of
/// <see cref="JacobianFunction"/> (method groups when there is no data).
/// </summary>
/// <param name="parameters">The n parameters.</param>
/// <param name="residuals">Receives the m residuals; overwritten.</param>
public delegate void ResidualFunction(ReadOnlySpan<double> parameters, Span<double> residuals);

/// <summary>The Jacobian J(p) of a <see cref="ResidualFunction"/>: J[i, j] = d r_i / d p_j.</summary>
/// <param name="parameters">The n parameters.</param>
/// <param name="jacobian">Receives the dense m x n Jacobian, row-major (row i at <c>i * n</c>); overwritten.</param>
public delegate void JacobianFunction(ReadOnlySpan<double> parameters, Span<double> jacobian);

/// <summary>
/// A scalar model y = f(p, x) with its gradient in p: the shape the generator emits as <c>ModelGradient</c> for
/// <c>[Differentiable] static double Model(ReadOnlySpan&lt;double&gt; p, [Constant] double x)</c>. Pass it as a method group.
/// </summary>
/// <param name="parameters">The n parameters p.</param>
/// <param name="x">The independent variable (a constant).</param>
/// <param name="gradient">Receives d f / d p; overwritten.</param>
/// <returns>f(p, x).</returns>
public delegate double ModelGradientFunction(ReadOnlySpan<double> parameters, double x, Span<double> gradient);
