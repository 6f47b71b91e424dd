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
            && !MethodParser.IsMarkedConstant(p))
        .ToList();

    /// <summary>Null when <paramref name="pullback"/> fits <paramref name="function"/>; otherwise what is wrong with it.</summary>
    public static string? Mismatch(IMethodSymbol function, IMethodSymbol pullback)
    {
        var slots = Inputs(function).ToList();
        slots.Add(DoubleNamed("seed"));
        slots.AddRange(PerDifferentiable(function, RefDouble, WritableSpan));
        return Match(pullback, slots);
    }

    /// <summary>
    /// Null when <paramref name="tangent"/> has the shape of a generated directional derivative of
    /// <paramref name="function"/>: <c>static double FTangent(F's parameters..., a tangent per differentiable parameter
    /// (double or ReadOnlySpan&lt;double&gt;), out double derivative)</c>; otherwise what is wrong with it.
    /// </summary>
    public static string? TangentMismatch(IMethodSymbol function, IMethodSymbol tangent)
    {
        var slots = Inputs(function).ToList();
        slots.AddRange(PerDifferentiable(function, Double, ReadOnlySpan));
        slots.Add(OutDouble);
        return Match(tangent, slots);
    }

    /// <summary>
    /// Null when <paramref name="pullbackTangent"/> has the shape of a generated pullback tangent of
    /// <paramref name="function"/>: F's parameters, their tangents, <c>double seed, double seedTangent</c>, the adjoints,
    /// then the adjoint tangents (<c>ref double</c> / <c>Span&lt;double&gt;</c>); otherwise what is wrong with it.
    /// </summary>
    public static string? PullbackTangentMismatch(IMethodSymbol function, IMethodSymbol pullbackTangent)
    {
        var slots = Inputs(function).ToList();
        slots.AddRange(PerDifferentiable(function, Double, ReadOnlySpan));
        slots.Add(DoubleNamed("seed"));
        slots.Add(DoubleNamed("seedTangent"));
        slots.AddRange(PerDifferentiable(function, RefDouble, WritableSpan));
        slots.AddRange(PerDifferentiable(function, RefDouble, WritableSpan));
        return Match(pullbackTangent, slots);
    }

    /// <summary>The attribute property naming the forward-mode rule (the directional derivative's shape).</summary>
    public const string TangentRule = "Tangent";

    /// <summary>The attribute property naming the pullback's tangent rule.</summary>
    public const string PullbackTangentRule = "PullbackTangent";

    /// <summary>
    /// The rule that <paramref name="property"/> of a <c>[CustomDerivative]</c> attribute names: its name and the
    /// static methods of that name in the pullback's type; null when the attribute does not set it.
    /// </summary>
    public static (string Name, IReadOnlyList<IMethodSymbol> Candidates)? SecondOrderRule(AttributeData attribute, IMethodSymbol pullback, string property) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == property).Value.Value is string name
            ? (name, pullback.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToList())
            : null;

    /// <summary>Null when one of <paramref name="candidates"/> has the shape rule <paramref name="property"/> needs; otherwise what is wrong.</summary>
    public static string? RuleMismatch(IMethodSymbol function, string property, IReadOnlyList<IMethodSymbol> candidates)
    {
        if (candidates.Count == 0)
        {
            return "the pullback's type has no method of that name";
        }

        System.Func<IMethodSymbol, string?> mismatch = property == TangentRule
            ? m => TangentMismatch(function, m)
            : m => PullbackTangentMismatch(function, m);
        return candidates.Any(m => mismatch(m) is null) ? null : mismatch(candidates[0]);
    }

    /// <summary>One expected parameter: how it reads in a message, and whether a declared parameter fits it.</summary>
    private sealed record Slot(string Display, System.Func<IParameterSymbol, bool> Fits);

    private static readonly Slot RefDouble = new("ref double", p => p is { Type.SpecialType: SpecialType.System_Double, RefKind: RefKind.Ref });
    private static readonly Slot OutDouble = new("out double", p => p is { Type.SpecialType: SpecialType.System_Double, RefKind: RefKind.Out });
    private static readonly Slot Double = new("double", p => p is { Type.SpecialType: SpecialType.System_Double, RefKind: RefKind.None });
    private static readonly Slot WritableSpan = new("Span<double>", p => p.RefKind == RefKind.None && TypeClassifier.IsSpanOfDouble(p.Type, readOnly: false));
    private static readonly Slot ReadOnlySpan = new("ReadOnlySpan<double>", p => p.RefKind == RefKind.None && TypeClassifier.IsSpanOfDouble(p.Type, readOnly: true));

    private static Slot DoubleNamed(string name) => Double with { Display = "double " + name };

    private static IEnumerable<Slot> Inputs(IMethodSymbol function) => function.Parameters.Select(p => new Slot(
        p.Type.ToDisplayString(),
        q => q.RefKind == RefKind.None && SymbolEqualityComparer.Default.Equals(q.Type, p.Type)));

    /// <summary>One slot per differentiable parameter of <paramref name="function"/>: <paramref name="real"/> for a double, else <paramref name="vector"/>.</summary>
    private static IEnumerable<Slot> PerDifferentiable(IMethodSymbol function, Slot real, Slot vector)
    {
        var differentiable = DifferentiableParameters(function);
        for (int i = 0; i < function.Parameters.Length; i++)
        {
            if (differentiable[i])
            {
                yield return TypeClassifier.Classify(function.Parameters[i].Type) == ValueKind.Real ? real : vector;
            }
        }
    }

    private static string? Match(IMethodSymbol method, IReadOnlyList<Slot> slots)
    {
        bool fits = method.IsStatic && method.ReturnType.SpecialType == SpecialType.System_Double && !method.IsGenericMethod
            && method.Parameters.Length == slots.Count
            && slots.Select((slot, i) => slot.Fits(method.Parameters[i])).All(f => f);
        return fits ? null : $"expected static double {method.Name}({string.Join(", ", slots.Select(slot => slot.Display))})";
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
