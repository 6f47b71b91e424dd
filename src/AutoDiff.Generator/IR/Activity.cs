using System.Collections.Generic;
using System.Linq;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.IR;

/// <summary>
/// Which values depend on a differentiable input ("varied", in Clad's and Tapenade's terms). One rule, read by the
/// parser (an active argument passed to a <c>[Constant]</c> parameter is an error) and by reverse mode (which values
/// get adjoints).
/// </summary>
internal static class Activity
{
    /// <summary>Whether <paramref name="expression"/> depends on a variable in <paramref name="varied"/>.</summary>
    public static bool IsVaried(Expr expression, ISet<string> varied) => expression switch
    {
        { Kind: not (ValueKind.Real or ValueKind.RealArray) } => false,
        VariableExpr variable => varied.Contains(variable.Name),
        ElementExpr { Array: VariableExpr array } => varied.Contains(array.Name),
        SliceExpr slice => IsVaried(slice.Array, varied),
        MathCallExpr { Function.IsPiecewiseConstant: true } => false,

        // The parser refuses an opaque call whose real result would depend on a differentiable input.
        OpaqueCallExpr => false,
        ConditionalExpr conditional => IsVaried(conditional.WhenTrue, varied) || IsVaried(conditional.WhenFalse, varied),
        DifferentiableCallExpr invocation => invocation.Arguments.Where((_, i) => invocation.Differentiable[i]).Any(a => IsVaried(a, varied)),
        UnaryExpr or BinaryExpr or MathCallExpr or GuardedExpr => Children(expression).Any(child => IsVaried(child, varied)),
        _ => false,
    };

    /// <summary>
    /// Every variable or local array that some assignment anywhere in <paramref name="body"/> gives a varied value,
    /// starting from <paramref name="inputs"/>: flow-insensitive, so a superset of what is varied at any one point.
    /// </summary>
    public static HashSet<string> VariedVariables(IReadOnlyList<Statement> body, IEnumerable<string> inputs)
    {
        var assignments = new List<(string Target, Expr Value)>();
        CollectAssignments(body, assignments);
        return VariedVariables(assignments, inputs);
    }

    /// <summary>The targets of <paramref name="assignments"/> that get a varied value, starting from <paramref name="inputs"/>, and the inputs.</summary>
    public static HashSet<string> VariedVariables(IReadOnlyList<(string Target, Expr Value)> assignments, IEnumerable<string> inputs)
    {
        var varied = new HashSet<string>(inputs, System.StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (target, value) in assignments)
            {
                if (!varied.Contains(target) && IsVaried(value, varied))
                {
                    changed |= varied.Add(target);
                }
            }
        }

        return varied;
    }

    private static void CollectAssignments(IReadOnlyList<Statement> statements, List<(string Target, Expr Value)> output)
    {
        foreach (var statement in StatementTree.Descendants(statements))
        {
            switch (statement)
            {
                case AssignStatement { TargetKind: ValueKind.Real or ValueKind.RealArray } assign:
                    output.Add((assign.Target, assign.Value));
                    break;
                case ElementAssignStatement element:
                    output.Add((element.Array, element.Value));
                    break;
            }
        }
    }
}
