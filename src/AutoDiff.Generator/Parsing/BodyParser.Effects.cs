using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Statements that change no value: guard clauses (throw new ArgumentException(...), ThrowIfNegative(n)), Debug.Assert
// and Console.WriteLine. Each becomes an EffectStatement, written again in every generated member where the method's
// own computation runs, with its values read from the IR.
internal sealed partial class BodyParser
{
    private const string EffectValueFix = "pass numbers, bools, strings (constant, interpolated or joined with +) and nameof(...) only";

    /// <summary>A static <c>void</c> method whose call is a check or a debugging line: it changes no value the method computes.</summary>
    private static bool IsEffectCall(IMethodSymbol method) =>
        method is { IsStatic: true, ReturnsVoid: true }
        && (method.ContainingType.ToDisplayString() is "System.Console" or "System.Diagnostics.Debug"
            || (method.Name.StartsWith("ThrowIf", System.StringComparison.Ordinal) && IsException(method.ContainingType)));

    private static bool IsException(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == "System.Exception")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>throw new SomeException(...)</c>: ends the call, in every generated member, as it does in the method.</summary>
    private void ParseThrow(IThrowOperation thrown, List<Statement> output)
    {
        // The thrown value is converted to System.Exception, implicitly.
        var exception = thrown.Exception is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : thrown.Exception;
        if (exception is not IObjectCreationOperation { Constructor: not null, Initializer: null } creation
            || !IsException(creation.Type))
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedStatement,
                thrown,
                "'throw' of anything but a new exception",
                "throw a new exception where the check fails: 'throw new ArgumentException(\"...\", nameof(x));'");
            return;
        }

        var parts = new List<EffectPart> { EffectPart.Of("throw new " + FullName(creation.Type!) + "(") };
        if (AddArguments(creation.Arguments, parts))
        {
            parts.Add(EffectPart.Of(");"));
            output.Add(new EffectStatement(parts.ToEquatableArray()));
        }
    }

    /// <summary><c>Debug.Assert(x &gt; 0)</c>, <c>Console.WriteLine("{0}", s)</c>, <c>ArgumentOutOfRangeException.ThrowIfNegative(n)</c>.</summary>
    private void ParseEffectCall(IInvocationOperation invocation, List<Statement> output)
    {
        var method = invocation.TargetMethod;
        string typeArguments = method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(FullName)) + ">" : string.Empty;
        var parts = new List<EffectPart> { EffectPart.Of(FullName(method.ContainingType) + "." + method.Name + typeArguments + "(") };
        if (AddArguments(invocation.Arguments, parts))
        {
            parts.Add(EffectPart.Of(");"));
            output.Add(new EffectStatement(parts.ToEquatableArray()));
        }
    }

    /// <summary>
    /// Every argument, the ones left to their defaults too (a <c>[CallerArgumentExpression]</c> name keeps the text of the
    /// user's argument), by parameter name, so that the same overload is chosen whatever order they were written in.
    /// </summary>
    private bool AddArguments(IEnumerable<IArgumentOperation> arguments, List<EffectPart> parts)
    {
        bool ok = true;
        bool first = true;
        foreach (var argument in arguments.Where(a => a.Parameter is not null).OrderBy(a => a.Parameter!.Ordinal))
        {
            parts.Add(EffectPart.Of((first ? string.Empty : ", ") + "@" + argument.Parameter!.Name + ": "));
            first = false;
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Type: IArrayTypeSymbol array } created)
            {
                parts.Add(EffectPart.Of("new " + FullName(array.ElementType) + "[] { "));
                var elements = created.Initializer?.ElementValues.ToList() ?? new List<IOperation>();
                for (int i = 0; i < elements.Count; i++)
                {
                    parts.Add(EffectPart.Of(i == 0 ? string.Empty : ", "));
                    ok &= AddValue(elements[i], parts);
                }

                parts.Add(EffectPart.Of(" }"));
            }
            else
            {
                ok &= AddValue(argument.Value, parts);
            }
        }

        return ok;
    }

    /// <summary>One value read by a check or a debugging line: C# text for strings and constants, an IR value for numbers and bools.</summary>
    private bool AddValue(IOperation value, List<EffectPart> parts)
    {
        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: null } }:
                parts.Add(EffectPart.Of(value.Type is null ? "null" : "default(" + FullName(value.Type) + ")"));
                return true;
            case { ConstantValue: { HasValue: true, Value: string or char or bool } constant }:
                parts.Add(EffectPart.Of(SymbolDisplay.FormatPrimitive(constant.Value!, quoteStrings: true, useHexadecimalNumbers: false)));
                return true;
            case IConversionOperation { IsImplicit: true, Type: { } type, Operand: var operand } when type.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType:
                // Boxing for an object parameter (Console.WriteLine's arguments): the same conversion, written out.
                parts.Add(EffectPart.Of("(" + FullName(type) + ")"));
                return AddValue(operand, parts);
            case IInterpolatedStringOperation interpolated:
                return AddInterpolated(interpolated, parts);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String, OperatorMethod: null } joined:
                parts.Add(EffectPart.Of("("));
                bool ok = AddValue(joined.LeftOperand, parts);
                parts.Add(EffectPart.Of(" + "));
                ok &= AddValue(joined.RightOperand, parts);
                parts.Add(EffectPart.Of(")"));
                return ok;
            // Not an enum: the IR reads it as its int, which would print as a number where the method prints its name.
            case var number when number.Type?.TypeKind != TypeKind.Enum
                && TypeClassifier.Classify(number.Type).IsScalar():
                if (ParseExpression(number) is not { } parsed)
                {
                    return false;
                }

                parts.Add(EffectPart.Of(parsed));
                return true;
            default:
                Unsupported(
                    DiagnosticDescriptors.UnsupportedExpression,
                    value,
                    $"{ConstructNames.Describe(value)} in a check or a debugging line",
                    EffectValueFix);
                return false;
        }
    }

    /// <summary><c>$"x = {x:F3}"</c>: its text as written, each hole's value from the IR.</summary>
    private bool AddInterpolated(IInterpolatedStringOperation interpolated, List<EffectPart> parts)
    {
        bool ok = true;
        parts.Add(EffectPart.Of("$\""));
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation { Text.ConstantValue.Value: string text }:
                    parts.Add(EffectPart.Of(InterpolatedText(text)));
                    break;
                case IInterpolationOperation hole:
                    parts.Add(EffectPart.Of("{"));
                    ok &= AddValue(hole.Expression, parts);
                    if (hole.Alignment is { ConstantValue: { HasValue: true, Value: int alignment } })
                    {
                        parts.Add(EffectPart.Of("," + alignment.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    if (hole.FormatString is { ConstantValue: { HasValue: true, Value: string format } })
                    {
                        parts.Add(EffectPart.Of(":" + InterpolatedText(format)));
                    }

                    parts.Add(EffectPart.Of("}"));
                    break;
                default:
                    Unsupported(DiagnosticDescriptors.UnsupportedExpression, part, $"{ConstructNames.Describe(part)} in an interpolated string", EffectValueFix);
                    ok = false;
                    break;
            }
        }

        parts.Add(EffectPart.Of("\""));
        return ok;
    }

    /// <summary>Text inside <c>$"..."</c>: escaped as in a string literal, with braces doubled.</summary>
    private static string InterpolatedText(string text)
    {
        string quoted = SymbolDisplay.FormatLiteral(text, quote: true);
        return quoted.Substring(1, quoted.Length - 2).Replace("{", "{{").Replace("}", "}}");
    }

    private static string FullName(ITypeSymbol type) => type.ToDisplayString(TypeClassifier.QualifiedFormat);
}
