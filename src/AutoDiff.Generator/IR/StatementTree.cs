using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.IR;

/// <summary>
/// The shape of the statement tree: which statement lists each kind of statement holds. Every kind is named here (a
/// <see cref="StatementVisitor"/>, so a new kind does not compile until it says), so the searches and collections that
/// only need to reach nested statements go through these and never miss a container, old or new.
/// </summary>
internal static class StatementTree
{
    /// <summary>The statement lists directly inside <paramref name="statement"/>, in program order; none for a simple statement.</summary>
    public static IReadOnlyList<EquatableArray<Statement>> ChildLists(Statement statement)
    {
        var shape = new Shape(rewrite: null);
        shape.Visit(statement);
        return shape.Lists;
    }

    /// <summary>
    /// <paramref name="statement"/> with each of its statement lists replaced by <paramref name="rewrite"/> of it (the
    /// statement itself when it holds none): the recursion of a pass that rewrites some kinds and keeps the rest.
    /// </summary>
    public static Statement WithChildLists(Statement statement, Func<IReadOnlyList<Statement>, IEnumerable<Statement>> rewrite)
    {
        var shape = new Shape(rewrite);
        shape.Visit(statement);
        return shape.Rebuilt!;
    }

    /// <summary>
    /// A copy of <paramref name="statement"/> and of every statement inside it: new objects, for a pass that puts a
    /// statement in a second place (the analyses key their decisions by statement identity, one entry per place).
    /// </summary>
    public static Statement DeepCopy(Statement statement) =>
        WithChildLists(statement with { }, list => list.Select(DeepCopy));

    /// <summary>
    /// For the <c>default</c> of a pass that handles the statements holding other statements it can meet and ignores the
    /// rest: throws for a statement that holds statements (a container the pass would silently skip) or of an unknown kind.
    /// </summary>
    public static void RequireSimple(Statement statement)
    {
        if (ChildLists(statement).Count != 0)
        {
            throw new InvalidOperationException("This pass does not handle a " + statement.GetType().Name + ", which holds statements.");
        }
    }

    /// <summary>
    /// Every statement in a loop's body <paramref name="statements"/> and in the lists inside them but nested loops, in
    /// program order: the statements whose <c>break</c> or <c>continue</c> is this loop's.
    /// </summary>
    public static IEnumerable<Statement> OfThisLoop(IEnumerable<Statement> statements)
    {
        foreach (var statement in statements)
        {
            yield return statement;
            if (statement is LoopStatement or CountdownLoopStatement)
            {
                continue;
            }

            foreach (var list in ChildLists(statement))
            {
                foreach (var inner in OfThisLoop(list))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Every statement in <paramref name="statements"/> and, depth first, in the lists inside them, in program order.</summary>
    public static IEnumerable<Statement> Descendants(IEnumerable<Statement> statements)
    {
        foreach (var statement in statements)
        {
            yield return statement;
            foreach (var list in ChildLists(statement))
            {
                foreach (var inner in Descendants(list.Items))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Adds the target of every assignment in <paramref name="statements"/> (nested ones too): variables and arrays.</summary>
    public static void CollectAssigned(IEnumerable<Statement> statements, ISet<string> names)
    {
        foreach (var statement in Descendants(statements))
        {
            switch (statement)
            {
                case AssignStatement assign:
                    names.Add(assign.Target);
                    break;
                case ElementAssignStatement element:
                    names.Add(element.Array);
                    break;
                case ArrayCreateStatement create:
                    names.Add(create.Array);
                    break;
            }
        }
    }

    /// <summary>
    /// The one place that knows which statement kinds hold statement lists: each kind's lists, and the kind rebuilt
    /// around rewritten lists. A visitor, so a new kind does not compile until it says.
    /// </summary>
    private sealed class Shape(Func<IReadOnlyList<Statement>, IEnumerable<Statement>>? rewrite) : StatementVisitor
    {
        public IReadOnlyList<EquatableArray<Statement>> Lists { get; private set; } = Array.Empty<EquatableArray<Statement>>();

        public Statement? Rebuilt { get; private set; }

        public override void VisitIf(IfStatement statement)
        {
            Lists = new[] { statement.Then, statement.Else };
            Rebuilt = rewrite is null ? statement : statement with { Then = Map(statement.Then), Else = Map(statement.Else) };
        }

        public override void VisitLoop(LoopStatement statement)
        {
            Lists = new[] { statement.Body, statement.Increment };
            Rebuilt = rewrite is null ? statement : statement with { Body = Map(statement.Body), Increment = Map(statement.Increment) };
        }

        public override void VisitCountdownLoop(CountdownLoopStatement statement)
        {
            Lists = new[] { statement.Body };
            Rebuilt = rewrite is null ? statement : statement with { Body = Map(statement.Body) };
        }

        public override void VisitTapeScope(TapeScopeStatement statement)
        {
            Lists = new[] { statement.Body };
            Rebuilt = rewrite is null ? statement : statement with { Body = Map(statement.Body) };
        }

        public override void VisitScratchScope(ScratchScopeStatement statement)
        {
            Lists = new[] { statement.Body };
            Rebuilt = rewrite is null ? statement : statement with { Body = Map(statement.Body) };
        }

        public override void VisitDeclare(DeclareStatement statement) => Rebuilt = statement;

        public override void VisitAssign(AssignStatement statement) => Rebuilt = statement;

        public override void VisitElementAssign(ElementAssignStatement statement) => Rebuilt = statement;

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Rebuilt = statement;

        public override void VisitAccumulate(AccumulateStatement statement) => Rebuilt = statement;

        public override void VisitElementAccumulate(ElementAccumulateStatement statement) => Rebuilt = statement;

        public override void VisitClear(ClearStatement statement) => Rebuilt = statement;

        public override void VisitBreak(BreakStatement statement) => Rebuilt = statement;

        public override void VisitContinue(ContinueStatement statement) => Rebuilt = statement;

        public override void VisitReturn(ReturnStatement statement) => Rebuilt = statement;

        public override void VisitExit(ExitStatement statement) => Rebuilt = statement;

        public override void VisitPush(PushStatement statement) => Rebuilt = statement;

        public override void VisitPop(PopStatement statement) => Rebuilt = statement;

        public override void VisitCall(CallStatement statement) => Rebuilt = statement;

        public override void VisitComment(CommentStatement statement) => Rebuilt = statement;

        public override void VisitEffect(EffectStatement statement) => Rebuilt = statement;

        public override void VisitArgumentCheck(ArgumentCheckStatement statement) => Rebuilt = statement;

        private EquatableArray<Statement> Map(EquatableArray<Statement> list) => rewrite!(list.Items).ToEquatableArray();
    }
}
