using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Splits real-valued expressions so that every operation reads only atoms (literals, variables, element reads,
/// constants): <c>b = x[1] - x[0] * x[0]</c> becomes <c>t0 = x[0] * x[0]; b = x[1] - t0</c>. Each intermediate then
/// has a name the reverse sweep can read its value and accumulate its adjoint through. Integer and boolean
/// expressions (indices, conditions) are never differentiated and stay whole.
/// </summary>
internal static class ThreeAddressForm
{
    public static List<Statement> Apply(IEnumerable<Statement> body, NameAllocator names)
    {
        var output = new List<Statement>();
        foreach (var statement in body)
        {
            switch (statement)
            {
                case AssignStatement { TargetKind: ValueKind.Real } assign:
                    output.Add(assign with { Value = SplitOperands(assign.Value, output, names) });
                    break;
                case ReturnStatement ret:
                    var value = SplitOperands(ret.Value, output, names);
                    if (!IsAtom(value))
                    {
                        string result = names.Fresh("value");
                        output.Add(new AssignStatement(result, ValueKind.Real, value, Declare: true));
                        value = new VariableExpr(result, ValueKind.Real);
                    }

                    output.Add(new ReturnStatement(value));
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>True for expressions that are read, not computed: their value is available at any time.</summary>
    public static bool IsAtom(Expr expression) => expression switch
    {
        LiteralExpr or VariableExpr or MemberExpr or ThisExpr or LengthExpr => true,
        ElementExpr element => IsAtom(element.Array),
        ConvertExpr { TargetKind: ValueKind.Real, Operand.Kind: ValueKind.Integer } => true,
        _ => expression.Kind != ValueKind.Real,
    };

    /// <summary>Makes the operands of <paramref name="expression"/> atoms, emitting a temporary for each compound one.</summary>
    private static Expr SplitOperands(Expr expression, List<Statement> output, NameAllocator names)
    {
        if (IsAtom(expression))
        {
            return expression;
        }

        return expression switch
        {
            UnaryExpr unary => unary with { Operand = ToAtom(unary.Operand, output, names) },
            BinaryExpr binary => binary with { Left = ToAtom(binary.Left, output, names), Right = ToAtom(binary.Right, output, names) },
            CallExpr call => call with { Arguments = call.Arguments.Select(a => ToAtom(a, output, names)).ToEquatableArray() },
            ConditionalExpr conditional => conditional with
            {
                WhenTrue = ToAtom(conditional.WhenTrue, output, names),
                WhenFalse = ToAtom(conditional.WhenFalse, output, names),
            },
            _ => expression,
        };
    }

    private static Expr ToAtom(Expr expression, List<Statement> output, NameAllocator names)
    {
        var split = SplitOperands(expression, output, names);
        if (IsAtom(split))
        {
            return split;
        }

        string temporary = names.Numbered("t");
        output.Add(new AssignStatement(temporary, ValueKind.Real, split, Declare: true));
        return new VariableExpr(temporary, ValueKind.Real);
    }
}
