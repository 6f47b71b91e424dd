using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Model;

/// <summary>
/// Which solver-ready objects a method's parameters allow: the one home of these rules, read by the differentiation
/// step (what to generate) and by the parser (which names the generated members take).
/// </summary>
internal static class ObjectiveShapes
{
    private const string ReadOnlySpanOfDouble = KnownTypes.ReadOnlySpanOfDouble;

    /// <summary>The method's only parameter is a differentiable <c>ReadOnlySpan&lt;double&gt;</c>: a dense Hessian and the <c>{Name}Objective</c> property.</summary>
    public static bool IsSingleSpan(IReadOnlyList<ParameterModel> parameters) =>
        parameters.Count == 1 && parameters[0] is { Role: ParameterRole.Differentiable, IsArray: false, Kind: ValueKind.RealArray };

    /// <summary>
    /// How <c>{Name}Objective(constants...)</c> packs x, or null when there is none: a scalar method that is not a single
    /// span, with one differentiable vector or only differentiable doubles.
    /// </summary>
    /// <param name="parameters">The method's parameters.</param>
    /// <param name="noFactories">See <see cref="MethodModel.NoObjectiveFactories"/>.</param>
    public static ObjectivePacking? FactoryPacking(IReadOnlyList<ParameterModel> parameters, bool noFactories)
    {
        var differentiable = parameters.Where(p => p.Role == ParameterRole.Differentiable).ToList();
        if (noFactories || parameters.Any(p => p.Role == ParameterRole.Output) || IsSingleSpan(parameters) || differentiable.Count == 0)
        {
            return null;
        }

        if (differentiable.Count == 1 && differentiable[0].Kind == ValueKind.RealArray)
        {
            return differentiable[0].IsArray ? ObjectivePacking.Array : ObjectivePacking.Span;
        }

        return differentiable.All(p => p.Kind == ValueKind.Real) ? ObjectivePacking.Scalars : null;
    }

    /// <summary>
    /// The sample parameter of a per-sample loss, which gets <c>{Name}StochasticObjective(data, constants...)</c>: one
    /// differentiable <c>ReadOnlySpan&lt;double&gt;</c> and one <c>[Constant] ReadOnlySpan&lt;double&gt;</c>; null otherwise.
    /// </summary>
    /// <param name="parameters">The method's parameters.</param>
    /// <param name="noFactories">See <see cref="MethodModel.NoObjectiveFactories"/>.</param>
    public static string? StochasticSample(IReadOnlyList<ParameterModel> parameters, bool noFactories)
    {
        var differentiable = parameters.Where(p => p.Role == ParameterRole.Differentiable).ToList();
        var spans = parameters.Where(p => p.Role == ParameterRole.Constant && p.Kind == ValueKind.RealArray).ToList();
        return !noFactories && parameters.All(p => p.Role != ParameterRole.Output)
            && differentiable.Count == 1 && differentiable[0].TypeText == ReadOnlySpanOfDouble
            && spans.Count == 1 && spans[0].TypeText == ReadOnlySpanOfDouble
            ? spans[0].Name
            : null;
    }
}
