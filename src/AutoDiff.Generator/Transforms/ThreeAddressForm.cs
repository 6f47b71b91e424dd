using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Splits real-valued expressions so that every operation reads only atoms (literals, variables, element reads,
/// constants): <c>b = x[1] - x[0] * x[0]</c> becomes <c>t0 = x[0] * x[0]; b = x[1] - t0</c>. Each intermediate then
/// has a name through which the reverse sweep reads its value and accumulates its adjoint. Integer and boolean
/// expressions (indices, conditions) are never differentiated and stay whole. A conditional expression whose
/// branches are computations becomes an <c>if</c>, so that only the chosen branch is evaluated, as in C#.
/// </summary>
internal sealed class ThreeAddressForm : SourceStatementRewriter
{
    private readonly NameAllocator _names;
    private readonly List<DeclareStatement> _temporaries = new();
    private readonly HashSet<string> _singleUse = new(System.StringComparer.Ordinal);

    private ThreeAddressForm(NameAllocator names) => _names = names;

    /// <summary>
    /// The split body, the temporaries it introduced, and which of them are assigned once and read once, right
    /// after, in the same statement list (the operands it split out).
    /// </summary>
    public static (List<Statement> Body, List<DeclareStatement> Temporaries, HashSet<string> SingleUse) Apply(IEnumerable<Statement> body, NameAllocator names)
    {
        var pass = new ThreeAddressForm(names);
        return (pass.Rewrite(body), pass._temporaries, pass._singleUse);
    }

    /// <summary>True for expressions that are read, not computed: their value is available at any time.</summary>
    public static bool IsAtom(Expr expression) => expression switch
    {
        LiteralExpr or VariableExpr or MemberExpr or ThisExpr or LengthExpr or DataElementExpr => true,
        ElementExpr element => IsAtom(element.Array),
        ConvertExpr { TargetKind: ValueKind.Real, Operand.Kind: not ValueKind.Real } => true,
        _ => expression.Kind != ValueKind.Real,
    };

    public override void VisitAssign(AssignStatement statement)
    {
        if (statement.TargetKind == ValueKind.Real)
        {
            Output.Add(statement with { Value = SplitOperands(statement.Value, Output) });
        }
        else
        {
            // Integer and boolean values are never differentiated: they stay whole.
            Keep(statement);
        }
    }

    public override void VisitElementAssign(ElementAssignStatement statement) =>
        // A call's result goes through a local first: forward mode gives calls their tangent as an assignment.
        Output.Add(statement with
        {
            Value = statement.Value is DifferentiableCallExpr ? ToAtom(statement.Value, Output) : SplitOperands(statement.Value, Output),
        });

    // Conditions and indices are never split: only the statements inside change.
    public override void VisitIf(IfStatement statement) => KeepRewritingInside(statement);

    public override void VisitLoop(LoopStatement statement) => KeepRewritingInside(statement);

    // Nothing real to split in these.
    public override void VisitDeclare(DeclareStatement statement) => Keep(statement);

    public override void VisitArrayCreate(ArrayCreateStatement statement) => Keep(statement);

    public override void VisitBreak(BreakStatement statement) => Keep(statement);

    public override void VisitContinue(ContinueStatement statement) => Keep(statement);

    public override void VisitComment(CommentStatement statement) => Keep(statement);

    // Its values are read as they are and never differentiated.
    public override void VisitEffect(EffectStatement statement) => Keep(statement);

    // Control-flow normalization has turned returns into assignments and dropped the exits.
    public override void VisitReturn(ReturnStatement statement) => throw NotExpected(statement);

    public override void VisitExit(ExitStatement statement) => throw NotExpected(statement);

    /// <summary>Makes the operands of <paramref name="expression"/> atoms, emitting a temporary for each compound one.</summary>
    private Expr SplitOperands(Expr expression, List<Statement> output)
    {
        if (IsAtom(expression))
        {
            return expression;
        }

        switch (expression)
        {
            case UnaryExpr unary:
                return unary with { Operand = ToAtom(unary.Operand, output) };
            case BinaryExpr binary:
                return binary with { Left = ToAtom(binary.Left, output), Right = ToAtom(binary.Right, output) };
            case MathCallExpr call:
                return call with { Arguments = call.Arguments.Select(a => ToAtom(a, output)).ToEquatableArray() };
            case DifferentiableCallExpr invocation:
                return invocation with { Arguments = invocation.Arguments.Select(a => ToAtom(a, output)).ToEquatableArray() };
            case ConditionalExpr conditional when IsAtom(conditional.WhenTrue) && IsAtom(conditional.WhenFalse):
                return conditional;
            case ConditionalExpr conditional:
            {
                // c ? f(x) : g(x) evaluates one branch only; splitting both eagerly could produce NaN or throw.
                string chosen = Temporary();
                var whenTrue = new List<Statement>();
                whenTrue.Add(new AssignStatement(chosen, ValueKind.Real, SplitOperands(conditional.WhenTrue, whenTrue), Declare: false));
                var whenFalse = new List<Statement>();
                whenFalse.Add(new AssignStatement(chosen, ValueKind.Real, SplitOperands(conditional.WhenFalse, whenFalse), Declare: false));
                output.Add(new IfStatement(conditional.Condition, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
                return new VariableExpr(chosen, ValueKind.Real);
            }

            default:
                return expression;
        }
    }

    private Expr ToAtom(Expr expression, List<Statement> output)
    {
        var split = SplitOperands(expression, output);
        if (IsAtom(split))
        {
            return split;
        }

        string temporary = Temporary();
        _singleUse.Add(temporary);
        output.Add(new AssignStatement(temporary, ValueKind.Real, split, Declare: false));
        return new VariableExpr(temporary, ValueKind.Real);
    }

    private string Temporary()
    {
        string name = _names.Numbered("t");
        _temporaries.Add(new DeclareStatement(name, ValueKind.Real));
        return name;
    }
}
