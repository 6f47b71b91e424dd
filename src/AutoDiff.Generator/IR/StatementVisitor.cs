using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.IR;

/// <summary>
/// A pass over statements that says what it does with every statement kind: one abstract method per kind, and every
/// statement dispatches to its own (<see cref="Statement.Accept"/>). Adding a kind means adding its method here, which
/// is then a compile error in every pass until each one decides how to handle it. There are deliberately no default
/// implementations: a pass that leaves a kind alone says so with <see cref="StatementRewriter.Keep"/>, and one that
/// can never meet it (a kind made later in the pipeline) with <see cref="NotExpected"/>.
/// </summary>
/// <remarks>
/// Two shapes derive from this: <see cref="StatementWalker"/> for passes that read statements (analyses, the
/// emitter) and <see cref="StatementRewriter"/> for passes that turn a statement list into another; their
/// <c>Source</c> variants are for passes that run on the user's method before any derivative code exists, and take
/// only the kinds that can occur there. A targeted rewrite that changes one or two kinds and leaves every other alone
/// (returns into assignments, say) does not need a visitor: it matches its kinds and recurses through
/// <see cref="StatementTree.WithChildLists"/>, which is itself a visitor, so no kind's body is skipped.
/// </remarks>
internal abstract class StatementVisitor
{
    /// <summary>Runs the method of <paramref name="statement"/>'s kind.</summary>
    public void Visit(Statement statement) => statement.Accept(this);

    public abstract void VisitDeclare(DeclareStatement statement);

    public abstract void VisitAssign(AssignStatement statement);

    public abstract void VisitElementAssign(ElementAssignStatement statement);

    public abstract void VisitArrayCreate(ArrayCreateStatement statement);

    public abstract void VisitAccumulate(AccumulateStatement statement);

    public abstract void VisitElementAccumulate(ElementAccumulateStatement statement);

    public abstract void VisitClear(ClearStatement statement);

    public abstract void VisitIf(IfStatement statement);

    public abstract void VisitLoop(LoopStatement statement);

    public abstract void VisitCountdownLoop(CountdownLoopStatement statement);

    public abstract void VisitBreak(BreakStatement statement);

    public abstract void VisitContinue(ContinueStatement statement);

    public abstract void VisitReturn(ReturnStatement statement);

    public abstract void VisitExit(ExitStatement statement);

    public abstract void VisitTapeScope(TapeScopeStatement statement);

    public abstract void VisitScratchScope(ScratchScopeStatement statement);

    public abstract void VisitPush(PushStatement statement);

    public abstract void VisitPop(PopStatement statement);

    public abstract void VisitCall(CallStatement statement);

    public abstract void VisitComment(CommentStatement statement);

    public abstract void VisitEffect(EffectStatement statement);

    public abstract void VisitArgumentCheck(ArgumentCheckStatement statement);

    /// <summary>
    /// For a kind this pass cannot meet because it only exists earlier or later in the pipeline (a return after
    /// control-flow normalization, a tape push before the reverse pass): meeting it is a bug in the pipeline.
    /// </summary>
    protected InvalidOperationException NotExpected(Statement statement) =>
        new(GetType().Name + " does not expect a " + statement.GetType().Name + " at this point of the pipeline.");
}

/// <summary>A pass that reads statements: an analysis, or the emitter.</summary>
internal abstract class StatementWalker : StatementVisitor
{
    /// <summary>Visits each statement in program order.</summary>
    public virtual void Walk(IEnumerable<Statement> statements)
    {
        foreach (var statement in statements)
        {
            Visit(statement);
        }
    }

    /// <summary>Walks the statement lists inside <paramref name="statement"/>, in program order.</summary>
    protected void WalkChildren(Statement statement)
    {
        foreach (var list in StatementTree.ChildLists(statement))
        {
            Walk(list.Items);
        }
    }
}

/// <summary>
/// A pass that turns a statement list into another: each method appends what its statement becomes to
/// <see cref="Output"/> (nothing to drop it, several statements to expand it).
/// </summary>
internal abstract class StatementRewriter : StatementVisitor
{
    private List<Statement>? _output;

