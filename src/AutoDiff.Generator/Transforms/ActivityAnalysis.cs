using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Finds the variables whose value depends on a differentiable input ("varied"). Only those get adjoints; the
/// reverse sweep skips every statement whose target is not varied. Whether a value is also useful (reaches the
/// result) is decided on the fly by the reverse sweep: an adjoint nobody accumulated into is zero.
/// </summary>
internal sealed class ActivityAnalysis
{
    private readonly HashSet<string> _varied;

    private ActivityAnalysis(HashSet<string> varied) => _varied = varied;

    public static ActivityAnalysis Analyze(IEnumerable<string> differentiableInputs, IReadOnlyList<Statement> body)
    {
        var analysis = new ActivityAnalysis(new HashSet<string>(differentiableInputs, StringComparer.Ordinal));
        foreach (var assign in body.OfType<AssignStatement>())
        {
            if (assign.TargetKind == ValueKind.Real && analysis.IsVaried(assign.Value))
            {
                analysis._varied.Add(assign.Target);
            }
        }

        return analysis;
    }

    public bool IsVariedVariable(string name) => _varied.Contains(name);

    /// <summary>True when the real value of <paramref name="expression"/> changes with a differentiable input.</summary>
    public bool IsVaried(Expr expression) => expression switch
    {
        { Kind: not ValueKind.Real } => false,
        VariableExpr variable => _varied.Contains(variable.Name),
        ElementExpr { Array: VariableExpr array } => _varied.Contains(array.Name),
        CallExpr call when MathFunctionFacts.IsPiecewiseConstant(call.Function) => false,
        ConditionalExpr conditional => IsVaried(conditional.WhenTrue) || IsVaried(conditional.WhenFalse),
        UnaryExpr or BinaryExpr or CallExpr => ExprFactory.Children(expression).Any(IsVaried),
        _ => false,
    };
}
