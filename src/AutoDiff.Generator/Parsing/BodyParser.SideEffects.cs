using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Expressions with side effects: assignments, compound assignments and ++/-- used as values (w[p++], a = b = 0,
// if ((r = f(x)) > 0)), tuple deconstruction, and the sequencing that keeps C#'s left-to-right evaluation order when
// their statements are hoisted out of an expression.
internal sealed partial class BodyParser
{
    /// <summary>
    /// Whether lowering <paramref name="operation"/> puts statements before the expression: it assigns something,
    /// holds a switch expression (lowered to an if-chain assigning a local) or calls a method that is not differentiated
    /// (its result is assigned to a local where C# calls it).
    /// </summary>
    private bool HasSideEffects(IOperation operation) =>
        operation.DescendantsAndSelf().Any(o => o is ISimpleAssignmentOperation or ICompoundAssignmentOperation
            or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation or ISwitchExpressionOperation
            || (o is IInvocationOperation invocation && IsOpaqueCall(invocation)));

    /// <summary>Parses with the statements an expression hoists going to <paramref name="target"/>.</summary>
    private T WithHoistTarget<T>(List<Statement> target, Func<T> parse)
    {
        var outer = _hoistTarget;
        _hoistTarget = target;
        try
        {
            return parse();
        }
        finally
        {
            _hoistTarget = outer;
        }
    }

    /// <summary>How many statements have been hoisted so far: the place an earlier operand's value is taken at.</summary>
    private int HoistMark() => _hoistTarget?.Count ?? 0;

    /// <summary>
    /// C# evaluates operands left to right, each completely before the next. When a later operand hoisted statements
    /// (after <paramref name="mark"/>) that write a variable or array <paramref name="earlier"/> reads, the earlier
    /// value is copied into a temporary right at <paramref name="mark"/> and the temporary is used instead:
    /// <c>x[p] + w[p++]</c> reads <c>x</c> at the old <c>p</c>. Whole arrays are references and are never copied.
    /// </summary>
    private Expr? Sequenced(Expr? earlier, int mark)
    {
        if (earlier is SliceExpr slice)
        {
            // G(x.Slice(i, 2), i++): the slice starts where i was when it was evaluated.
            return slice with { Start = Sequenced(slice.Start, mark)!, Length = Sequenced(slice.Length, mark) };
        }

        if (earlier is null || _hoistTarget is null || _hoistTarget.Count == mark
            || !earlier.Kind.IsScalar() || earlier is LiteralExpr)
        {
            return earlier;
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        StatementTree.CollectAssigned(_hoistTarget.Skip(mark), written);
        if (!Mentions(earlier, written))
        {
            return earlier;
        }

        string temporary = SyntheticLocal("before", earlier.Kind);
        _hoistTarget.Insert(mark, new AssignStatement(temporary, earlier.Kind, earlier, Declare: false));
        return new VariableExpr(temporary, earlier.Kind);
    }

    private static bool Mentions(Expr expression, ISet<string> names) =>
        ExprFactory.Mentions(expression, e => e is VariableExpr variable && names.Contains(variable.Name));

    /// <summary>
    /// Parses operands in the order C# evaluates them (<paramref name="operands"/> in that order), keeping each earlier
    /// value from seeing a later operand's side effects (see <see cref="Sequenced"/>). Null when one failed.
    /// </summary>
    private List<Expr>? ParseInOrder(IReadOnlyList<IOperation> operands, Func<IOperation, Expr?>? parse = null)
    {
        var values = new List<Expr?>();
        var marks = new List<int>();
        foreach (var operand in operands)
        {
            int mark = HoistMark();
            var value = (parse ?? ParseExpression)(operand);
            if (value is null)
            {
                return null;
            }

            for (int i = 0; i < values.Count; i++)
            {
                values[i] = Sequenced(values[i], mark);
            }

            values.Add(value);
            marks.Add(HoistMark());
        }

        for (int i = 0; i < values.Count; i++)
        {
            // A struct or a row of constant data read at an index a later operand changes (G(data[p], p++)) has no
            // local to be copied into: refused rather than read at the new index.
            if (values[i] is { Kind: ValueKind.Object or ValueKind.RealArray } value and not VariableExpr && _hoistTarget is not null && _hoistTarget.Count > marks[i])
            {
                var written = new HashSet<string>(StringComparer.Ordinal);
                StatementTree.CollectAssigned(_hoistTarget.Skip(marks[i]), written);
                if (Mentions(value, written))
                {
                    Unsupported(
                        DiagnosticDescriptors.UnsupportedData,
                        operands[i],
                        $"'{SourceText.OneLine(operands[i].Syntax)}' read before a later operand changes its index",
                        "compute the index into a local first");
                    return null;
                }
            }
        }

        return values.Select(v => v!).ToList();
    }

    /// <summary>
    /// An assignment, compound assignment or <c>++</c>/<c>--</c>: its statements go where the current statement's
    /// hoisted statements go (before it), and the result is its value (null when it failed). As a statement of its own
    /// (<paramref name="valueUsed"/> false) a postfix increment needs no copy of the old value.
    /// </summary>
    private Expr? LowerAssignment(IOperation operation, bool valueUsed)
    {
        if (_hoistTarget is not { } output)
        {
            // Every place an expression is parsed has a hoist target when the expression has side effects (loop
            // conditions, conditional arms and right operands of && and || are lowered to statements for them).
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                operation,
                "assignment or '++'/'--' used as a value",
                "assign in a statement of its own before this one");
        }

        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
            {
                if (AssignmentTarget(assignment.Target) is not { } target)
                {
                    return null;
                }

                int mark = HoistMark();
                if (ParseExpression(assignment.Value) is not { } value)
                {
                    return null;
                }

                target = SequencedTarget(target, mark);
                output.Add(Assign(target, value));
                return target;
            }

            case ICompoundAssignmentOperation compound:
            {
                if (AssignmentTarget(compound.Target) is not { } target)
                {
                    return null;
                }

                if (compound.OperatorMethod is not null || !compound.InConversion.IsIdentity || !compound.OutConversion.IsIdentity
                    || BinaryOperatorOf(compound.OperatorKind) is not { } op)
                {
                    return Unsupported(DiagnosticDescriptors.UnsupportedExpression, compound, "this compound assignment is not supported; write 'x = x op y'");
                }

                // x op= y reads x before it evaluates y.
                int mark = HoistMark();
                if (ParseExpression(compound.Value) is not { } operand)
                {
                    return null;
                }

                // The old value first: a copy of the index taken next must not be read by it (both copies are of
                // the state at the mark).
                var current = Sequenced(target, mark)!;
                target = SequencedTarget(target, mark);
                output.Add(Assign(target, new BinaryExpr(op, current, operand, target.Kind)));
                return target;
            }

            case IIncrementOrDecrementOperation increment:
            {
                if (AssignmentTarget(increment.Target) is not { } target)
                {
                    return null;
                }

                var op = increment.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                var one = new LiteralExpr(1, target.Kind);
                if (valueUsed && increment.IsPostfix)
                {
                    // p++ is the old value of p.
                    string old = SyntheticLocal(target is VariableExpr variable ? variable.Name + "Old" : "elementOld", target.Kind);
                    var oldValue = new VariableExpr(old, target.Kind);
                    output.Add(new AssignStatement(old, target.Kind, target, Declare: false));
                    output.Add(Assign(target, new BinaryExpr(op, oldValue, one, target.Kind)));
                    return oldValue;
                }

                output.Add(Assign(target, new BinaryExpr(op, target, one, target.Kind)));
                return target;
            }

            case IDeconstructionAssignmentOperation deconstruction when !valueUsed:
                LowerDeconstruction(deconstruction, output);
                return null;

            default:
                return Unsupported(
                    DiagnosticDescriptors.UnsupportedExpression,
                    operation,
                    "tuple deconstruction used as a value",
                    "deconstruct in a statement of its own");
        }
    }

    /// <summary>An element target's index is evaluated before the value: it keeps the index it had then.</summary>
    private Expr SequencedTarget(Expr target, int mark) =>
        target is ElementExpr element && Sequenced(element.Index, mark) is { } index && index != element.Index
            ? element with { Index = index }
            : target;

    /// <summary>
    /// <c>(a, b) = (b, a)</c>, <c>var (u, v) = (x[0], x[1])</c>, <c>(double u, double v) = (...)</c>: the targets'
    /// indices, then every right-hand element, are evaluated left to right before anything is assigned, so an element
    /// that reads a variable assigned earlier in the list is copied into a temporary first.
    /// </summary>
    private void LowerDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<Statement> output)
    {
        var targets = TupleElements(deconstruction.Target);
        var values = TupleElements(WithoutTupleConversion(deconstruction.Value));
        if (targets is null || values is null || targets.Count != values.Count
            || targets.Any(t => t is ITupleOperation or IDeclarationExpressionOperation { Expression: ITupleOperation }))
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedStatement,
                deconstruction,
                "tuple deconstruction of anything but a flat tuple literal",
                "write (a, b) = (x, y) with locals or elements on the left, or assign the parts one by one");
            return;
        }

        var targetExprs = new List<Expr?>();
        foreach (var target in targets)
        {
            int mark = HoistMark();
            var parsed = target is IDiscardOperation ? null : AssignmentTarget(WithoutDeclaration(target));
            if (parsed is null && target is not IDiscardOperation)
            {
                return;
            }

            for (int i = 0; i < targetExprs.Count; i++)
            {
                targetExprs[i] = targetExprs[i] is { } earlier ? SequencedTarget(earlier, mark) : null;
            }

            targetExprs.Add(parsed);
        }

        int valuesMark = HoistMark();
        if (ParseInOrder(values) is not { } valueExprs)
        {
            return;
        }

        for (int i = 0; i < targetExprs.Count; i++)
        {
            targetExprs[i] = targetExprs[i] is { } target ? SequencedTarget(target, valuesMark) : null;
        }

        // Assigned left to right: what an assignment writes must not change an index or a value still to be used.
        var written = new HashSet<string>(StringComparer.Ordinal);
        var assignments = new List<Statement>();
        for (int i = 0; i < targetExprs.Count; i++)
        {
            var value = ConvertedTo(valueExprs[i], targets[i].Type);
            if (written.Count > 0 && Mentions(value, written))
            {
                value = Spill(value, output);
            }

            // A discard, or an element assigned itself ('(a, b) = (a, c)'): nothing to write.
            if (targetExprs[i] is not { } target || target == value)
            {
                continue;
            }

            if (target is ElementExpr element && written.Count > 0 && Mentions(element.Index, written))
            {
                target = element with { Index = Spill(element.Index, output) };
            }

            assignments.Add(Assign(target, value));
            StatementTree.CollectAssigned(assignments.Skip(assignments.Count - 1), written);
        }

        output.AddRange(assignments);
    }

    private Expr Spill(Expr value, List<Statement> output, string name = "tuple")
    {
        string temporary = SyntheticLocal(name, value.Kind);
        output.Add(new AssignStatement(temporary, value.Kind, value, Declare: false));
        return new VariableExpr(temporary, value.Kind);
    }

    /// <summary>An int element assigned to a double (or long) target converts, as the tuple conversion does.</summary>
    private static Expr ConvertedTo(Expr value, ITypeSymbol? type) =>
        ClassifyValue(type) is { } kind ? ExprFactory.ConvertTo(value, kind) : value;

    private static IReadOnlyList<IOperation>? TupleElements(IOperation operation) => operation switch
    {
        ITupleOperation tuple => tuple.Elements,
        IDeclarationExpressionOperation { Expression: ITupleOperation tuple } => tuple.Elements,
        _ => null,
    };

    private static IOperation WithoutDeclaration(IOperation target) =>
        target is IDeclarationExpressionOperation declaration ? declaration.Expression : target;

    private static IOperation WithoutTupleConversion(IOperation value) =>
        value is IConversionOperation { Operand: ITupleOperation tuple, OperatorMethod: null } ? tuple : value;
}
