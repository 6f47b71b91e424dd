using System;
using System.Globalization;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Emit;

/// <summary>Prints IR expressions as C#, with the fewest parentheses that keep the evaluation order exact.</summary>
internal static class ExpressionPrinter
{
    private const int Primary = 16;
    private const int Unary = 14;
    private const int Multiplicative = 13;
    private const int Additive = 12;
    private const int Relational = 10;
    private const int Equality = 9;
    private const int LogicalAnd = 5;
    private const int LogicalOr = 4;
    private const int Conditional = 3;

    public static string Print(Expr expression) => Print(expression, out _);

    /// <summary>A double literal that reads back to the same bits, in invariant culture.</summary>
    public static string FormatReal(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0)
        {
            text += ".0";
        }

        return text;
    }

    private static string Print(Expr expression, out int precedence)
    {
        switch (expression)
        {
            case LiteralExpr literal:
                string text = literal.LiteralKind switch
                {
                    ValueKind.Real => FormatReal(literal.Value),
                    ValueKind.Boolean => literal.Value != 0 ? "true" : "false",

                    // The suffix keeps the literal's type, so arithmetic on it is the original's (64-bit, unsigned).
                    ValueKind.Integer or ValueKind.Object => ((long)literal.Value).ToString(CultureInfo.InvariantCulture),
                    ValueKind.Long => ((long)literal.Value).ToString(CultureInfo.InvariantCulture) + "L",
                    ValueKind.UnsignedInteger => ((long)literal.Value).ToString(CultureInfo.InvariantCulture) + "U",
                    ValueKind.UnsignedLong => ((long)literal.Value).ToString(CultureInfo.InvariantCulture) + "UL",
                    ValueKind.RealArray => throw new InvalidOperationException("No literal of kind " + literal.LiteralKind),
                    _ => throw new ArgumentOutOfRangeException(nameof(expression), literal.LiteralKind, null),
                };
                precedence = text.StartsWith("-", StringComparison.Ordinal) ? Unary : Primary;
                return text;

            case VariableExpr variable:
                precedence = Primary;
                return Identifiers.Escape(variable.Name);

            case ThisExpr:
                precedence = Primary;
                return "this";

            case MemberExpr member:
                precedence = Primary;
                return (member.Receiver is null ? member.QualifiedTypeName : Operand(member.Receiver, Primary)) + "." + member.MemberName;

            case ElementExpr element:
                precedence = Primary;
                return Operand(element.Array, Primary) + "[" + Print(element.Index) + "]";

            case DataElementExpr data:
                precedence = Primary;
                return Operand(data.Data, Primary) + "[" + string.Join(", ", data.Indices.Select(Print)) + "]";

            case DimensionLengthExpr dimension:
                precedence = Primary;
                return Operand(dimension.Array, Primary) + ".GetLength(" + Print(dimension.Dimension) + ")";

            case LengthExpr length:
                precedence = Primary;
                return Operand(length.Array, Primary) + ".Length";

            case MathCallExpr call:
                precedence = Primary;
                return call.Function.EmittedType + "." + call.Function.Name + "("
                    + string.Join(", ", call.Arguments.Select(Print)) + ")";

            case DifferentiableCallExpr invocation:
                precedence = Primary;
                return invocation.Callee + "(" + string.Join(", ", invocation.Arguments.Select(Print)) + ")";

            case PullbackCallExpr pullback:
                precedence = Primary;
                return pullback.Pullback + "("
                    + string.Join(", ", pullback.Arguments.Select(Print)
                        .Append(Print(pullback.Seed))
                        .Concat(pullback.Adjoints.Select(a => (a.ByRef ? "ref " : string.Empty) + Print(a.Target))))
                    + ")";

            case EmittedCallExpr call:
                precedence = Primary;
                return call.Method + "(" + string.Join(", ", call.Arguments.Select(
                    a => (a.Modifier.Length > 0 ? a.Modifier + " " : string.Empty) + Print(a.Value))) + ")";

            case OpaqueCallExpr call:
                precedence = Primary;
                return call.Method + "(" + string.Join(", ", call.Arguments.Select(Print)) + ")";

            case LambdaExpr lambda:
                precedence = Conditional - 1;
                return "(" + string.Join(", ", lambda.Parameters.Select(Identifiers.Escape)) + ") => " + Print(lambda.Body);

            case SliceExpr slice:
                // The cast makes one spelling fit every array: a span parameter, a double[], a Span local, an adjoint.
                precedence = Primary;
                return "((" + (slice.Writable ? KnownTypes.SpanOfDouble : KnownTypes.ReadOnlySpanOfDouble) + ")" + Operand(slice.Array, Primary) + ").Slice("
                    + Print(slice.Start) + (slice.Length is null ? string.Empty : ", " + Print(slice.Length)) + ")";

            case TapeSpanExpr span:
                precedence = Primary;
                return span.Tape + ".AllocateZeroed(" + Print(span.Length) + ")";

            case UnaryExpr unary:
            {
                precedence = Unary;
                string operand = Operand(unary.Operand, Unary);

                // "- -x" must not print as "--x".
                if (operand.StartsWith("-", StringComparison.Ordinal))
                {
                    operand = "(" + operand + ")";
                }

                return (unary.Operator == UnaryOperator.Negate ? "-" : "!") + operand;
            }

            case ConvertExpr { Checked: true } convert:
                precedence = Primary;
                return "checked((" + ScalarTypeName(convert.TargetKind) + ")" + Operand(convert.Operand, Unary + 1) + ")";

            case ConvertExpr convert:
                precedence = Unary;
                return "(" + ScalarTypeName(convert.TargetKind) + ")" + Operand(convert.Operand, Unary + 1);

            case BinaryExpr binary:
            {
                var (symbol, level) = BinarySyntax(binary.Operator);
                precedence = level;

                // Left-associative: an equal-precedence right operand keeps its parentheses (a - (b - c), a * (b * c)).
                return Operand(binary.Left, level) + " " + symbol + " " + Operand(binary.Right, level + 1);
            }

            case ConditionalExpr conditional:
                precedence = Conditional;
                return Operand(conditional.Condition, Conditional + 1) + " ? " + Operand(conditional.WhenTrue, Conditional + 1)
                    + " : " + Operand(conditional.WhenFalse, Conditional);

            case GuardedExpr guarded:
            {
                // seed == 0.0 ? 0.0 : seed / a   (factors are atoms, so reading them twice is free)
                precedence = Conditional;
                string allZero = string.Join(" && ", guarded.Factors.Select(f => Operand(f, Equality + 1) + " == 0.0"));
                return (guarded.Factors.Count > 1 ? "(" + allZero + ")" : allZero) + " ? 0.0 : " + Operand(guarded.Value, Conditional);
            }

            default:
                throw new InvalidOperationException("Cannot print " + expression.GetType().Name);
        }
    }

    /// <summary>The C# keyword of a scalar kind.</summary>
    public static string ScalarTypeName(ValueKind kind) => kind switch
    {
        ValueKind.Real => "double",
        ValueKind.Integer => "int",
        ValueKind.Long => "long",
        ValueKind.UnsignedInteger => "uint",
        ValueKind.UnsignedLong => "ulong",
        ValueKind.Boolean => "bool",
        ValueKind.RealArray or ValueKind.Object or ValueKind.RealVector => throw new InvalidOperationException("No scalar type for " + kind),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Prints <paramref name="expression"/>, in parentheses when it binds less tightly than <paramref name="minimum"/>.</summary>
    private static string Operand(Expr expression, int minimum)
    {
        string text = Print(expression, out int precedence);
        return precedence < minimum ? "(" + text + ")" : text;
    }

    private static (string Symbol, int Precedence) BinarySyntax(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => ("+", Additive),
        BinaryOperator.Subtract => ("-", Additive),
        BinaryOperator.Multiply => ("*", Multiplicative),
        BinaryOperator.Divide => ("/", Multiplicative),
        BinaryOperator.Remainder => ("%", Multiplicative),
        BinaryOperator.Equal => ("==", Equality),
        BinaryOperator.NotEqual => ("!=", Equality),
        BinaryOperator.Less => ("<", Relational),
        BinaryOperator.LessOrEqual => ("<=", Relational),
        BinaryOperator.Greater => (">", Relational),
        BinaryOperator.GreaterOrEqual => (">=", Relational),
        BinaryOperator.And => ("&&", LogicalAnd),
        BinaryOperator.Or => ("||", LogicalOr),
        _ => throw new InvalidOperationException("Unknown operator " + op),
    };
}
