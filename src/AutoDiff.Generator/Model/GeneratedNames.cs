using System.Collections.Generic;

namespace AutoDiff.Generator.Model;

/// <summary>The names of the members the generator adds for a <c>[Differentiable]</c> method <c>F</c>: one home for them.</summary>
internal static class GeneratedNames
{
    public const string Gradient = "Gradient";
    public const string Pullback = "Pullback";
    public const string DirectionalDerivative = "DirectionalDerivative";
    public const string PullbackTangent = "PullbackTangent";
    public const string HessianVectorProduct = "HessianVectorProduct";
    public const string Hessian = "Hessian";
    public const string HessianMatrix = "HessianMatrix";
    public const string Objective = "Objective";
    public const string Jacobian = "Jacobian";
    public const string JacobianVectorProduct = "JacobianVectorProduct";
    public const string VectorJacobianProduct = "VectorJacobianProduct";

    /// <summary>
    /// The members generated for a <c>void</c> method with a vector output: the two products always, the dense
    /// Jacobian when its one differentiable parameter is a vector (the Jacobian's columns).
    /// </summary>
    public static IEnumerable<string> ForVectorOutput(string method, bool singleVectorInput)
    {
        yield return method + JacobianVectorProduct;
        yield return method + VectorJacobianProduct;
        if (singleVectorInput)
        {
            yield return method + Jacobian;
        }
    }

    /// <summary>
    /// The members generated for <paramref name="method"/> given what it asks for; a dense Hessian and an objective
    /// only when its one parameter is a differentiable <c>ReadOnlySpan&lt;double&gt;</c>.
    /// </summary>
    public static IEnumerable<string> For(string method, DerivativeKinds derivatives, bool singleSpan)
    {
        yield return method + Gradient;
        yield return method + Pullback;
        if ((derivatives & DerivativeKinds.DirectionalDerivative) == DerivativeKinds.DirectionalDerivative)
        {
            yield return method + DirectionalDerivative;
        }

        if ((derivatives & DerivativeKinds.HessianVectorProduct) == DerivativeKinds.HessianVectorProduct)
        {
            yield return method + PullbackTangent;
            yield return method + HessianVectorProduct;
        }

        if (singleSpan && (derivatives & DerivativeKinds.Hessian) == DerivativeKinds.Hessian)
        {
            yield return method + Hessian;
            yield return method + HessianMatrix;
        }

        if (singleSpan)
        {
            yield return method + Objective;
        }
    }
}
