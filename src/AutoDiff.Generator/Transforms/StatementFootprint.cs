using System;
using System.Collections.Generic;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// What a list of statements reads and writes (variables and arrays, by name), and whether it is pinned in place: it
/// has an effect or calls a user method (differentiable or opaque), whose order with other code matters.
/// </summary>
internal sealed class StatementFootprint : SourceStatementWalker
{
    private readonly HashSet<string> _reads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _writes = new(StringComparer.Ordinal);
    private bool _pinned;

    public static StatementFootprint Of(IEnumerable<Statement> statements)
    {
        var footprint = new StatementFootprint();
        footprint.Walk(statements);
        return footprint;
    }

    /// <summary>
    /// Whether the two can run in either order with the same results: neither is pinned, and neither writes what the
    /// other reads or writes.
    /// </summary>
    public bool CommutesWith(StatementFootprint other) =>
        !_pinned && !other._pinned
        && !_writes.Overlaps(other._reads) && !_writes.Overlaps(other._writes) && !_reads.Overlaps(other._writes);

    public override void VisitAssign(AssignStatement statement)
    {
        Read(statement.Value);
        _writes.Add(statement.Target);
    }

    public override void VisitElementAssign(ElementAssignStatement statement)
    {
        Read(statement.Index);
        Read(statement.Value);
        _writes.Add(statement.Array);
    }

    public override void VisitArrayCreate(ArrayCreateStatement statement)
    {
        Read(statement.Length);
        _writes.Add(statement.Array);
    }

    public override void VisitIf(IfStatement statement)
    {
        Read(statement.Condition);
        WalkChildren(statement);
    }

    public override void VisitLoop(LoopStatement statement)
    {
        Read(statement.Condition);
        WalkChildren(statement);
    }

    public override void VisitEffect(EffectStatement statement) => _pinned = true;

    public override void VisitDeclare(DeclareStatement statement) => _pinned = true;

    // Control flow inside a loop stays inside it; a comment does nothing.
    public override void VisitBreak(BreakStatement statement)
    {
    }

    public override void VisitContinue(ContinueStatement statement)
    {
    }

    public override void VisitComment(CommentStatement statement)
    {
    }

    // Control-flow normalization has turned returns into assignments and dropped the exits.
    public override void VisitReturn(ReturnStatement statement) => throw NotExpected(statement);

    public override void VisitExit(ExitStatement statement) => throw NotExpected(statement);

    private void Read(Expr expression)
    {
        _reads.UnionWith(ProgramFacts.Reads(expression));
        _pinned |= ExprFactory.Mentions(expression, e => e is DifferentiableCallExpr or OpaqueCallExpr);
    }
}
