using System;

namespace AutoDiff;

/// <summary>
/// Marks a method returning <see cref="double"/> whose derivatives the AutoDiff source generator emits at compile
/// time. The containing type (and every type that contains it) must be <c>partial</c>.
/// </summary>
/// <remarks>
/// For <c>double F(ReadOnlySpan&lt;double&gt; x, double y)</c> the generator adds to the same type, positionally:
/// <list type="bullet">
/// <item><c>double FGradient(x, y, Span&lt;double&gt; xGradient, out double yGradient)</c>: the value, gradient outputs overwritten;</item>
/// <item><c>double FPullback(x, y, double seed, Span&lt;double&gt; xAdjoint, ref double yAdjoint)</c>: adds seed times the gradient (for composition);</item>
/// <item><c>double FDirectionalDerivative(x, y, ReadOnlySpan&lt;double&gt; xDirection, double yDirection, out double derivative)</c>: forward mode;</item>
/// <item><c>double FHessianVectorProduct(x, y, xDirection, yDirection, Span&lt;double&gt; xProduct, out double yProduct)</c>: H v, forward over reverse;</item>
/// <item>for a method of one <c>ReadOnlySpan&lt;double&gt;</c> parameter, <c>FHessian(x, Span&lt;double&gt; hessian)</c> (n x n, row-major),
/// <c>FHessianMatrix(x)</c> and <c>FObjective</c> for the solvers.</item>
/// </list>
/// Differentiable parameters are <see cref="double"/>, <see cref="ReadOnlySpan{T}"/> of double and <c>double[]</c>;
/// every other parameter, and any parameter marked <see cref="ConstantAttribute"/>, is a constant.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>Generates every derivative (<see cref="Derivatives.All"/>).</summary>
    public DifferentiableAttribute()
        : this(Derivatives.All)
    {
    }

    /// <summary>Generates only the derivatives asked for, for example <c>[Differentiable(Derivatives.Gradient)]</c>.</summary>
    /// <param name="derivatives">What to generate; the gradient (and pullback) always are.</param>
    public DifferentiableAttribute(Derivatives derivatives)
    {
        Derivatives = derivatives | Derivatives.Gradient;
    }

    /// <summary>The derivatives generated for the method.</summary>
    public Derivatives Derivatives { get; }

    /// <summary>
    /// The parameters to differentiate with respect to, by name (JAX's <c>argnums</c>), for example
    /// <c>[Differentiable(Wrt = [nameof(p)])]</c> on <c>Loss(ReadOnlySpan&lt;double&gt; p, double[] t, double[] y)</c>:
    /// every parameter not named is treated exactly as if marked <see cref="ConstantAttribute"/>. Null (the default)
    /// differentiates every <c>double</c>, <c>ReadOnlySpan&lt;double&gt;</c> and <c>double[]</c> parameter not marked
    /// <see cref="ConstantAttribute"/>. A name that is not a parameter is the generator's error ADG0021.
    /// </summary>
    public string[]? Wrt { get; set; }
}

/// <summary>Which derivatives <see cref="DifferentiableAttribute"/> generates.</summary>
[Flags]
public enum Derivatives
{
    /// <summary><c>{Name}Gradient</c> and <c>{Name}Pullback</c> (reverse mode). Always generated.</summary>
    Gradient = 1,

    /// <summary><c>{Name}DirectionalDerivative</c> (forward mode).</summary>
    DirectionalDerivative = 2,

    /// <summary><c>{Name}HessianVectorProduct</c> (forward over reverse), with the directional derivative it needs.</summary>
    HessianVectorProduct = 4 | DirectionalDerivative,

    /// <summary><c>{Name}Hessian</c> and <c>{Name}HessianMatrix</c> (dense, from n Hessian-vector products).</summary>
    Hessian = 8 | HessianVectorProduct,

    /// <summary>Everything.</summary>
    All = Gradient | Hessian,
}
