using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// The shape every pullback has, generated or user-written:
/// <c>static double FPullback(F's parameters..., double seed, one adjoint per differentiable parameter)</c>,
/// where a <see cref="double"/> parameter's adjoint is <c>ref double</c> and a vector's is <c>Span&lt;double&gt;</c>.
/// </summary>
internal static class PullbackSignature
{
    public const string CustomDerivativeAttributeName = "AutoDiff.CustomDerivativeAttribute";

    /// <summary>Whether the callee differentiates each of its parameters.</summary>
    public static IReadOnlyList<bool> DifferentiableParameters(IMethodSymbol function) =>
        function.Parameters.Select(p =>
            TypeClassifier.Classify(p.Type) is ValueKind.Real or ValueKind.RealArray
            && !TypeClassifier.IsSpanOfDouble(p.Type, readOnly: false)
            && !p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.ConstantAttributeName))
        .ToList();

    /// <summary>Null when <paramref name="pullback"/> fits <paramref name="function"/>; otherwise what is wrong with it.</summary>
    public static string? Mismatch(IMethodSymbol function, IMethodSymbol pullback)
    {
        var differentiable = DifferentiableParameters(function);
        var expected = new List<string>();
        expected.AddRange(function.Parameters.Select(p => p.Type.ToDisplayString()));
        expected.Add("double seed");
        for (int i = 0; i < function.Parameters.Length; i++)
        {
            if (differentiable[i])
            {
                expected.Add(TypeClassifier.Classify(function.Parameters[i].Type) == ValueKind.Real ? "ref double" : "Span<double>");
            }
        }

        string shape = $"static double {pullback.Name}({string.Join(", ", expected)})";
        if (!pullback.IsStatic || pullback.ReturnType.SpecialType != SpecialType.System_Double || pullback.IsGenericMethod
            || pullback.Parameters.Length != expected.Count)
        {
            return "expected " + shape;
        }

        for (int i = 0; i < function.Parameters.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(function.Parameters[i].Type, pullback.Parameters[i].Type)
                || pullback.Parameters[i].RefKind != RefKind.None)
            {
                return "expected " + shape;
            }
        }

        if (pullback.Parameters[function.Parameters.Length] is not { Type.SpecialType: SpecialType.System_Double, RefKind: RefKind.None })
        {
            return "expected " + shape;
        }

        int adjoint = function.Parameters.Length + 1;
        for (int i = 0; i < function.Parameters.Length; i++)
        {
            if (!differentiable[i])
            {
                continue;
            }

            var parameter = pullback.Parameters[adjoint++];
            bool fits = TypeClassifier.Classify(function.Parameters[i].Type) == ValueKind.Real
                ? parameter is { Type.SpecialType: SpecialType.System_Double, RefKind: RefKind.Ref }
                : parameter.RefKind == RefKind.None && TypeClassifier.IsSpanOfDouble(parameter.Type, readOnly: false);
            if (!fits)
            {
                return "expected " + shape;
            }
        }

        return null;
    }

    /// <summary>The function a <c>[CustomDerivative]</c> attribute names: (declaring type, function name).</summary>
    public static (INamedTypeSymbol? Type, string? Name) Target(AttributeData attribute, IMethodSymbol pullback)
    {
        var arguments = attribute.ConstructorArguments;
        if (arguments.Length == 1 && arguments[0].Value is string sameTypeName)
        {
            return (pullback.ContainingType, sameTypeName);
        }

        if (arguments.Length == 2 && arguments[0].Value is INamedTypeSymbol type && arguments[1].Value is string name)
        {
            return (type, name);
        }

        return (null, null);
    }
}
