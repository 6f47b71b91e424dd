using System;

namespace AutoDiff.Mpi;

/// <summary>
/// The generated <c>LossHessianVectorProduct</c> of a per-sample loss <c>Loss(ReadOnlySpan&lt;double&gt; w, [Constant] ReadOnlySpan&lt;double&gt; sample)</c>:
/// writes H v (the Hessian in w of f(w, sample) times v) to <paramref name="hv"/> (overwritten) and returns f(w, sample).
/// </summary>
/// <param name="w">The parameters.</param>
/// <param name="sample">One sample.</param>
/// <param name="v">The direction.</param>
/// <param name="hv">Receives H v.</param>
/// <returns>f(w, sample).</returns>
public delegate double SampleHessianVectorProductFunction(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, ReadOnlySpan<double> v, Span<double> hv);
