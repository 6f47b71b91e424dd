using System.Collections.Generic;
using System.Linq;

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
    public const string StochasticObjective = "StochasticObjective";

    /// <summary>
    /// The private static method that stands for local function <paramref name="local"/> of <paramref name="method"/>
    /// (its value; its derivatives add the suffixes above): <c>F_Sq</c>, or <c>F_2_Sq</c> in the second of several
    /// <c>[Differentiable]</c> overloads of <c>F</c>, so that overloads with same-named local functions do not collide.
    /// </summary>
    /// <param name="overload">0 when the method is not overloaded, otherwise its 1-based position among the overloads.</param>
    public static string LocalFunction(string method, int overload, string local) =>
        overload == 0 ? method + "_" + local : method + "_" + overload.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + local;

    /// <summary>The members generated for a local function called from a method asking for <paramref name="derivatives"/>.</summary>
    public static IEnumerable<string> ForLocalFunction(string name, DerivativeKinds derivatives)
    {
        yield return name;
        yield return name + Pullback;
        if ((derivatives & DerivativeKinds.DirectionalDerivative) == DerivativeKinds.DirectionalDerivative)
        {
            yield return name + DirectionalDerivative;
        }

        if ((derivatives & DerivativeKinds.HessianVectorProduct) == DerivativeKinds.HessianVectorProduct)
        {
            yield return name + PullbackTangent;
        }
    }

    /// <summary>
    /// The members generated for <paramref name="method"/> given what it asks for and its parameters: for a vector-output
    /// method the two products, and the dense Jacobian when its one differentiable parameter is a vector; otherwise the
    /// gradient and pullback, the forward-mode and second-order members asked for, a dense Hessian for a single span, and
    /// the objectives its shape allows (<see cref="ObjectiveShapes"/>).
    /// </summary>
    public static IEnumerable<string> For(string method, DerivativeKinds derivatives, IReadOnlyList<ParameterModel> parameters, bool noFactories)
    {
        var differentiable = parameters.Where(p => p.Role == ParameterRole.Differentiable).ToList();
        if (parameters.Any(p => p.Role == ParameterRole.Output))
        {
            yield return method + JacobianVectorProduct;
            yield return method + VectorJacobianProduct;
            if (differentiable.Count == 1 && differentiable[0].Kind == IR.ValueKind.RealArray)
            {
                yield return method + Jacobian;
            }

            yield break;
        }

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

        bool singleSpan = ObjectiveShapes.IsSingleSpan(parameters);
        if (singleSpan && (derivatives & DerivativeKinds.Hessian) == DerivativeKinds.Hessian)
        {
            yield return method + Hessian;
            yield return method + HessianMatrix;
        }

        if (singleSpan || ObjectiveShapes.FactoryPacking(parameters, noFactories) is not null)
        {
            yield return method + Objective;
        }

        if (ObjectiveShapes.StochasticSample(parameters, noFactories) is not null)
        {
            yield return method + StochasticObjective;
        }
    }
}
