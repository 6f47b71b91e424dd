using System;

namespace AutoDiff.Optimization;

/// <summary>Evaluates the objective f at <paramref name="x"/>.</summary>
/// <param name="x">The point.</param>
/// <returns>f(x).</returns>
public delegate double ValueFunction(ReadOnlySpan<double> x);

/// <summary>
/// Evaluates f and its gradient at <paramref name="x"/>. This is the shape the source generator emits as
/// <c>{Name}Gradient</c>, so its method group converts to this delegate.
/// </summary>
/// <param name="x">The point.</param>
/// <param name="gradient">Receives the gradient; overwritten, not accumulated. Same length as <paramref name="x"/>.</param>
/// <returns>f(x).</returns>
public delegate double GradientFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>
/// Evaluates f and the Hessian-vector product H(x) v. This is the shape the source generator emits as
/// <c>{Name}HessianVectorProduct</c>.
/// </summary>
/// <param name="x">The point.</param>
/// <param name="v">The direction.</param>
/// <param name="hv">Receives H(x) v; overwritten. Same length as <paramref name="x"/>.</param>
/// <returns>f(x).</returns>
public delegate double HessianVectorProductFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

/// <summary>Evaluates f and the dense Hessian at <paramref name="x"/>.</summary>
/// <param name="x">The point.</param>
/// <param name="hessianRowMajor">Receives the n x n Hessian in row-major order; overwritten.</param>
/// <returns>f(x).</returns>
public delegate double HessianFunction(ReadOnlySpan<double> x, Span<double> hessianRowMajor);
