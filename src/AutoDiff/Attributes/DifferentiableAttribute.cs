using System;

namespace AutoDiff;

/// <summary>
/// Marks a method returning <see cref="double"/> whose derivatives the AutoDiff source generator emits at compile
/// time. The containing type (and every type that contains it) must be <c>partial</c>.
/// </summary>
/// <remarks>
/// For a method <c>double F(ReadOnlySpan&lt;double&gt; x, double y)</c> the generator adds
/// <c>double FGradient(ReadOnlySpan&lt;double&gt; x, double y, Span&lt;double&gt; xGradient, out double yGradient)</c>
/// to the same type: it returns f and overwrites one gradient output per differentiable parameter, in order.
/// Differentiable parameters are <see cref="double"/>, <see cref="ReadOnlySpan{T}"/> of double and <c>double[]</c>;
/// every other parameter, and any parameter marked <see cref="ConstantAttribute"/>, is a constant.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
