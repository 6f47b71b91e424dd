using System;

namespace AutoDiff;

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute"/> method as data: the generator differentiates with
/// respect to every other <see cref="double"/>, <see cref="ReadOnlySpan{T}"/> of double or <c>double[]</c>
/// parameter, and emits no gradient output for this one.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ConstantAttribute : Attribute
{
}
