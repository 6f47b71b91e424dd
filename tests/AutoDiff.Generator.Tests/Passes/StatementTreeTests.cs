using System;
using System.Linq;
using System.Runtime.CompilerServices;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Xunit;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// Every statement kind dispatches to its own <see cref="StatementVisitor"/> method (so a new kind is a compile error in
/// every pass) and <see cref="ExprFactory.Children"/> and <see cref="ExprFactory.Rewrite"/> name every expression kind, so
/// the passes that recurse through them cannot pass a new kind through unnoticed.
/// </summary>
public sealed class StatementTreeTests
{
    [Fact]
    public void EveryStatementKind_DispatchesToItsOwnVisitMethod()
    {
        // A new kind does not compile until it implements Accept and StatementVisitor has its method (which every pass
        // must then implement); this checks that each kind's Accept calls its own method, not a neighbour's.
        var kinds = typeof(Statement).Assembly.GetTypes()
            .Where(t => typeof(Statement).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        Assert.True(kinds.Count >= 25, $"only {kinds.Count} statement kinds found");

        var wrong = kinds.Select(kind =>
        {
            var instance = (Statement)RuntimeHelpers.GetUninitializedObject(kind);
            var visitor = new RecordingVisitor();
            instance.Accept(visitor);
            string expected = typeof(ArgumentCheckStatement).IsAssignableFrom(kind)
                ? nameof(StatementVisitor.VisitArgumentCheck)
                : "Visit" + kind.Name.Substring(0, kind.Name.Length - "Statement".Length);
            return (kind.Name, visitor.Called, expected);
        }).Where(r => r.Called != r.expected).Select(r => $"{r.Name} calls {r.Called ?? "nothing"}").ToList();

        Assert.True(wrong.Count == 0, string.Join(", ", wrong));

        // ...and that StatementTree answers for every kind (its Shape visitor is the one place containers are listed).
        foreach (var kind in kinds)
        {
            var instance = (Statement)RuntimeHelpers.GetUninitializedObject(kind);
            if (StatementTree.ChildLists(instance).Count == 0)
            {
                Assert.Same(instance, StatementTree.WithChildLists(instance, list => list));
            }
        }
    }

    [Fact]
    public void EveryExpressionKind_IsKnownToChildrenAndRewrite()
    {
        var kinds = typeof(Expr).Assembly.GetTypes()
            .Where(t => typeof(Expr).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        Assert.True(kinds.Count >= 16, $"only {kinds.Count} expression kinds found");

        var unknown = kinds.Where(kind =>
        {
            var instance = (Expr)RuntimeHelpers.GetUninitializedObject(kind);
            try
            {
                _ = ExprFactory.Children(instance).ToList();
                _ = ExprFactory.Rewrite(instance, e => ReferenceEquals(e, instance) ? null : e);
                return false;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
            catch (NullReferenceException)
            {
                // Known, but the uninitialised instance has no children to list.
                return false;
            }
        }).Select(kind => kind.Name).ToList();

        Assert.True(unknown.Count == 0, "ExprFactory.Children or Rewrite does not know: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Rewrite_ReplacesOutermostFirstAndRebuildsTheRest()
    {
        var (x, y, w) = (new VariableExpr("x", ValueKind.Real), new VariableExpr("y", ValueKind.Real), new VariableExpr("w", ValueKind.Real));
        var sum = ExprFactory.Add(x, y);
        var product = ExprFactory.Multiply(sum, x);

        var renamed = ExprFactory.Rewrite(product, e => e is VariableExpr { Name: "x" } ? w : null);
        Assert.Equal(ExprFactory.Multiply(ExprFactory.Add(w, y), w), renamed);

        // The replacement is not looked into: x inside it stays.
        var replaced = ExprFactory.Rewrite(product, e => e == sum ? ExprFactory.Subtract(x, w) : e is VariableExpr { Name: "x" } ? y : null);
        Assert.Equal(ExprFactory.Multiply(ExprFactory.Subtract(x, w), y), replaced);
    }

    [Fact]
    public void Descendants_VisitNestedListsInProgramOrder()
    {
        var a = new AssignStatement("a", ValueKind.Real, LiteralExpr.Real(1), Declare: false);
        var b = new AssignStatement("b", ValueKind.Real, LiteralExpr.Real(2), Declare: false);
        var c = new AssignStatement("c", ValueKind.Real, LiteralExpr.Real(3), Declare: false);
        var d = new AssignStatement("d", ValueKind.Real, LiteralExpr.Real(4), Declare: false);
        var loop = new LoopStatement(new LiteralExpr(1, ValueKind.Boolean), TestFirst: true, new Statement[] { b }.ToEquatableArray(), new Statement[] { c }.ToEquatableArray(), Index: null, Step: 1);
        var conditional = new IfStatement(new LiteralExpr(1, ValueKind.Boolean), new Statement[] { loop }.ToEquatableArray(), new Statement[] { d }.ToEquatableArray());

        var targets = StatementTree.Descendants(new Statement[] { a, conditional }).OfType<AssignStatement>().Select(s => s.Target);

        Assert.Equal(new[] { "a", "b", "c", "d" }, targets);
    }

    /// <summary>Remembers which method a statement's <see cref="Statement.Accept"/> called.</summary>
    private sealed class RecordingVisitor : StatementVisitor
    {
        public string? Called { get; private set; }

        public override void VisitDeclare(DeclareStatement statement) => Called = nameof(VisitDeclare);

        public override void VisitAssign(AssignStatement statement) => Called = nameof(VisitAssign);

        public override void VisitElementAssign(ElementAssignStatement statement) => Called = nameof(VisitElementAssign);

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Called = nameof(VisitArrayCreate);

        public override void VisitAccumulate(AccumulateStatement statement) => Called = nameof(VisitAccumulate);

        public override void VisitElementAccumulate(ElementAccumulateStatement statement) => Called = nameof(VisitElementAccumulate);

        public override void VisitClear(ClearStatement statement) => Called = nameof(VisitClear);

        public override void VisitIf(IfStatement statement) => Called = nameof(VisitIf);

        public override void VisitLoop(LoopStatement statement) => Called = nameof(VisitLoop);

        public override void VisitCountdownLoop(CountdownLoopStatement statement) => Called = nameof(VisitCountdownLoop);

        public override void VisitBreak(BreakStatement statement) => Called = nameof(VisitBreak);

        public override void VisitContinue(ContinueStatement statement) => Called = nameof(VisitContinue);

        public override void VisitReturn(ReturnStatement statement) => Called = nameof(VisitReturn);

        public override void VisitExit(ExitStatement statement) => Called = nameof(VisitExit);

        public override void VisitTapeScope(TapeScopeStatement statement) => Called = nameof(VisitTapeScope);

        public override void VisitScratchScope(ScratchScopeStatement statement) => Called = nameof(VisitScratchScope);

        public override void VisitPush(PushStatement statement) => Called = nameof(VisitPush);

        public override void VisitPop(PopStatement statement) => Called = nameof(VisitPop);

        public override void VisitCall(CallStatement statement) => Called = nameof(VisitCall);

        public override void VisitComment(CommentStatement statement) => Called = nameof(VisitComment);

        public override void VisitEffect(EffectStatement statement) => Called = nameof(VisitEffect);

        public override void VisitArgumentCheck(ArgumentCheckStatement statement) => Called = nameof(VisitArgumentCheck);
    }
}
