using System;

namespace AutoDiff.Optimization;

/// <summary>
/// The loss of one sample (or one pre-packed batch) at parameters <paramref name="w"/>: the shape of a
/// <c>[Differentiable] static double Loss(ReadOnlySpan&lt;double&gt; w, [Constant] ReadOnlySpan&lt;double&gt; sample)</c>.
/// </summary>
/// <param name="w">The parameters.</param>
/// <param name="sample">One sample of the dataset.</param>
/// <returns>f(w, sample).</returns>
public delegate double SampleLossFunction(ReadOnlySpan<double> w, ReadOnlySpan<double> sample);

/// <summary>
/// The generated <c>LossPullback</c>: returns f(w, sample) and <b>adds</b> seed * grad_w f(w, sample) to
/// <paramref name="wAdjoint"/>. Accumulating is what lets a mini-batch gradient be summed without a temporary. A batch
/// pullback (<see cref="StochasticObjective.FromBatchLoss"/>) has the same shape over several samples packed one after
/// another: it returns the sum of their losses and adds seed times the gradient of that sum.
/// </summary>
/// <param name="w">The parameters.</param>
/// <param name="sample">One sample of the dataset (for a batch pullback, k &gt;= 1 samples packed one after another).</param>
/// <param name="seed">The weight of this sample's gradient (1/m in a batch of m).</param>
/// <param name="wAdjoint">Accumulates seed times the gradient; same length as <paramref name="w"/>.</param>
/// <returns>f(w, sample).</returns>
public delegate double SamplePullbackFunction(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, double seed, Span<double> wAdjoint);
