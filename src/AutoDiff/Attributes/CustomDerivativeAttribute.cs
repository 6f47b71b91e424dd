using System;

namespace AutoDiff;

/// <summary>
/// Marks a user-written pullback: the derivative of a function the generator cannot or should not differentiate
/// (a library call, a numerically special function). When a <see cref="DifferentiableAttribute"/> method calls that
/// function, the generated reverse sweep calls this pullback.
/// </summary>
/// <remarks>
/// For a function <c>double F(double a, ReadOnlySpan&lt;double&gt; v, int k)</c> the pullback must be
/// <c>static double FPullback(double a, ReadOnlySpan&lt;double&gt; v, int k, double seed, ref double aAdjoint, Span&lt;double&gt; vAdjoint)</c>:
/// the function's parameters, the seed, then one adjoint per differentiable parameter (<c>ref double</c> for a
/// <see cref="double"/>, <see cref="Span{T}"/> for a vector); it returns F's value and adds (never overwrites)
/// <c>seed * dF/dparameter</c> to each adjoint. This is the shape of the pullbacks the generator emits for
/// <see cref="DifferentiableAttribute"/> methods. Put the pullback in the type that calls the function, or next to the
/// function itself.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CustomDerivativeAttribute : Attribute
{
    /// <summary>The pullback of <paramref name="functionName"/>, a static method of the same type.</summary>
    public CustomDerivativeAttribute(string functionName)
    {
        FunctionName = functionName;
    }

    /// <summary>The pullback of <paramref name="functionName"/>, a static method of <paramref name="declaringType"/>.</summary>
    public CustomDerivativeAttribute(Type declaringType, string functionName)
    {
        DeclaringType = declaringType;
        FunctionName = functionName;
    }

    /// <summary>The type that declares the function, or null for the pullback's own type.</summary>
    public Type? DeclaringType { get; }

    /// <summary>The name of the function (use <c>nameof</c>).</summary>
    public string FunctionName { get; }

    /// <summary>
    /// Optional second-order rule, part 1: the name of a static method in the pullback's type with the shape of a
    /// generated directional derivative, <c>double FTangent(F's parameters..., one tangent per differentiable parameter
    /// (double, or ReadOnlySpan&lt;double&gt;), out double derivative)</c>, returning F. With <see cref="PullbackTangent"/>
    /// it lets methods that call F have forward-mode and second-order derivatives.
    /// </summary>
    public string? Tangent { get; set; }

    /// <summary>
    /// Optional second-order rule, part 2: the name of a static method in the pullback's type with the shape of a
    /// generated pullback tangent: F's parameters, their tangents, <c>double seed, double seedTangent</c>, the
    /// adjoints (<c>ref double</c> / <c>Span&lt;double&gt;</c>), then the adjoint tangents (same types); it does what the
    /// pullback does and adds to each adjoint tangent the derivative of that adjoint along the tangents.
    /// </summary>
    public string? PullbackTangent { get; set; }
}
