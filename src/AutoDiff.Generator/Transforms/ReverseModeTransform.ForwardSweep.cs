using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>Reverse mode, the forward sweep: the method, recording decisions and trip counts and saving what the reverse sweep needs.</summary>
internal sealed partial class ReverseModeTransform
{
    /// <param name="statements">The statements, in three-address form.</param>
    /// <param name="plan">What the reverse sweep, built first, needs recorded and saved.</param>
    /// <param name="tapeDepth">
    /// How many enclosing loops run other iterations between these statements and their reverse: 0 outside loops and
    /// directly in a fused loop's body, where what the reverse needs fits in locals; above 0 it goes on the tape.
    /// </param>
    private List<Statement> Forward(IReadOnlyList<Statement> statements, ReversePlan plan, int tapeDepth) =>
        new ForwardSweep(this, plan, tapeDepth).Rewrite(statements);

    /// <summary>The forward sweep of one statement list.</summary>
    private sealed class ForwardSweep(ReverseModeTransform transform, ReversePlan plan, int tapeDepth) : SourceStatementRewriter
    {
        public override void VisitAssign(AssignStatement statement)
        {
            transform.Save(statement, statement.Target, statement.TargetKind, null, plan, Output);
            Keep(statement);
        }

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            transform.Save(statement, statement.Array, ValueKind.Real, statement.Index, plan, Output);
            Keep(statement);
        }

        public override void VisitIf(IfStatement statement)
        {
            if (!plan.TryGetRecord(statement, out var record))
            {
                // An if the reverse sweep does not replay: nothing to undo in it.
                KeepRewritingInside(statement);
                return;
            }

            // The decision goes on the tape after the branch, on top of whatever the branch pushed, so that the reverse
            // sweep pops it first and then knows which branch's values to pop. A branch that breaks out of the loop
            // pushes it (and those of the ifs around it) just before the break.
            var decision = new VariableExpr(record.Decision!, ValueKind.Boolean);
            Output.Add(new AssignStatement(record.Decision!, ValueKind.Boolean, statement.Condition, Declare: false));
            if (record.OnTape)
            {
                transform._openDecisions.Add(record.Decision!);
            }

            var whenTrue = RewriteList(statement.Then);
            var whenFalse = RewriteList(statement.Else);
            Output.Add(new IfStatement(decision, whenTrue, whenFalse));
            if (record.OnTape)
            {
                transform._openDecisions.RemoveAt(transform._openDecisions.Count - 1);
                Output.Add(transform.Push(decision));
            }
        }

        public override void VisitBreak(BreakStatement statement)
        {
            for (int i = transform._openDecisions.Count - 1; i >= 0; i--)
            {
                Output.Add(transform.Push(new VariableExpr(transform._openDecisions[i], ValueKind.Boolean)));
            }

            Keep(statement);
        }

        public override void VisitLoop(LoopStatement statement) => transform.ForwardLoop(statement, plan, tapeDepth, Output);

        // Statements without derivatives, which overwrite nothing the reverse sweep reads.
        public override void VisitDeclare(DeclareStatement statement) => Keep(statement);

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Keep(statement);

        public override void VisitContinue(ContinueStatement statement) => Keep(statement);

        public override void VisitComment(CommentStatement statement) => Keep(statement);

        public override void VisitEffect(EffectStatement statement) => Keep(statement);

        // Control-flow normalization has turned returns into assignments and dropped the exits.
        public override void VisitReturn(ReturnStatement statement) => throw NotExpected(statement);

        public override void VisitExit(ExitStatement statement) => throw NotExpected(statement);
    }

    private void ForwardLoop(LoopStatement loop, ReversePlan plan, int tapeDepth, List<Statement> output)
    {
        // A break leaves only this loop: the decisions of ifs around the loop are pushed when those ifs end.
        var outerDecisions = _openDecisions;
        _openDecisions = new List<string>();
        var body = Forward(loop.Body, plan, tapeDepth + 1);
        var increment = Forward(loop.Increment, plan, tapeDepth + 1);
        _openDecisions = outerDecisions;
        if (!plan.TryGetRecord(loop, out var record) || record.Recomputed)
        {
            output.Add(loop with { Body = body.ToEquatableArray(), Increment = increment.ToEquatableArray() });
            return;
        }

        var count = new VariableExpr(record.Count!, ValueKind.Integer);
        if (record.Start is not null)
        {
            output.Add(new AssignStatement(record.Start, ValueKind.Integer, new VariableExpr(loop.Index!, ValueKind.Integer), Declare: false));
        }

        output.Add(new AssignStatement(record.Count!, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false));
        body.Insert(0, new AssignStatement(record.Count!, ValueKind.Integer, new BinaryExpr(BinaryOperator.Add, count, new LiteralExpr(1, ValueKind.Integer), ValueKind.Integer), Declare: false));
        output.Add(loop with { Body = body.ToEquatableArray(), Increment = increment.ToEquatableArray() });
        if (record.OnTape)
        {
            output.Add(Push(count));
            if (record.Start is not null)
            {
                output.Add(Push(new VariableExpr(record.Start, ValueKind.Integer)));
            }
        }
    }

    private void Save(Statement statement, string target, ValueKind kind, Expr? index, ReversePlan plan, List<Statement> output)
    {
        if (!NeedsSave(statement))
        {
            return;
        }

        Expr current = index is null ? new VariableExpr(target, kind) : new ElementExpr(new VariableExpr(target, ValueKind.RealArray), index);
        output.Add(plan.PlannedSaveSlot(statement) is { } local
            ? new AssignStatement(local, kind, current, Declare: false)
            : Push(current));
    }

    private Statement Restore(Statement statement, string target, ValueKind kind, Expr? index, int tapeDepth)
    {
        if (SaveSlot(statement, target, index, kind, tapeDepth) is not { } local)
        {
            return Pop(target, kind, index);
        }

        var value = new VariableExpr(local, kind);
        return index is null
            ? new AssignStatement(target, kind, value, Declare: false)
            : new ElementAssignStatement(target, index, value);
    }

    /// <summary>
    /// Where the old value overwritten by <paramref name="statement"/> is kept: null for the tape (inside loops, where
    /// the statement runs many times before its reverse), otherwise a local of its own (it runs once before it).
    /// </summary>
    private string? SaveSlot(Statement statement, string target, Expr? index, ValueKind kind, int tapeDepth) =>
        _plan.SaveSlot(statement, () =>
        {
            if (tapeDepth > 0)
            {
                return null;
            }

            string local = _names.Fresh((index is null ? target : target + "Element") + "Saved");
            Declare(local, kind);
            return local;
        });

    private PushStatement Push(Expr value)
    {
        _usesTape = true;
        return new PushStatement(_tape, value);
    }

    private PopStatement Pop(string target, ValueKind kind, Expr? index = null)
    {
        _usesTape = true;
        return new PopStatement(_tape, target, kind, index);
    }

    private TapeSpanExpr TapeSpan(Expr length)
    {
        _usesTape = true;
        return new TapeSpanExpr(_tape, length);
    }
}
