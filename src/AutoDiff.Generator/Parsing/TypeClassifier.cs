using AutoDiff.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Parsing;

/// <summary>Maps Roslyn types to the value kinds the IR knows.</summary>
internal static class TypeClassifier
{
    /// <summary>
    /// The fully qualified spelling of a type in generated code, with nullable annotations kept so that the
    /// generated signature matches the user's.
    /// </summary>
    public static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ValueKind? Classify(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return null;
            case { SpecialType: SpecialType.System_Double }:
                return ValueKind.Real;
            case { SpecialType: SpecialType.System_Int32 }:
                return ValueKind.Integer;
            case { SpecialType: SpecialType.System_Int64 }:
                return ValueKind.Long;
            case { SpecialType: SpecialType.System_UInt32 }:
                return ValueKind.UnsignedInteger;
            case { SpecialType: SpecialType.System_UInt64 }:
                return ValueKind.UnsignedLong;
            case { SpecialType: SpecialType.System_Boolean }:
                return ValueKind.Boolean;
            case IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double }:
                return ValueKind.RealArray;
        }

        return IsSpanOfDouble(type, readOnly: true) || IsSpanOfDouble(type, readOnly: false) ? ValueKind.RealArray : null;
    }

    /// <summary>Numeric types the IR has no kind for (<c>float</c>, <c>short</c>, <c>byte</c>...), which can only be constants.</summary>
    public static bool IsOtherNumber(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int16
        or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16 or SpecialType.System_Single;

    /// <summary>An enum whose underlying type is <c>int</c>: data, read as an <c>int</c> through a cast.</summary>
    public static bool IsIntEnum(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType.SpecialType: SpecialType.System_Int32 };

    public static bool IsDoubleArray(ITypeSymbol type) =>
        type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double };

    /// <summary>
    /// Structured constant data: an array that is not a <c>double[]</c> (a <c>double[][]</c>, a <c>double[,]</c>, an
    /// <c>Observation[]</c>, an <c>int[]</c>, a <c>float[]</c>), or a span of anything but <c>double</c>. Its elements
    /// are read as they are and never differentiated.
    /// </summary>
    public static bool IsDataCollection(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol array => !IsDoubleArray(array),
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "ReadOnlySpan" or "Span" } span =>
            span.ContainingNamespace?.ToDisplayString() == "System" && span.TypeArguments[0].SpecialType != SpecialType.System_Double,
        _ => false,
    };

    /// <summary>A <c>double[,]</c>, which a local can be (stored flat).</summary>
    public static bool IsDoubleMatrix(ITypeSymbol? type) =>
        type is IArrayTypeSymbol { Rank: 2, ElementType.SpecialType: SpecialType.System_Double };

    public static bool IsSpanOfDouble(ITypeSymbol? type, bool readOnly) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
        && named.TypeArguments[0].SpecialType == SpecialType.System_Double
        && named.ContainingNamespace?.ToDisplayString() == "System"
        && named.Name == (readOnly ? "ReadOnlySpan" : "Span");
}
