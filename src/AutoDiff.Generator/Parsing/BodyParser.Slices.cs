using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Slices passed to callees: x.Slice(i, n), x[i..j], a.AsSpan(k), a.AsSpan(k, n), as SliceExpr.
internal sealed partial class BodyParser
{
    private const string SliceSourceFix = "slice a parameter, a local array or a field directly (x.Slice(i, n), x[i..j], a.AsSpan(k, n))";

    /// <summary>Whether <paramref name="operation"/> (a call argument) is a slice of a double span or array.</summary>
    private static bool IsSliceArgument(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => ConstructNames.IsSlice(invocation) && invocation.TargetMethod.Name is "Slice" or "AsSpan",
        IImplicitIndexerReferenceOperation { Argument: IRangeOperation } indexer => TypeClassifier.Classify(indexer.Type) == ValueKind.RealArray,
        IArrayElementReferenceOperation { Indices.Length: 1 } element => element.Indices[0] is IRangeOperation && TypeClassifier.Classify(element.Type) == ValueKind.RealArray,
        _ => false,
    };

    /// <summary>
    /// A slice passed to a callee's <c>ReadOnlySpan&lt;double&gt;</c> parameter: the same elements, so its adjoint and
    /// tangent are the same slice of the array's adjoint and tangent (<see cref="SliceExpr"/>). <c>a.AsSpan()</c> is the
    /// array itself. Null, with the diagnostic, for a slice of something else than a parameter, local array or field,
    /// or one passed to another parameter type.
    /// </summary>
    private Expr? ParseSliceArgument(IOperation operation, ITypeSymbol? parameterType)
    {
        if (!TypeClassifier.IsSpanOfDouble(parameterType, readOnly: true))
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                operation,
                ConstructNames.Describe(operation),
                "a slice can be passed to a ReadOnlySpan<double> parameter of a [Differentiable] method; take the parameter as ReadOnlySpan<double>");
        }

        return ParseSlice(operation);
    }

    /// <summary>
    /// A slice of a parameter, local array, field, or of a span that already names part of one (a void callee's
    /// parameter, a span local): a <see cref="SliceExpr"/> of the array itself.
    /// </summary>
    private Expr? ParseSlice(IOperation operation)
    {
        IOperation source;
        IOperation? start = null, length = null, startIndex = null, range = null;
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice:
                source = instance;
                (start, length) = (Argument(slice, "start"), Argument(slice, "length"));
                break;
            case IInvocationOperation { TargetMethod.Name: "AsSpan", Instance: null, Arguments.Length: >= 1 } asSpan:
                source = asSpan.Arguments[0].Value;
                (start, length, startIndex, range) = (Argument(asSpan, "start"), Argument(asSpan, "length"), Argument(asSpan, "startIndex"), Argument(asSpan, "range"));
                break;
            case IImplicitIndexerReferenceOperation { Instance: var instance, Argument: var argument }:
                (source, range) = (instance, argument);
                break;
            case IArrayElementReferenceOperation { ArrayReference: var arrayReference, Indices.Length: 1 } element:
                (source, range) = (arrayReference, element.Indices[0]);
                break;
            default:
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, ConstructNames.Describe(operation), SliceSourceFix);
        }

        if (IsSliceArgument(WithoutSpanConversion(source)))
        {
            // x.Slice(1).Slice(2): one slice of the array itself says the same.
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, source, ConstructNames.Describe(source), SliceSourceFix);
        }

        if (ParseExpression(WithoutSpanConversion(source)) is not { } array)
        {
            return null;
        }

        if (array is not (VariableExpr { Kind: ValueKind.RealArray } or MemberExpr { Kind: ValueKind.RealArray } or SliceExpr))
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, source, "a slice of this span", SliceSourceFix);
        }

        var count = LengthOf(array);
        Expr? first, size = null;
        if (range is IRangeOperation { LeftOperand: var left, RightOperand: var right })
        {
            first = ParseIndex(left, count, fromStart: true);
            var end = right is null ? null : ParseIndex(right, count, fromStart: false);
            if (first is null || (right is not null && end is null))
            {
                return null;
            }

            size = end is null ? null : first is LiteralExpr { Value: 0 } ? end : Integer(BinaryOperator.Subtract, end, first);
        }
        else if (range is not null)
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, range, "a range held in a variable", "write the range in the slice itself: x[i..j]");
        }
        else if (startIndex is not null)
        {
            first = ParseIndex(startIndex, count, fromStart: true);
        }
        else if (start is null)
        {
            // a.AsSpan(): the whole array.
            return array;
        }
        else
        {
            first = ParseExpression(start);
            if (length is not null)
            {
                size = ParseExpression(length);
                if (size is null)
                {
                    return null;
                }
            }
        }

        return first is null ? null : Compose(array, first, size);
    }

    /// <summary>
    /// Elements <paramref name="first"/>.. of <paramref name="array"/> (<paramref name="size"/> of them, or to its end): of
    /// the array itself when <paramref name="array"/> is already a slice of it.
    /// </summary>
    private static SliceExpr Compose(Expr array, Expr first, Expr? size) => array is SliceExpr outer
        ? new SliceExpr(outer.Array, Offset(outer.Start, first), size ?? (outer.Length is null ? null : Integer(BinaryOperator.Subtract, outer.Length, first)))
        : new SliceExpr(array, first, size);

    /// <summary>An <c>Index</c>: an <c>int</c> (<c>i</c>), or one counted from the end (<c>^k</c>, which is <c>Length - k</c>).</summary>
    private Expr? ParseIndex(IOperation? index, Expr count, bool fromStart)
    {
        switch (index)
        {
            case null:
                return fromStart ? new LiteralExpr(0, ValueKind.Integer) : count;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, Operand: var fromEnd }:
                return ParseExpression(fromEnd) is { } k ? Integer(BinaryOperator.Subtract, count, k) : null;
            case IConversionOperation { Operand: var value } when value.Type?.SpecialType == SpecialType.System_Int32:
                return ParseExpression(value);
            default:
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, index, "an index held in a variable", "write the index as an int, or as ^k from the end");
        }
    }

    private static Expr Integer(BinaryOperator op, Expr left, Expr right) => new BinaryExpr(op, left, right, ValueKind.Integer);

    /// <summary>The value passed for the parameter named <paramref name="name"/>, or null when the overload has none.</summary>
    private static IOperation? Argument(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