    /// <summary>Where the statement being visited goes: the list <see cref="Rewrite"/> is building.</summary>
    protected List<Statement> Output => _output ?? throw new InvalidOperationException("Visit statements through Rewrite.");

    /// <summary>What <paramref name="statements"/> become, visited in program order.</summary>
    public List<Statement> Rewrite(IEnumerable<Statement> statements) => RewriteWith(output =>
    {
        foreach (var statement in statements)
        {
            Visit(statement);
        }
    });

    /// <summary>
    /// A new output list filled by <paramref name="visitAll"/> (which visits statements in the order it chooses), with
    /// the enclosing list restored afterwards: the recursion into nested statement lists.
    /// </summary>
    protected List<Statement> RewriteWith(Action<List<Statement>> visitAll)
    {
        var enclosing = _output;
        var output = new List<Statement>();
        _output = output;
        try
        {
            visitAll(output);
        }
        finally
        {
            _output = enclosing;
        }

        return output;
    }

    /// <summary>Keeps <paramref name="statement"/> as it is.</summary>
    protected void Keep(Statement statement) => Output.Add(statement);

    /// <summary>Keeps <paramref name="statement"/> with each statement list inside it rewritten by this pass.</summary>
    protected void KeepRewritingInside(Statement statement) =>
        Output.Add(StatementTree.WithChildLists(statement, list => Rewrite(list)));

    /// <summary><paramref name="statements"/> rewritten, as the array a statement holds.</summary>
    protected EquatableArray<Statement> RewriteList(IEnumerable<Statement> statements) => Rewrite(statements).ToEquatableArray();
}

/// <summary>
/// A <see cref="StatementWalker"/> over the user's method as parsed and normalized, before any derivative code exists:
/// the kinds only the derivative transforms make (adjoint accumulations, tape pushes and pops, reverse loops, scopes,
/// argument checks) cannot occur, and meeting one throws.
/// </summary>
internal abstract class SourceStatementWalker : StatementWalker
{
    public sealed override void VisitAccumulate(AccumulateStatement statement) => throw NotExpected(statement);

    public sealed override void VisitElementAccumulate(ElementAccumulateStatement statement) => throw NotExpected(statement);

    public sealed override void VisitClear(ClearStatement statement) => throw NotExpected(statement);

    public sealed override void VisitCountdownLoop(CountdownLoopStatement statement) => throw NotExpected(statement);

    public sealed override void VisitTapeScope(TapeScopeStatement statement) => throw NotExpected(statement);

    public sealed override void VisitScratchScope(ScratchScopeStatement statement) => throw NotExpected(statement);

    public sealed override void VisitPush(PushStatement statement) => throw NotExpected(statement);

    public sealed override void VisitPop(PopStatement statement) => throw NotExpected(statement);

    public sealed override void VisitCall(CallStatement statement) => throw NotExpected(statement);

    public sealed override void VisitArgumentCheck(ArgumentCheckStatement statement) => throw NotExpected(statement);
}

/// <summary>A <see cref="StatementRewriter"/> over the user's method before any derivative code exists (see <see cref="SourceStatementWalker"/>).</summary>
internal abstract class SourceStatementRewriter : StatementRewriter
{
    public sealed override void VisitAccumulate(AccumulateStatement statement) => throw NotExpected(statement);

    public sealed override void VisitElementAccumulate(ElementAccumulateStatement statement) => throw NotExpected(statement);

    public sealed override void VisitClear(ClearStatement statement) => throw NotExpected(statement);

    public sealed override void VisitCountdownLoop(CountdownLoopStatement statement) => throw NotExpected(statement);

    public sealed override void VisitTapeScope(TapeScopeStatement statement) => throw NotExpected(statement);

    public sealed override void VisitScratchScope(ScratchScopeStatement statement) => throw NotExpected(statement);

    public sealed override void VisitPush(PushStatement statement) => throw NotExpected(statement);

    public sealed override void VisitPop(PopStatement statement) => throw NotExpected(statement);

    public sealed override void VisitCall(CallStatement statement) => throw NotExpected(statement);

    public sealed override void VisitArgumentCheck(ArgumentCheckStatement statement) => throw NotExpected(statement);
}
