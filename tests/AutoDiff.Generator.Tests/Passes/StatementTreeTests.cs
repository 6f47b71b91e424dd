using System;
using System.Linq;
using System.Runtime.CompilerServices;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Xunit;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// <see cref="StatementTree"/> names every statement kind and <see cref="ExprFactory.Children"/> every expression kind,
/// so the passes that recurse through them cannot pass a new kind through unnoticed: adding a kind fails here until it
/// is added there.
/// </summary>
public sealed class StatementTreeTests
{
    [Fact]
    public void EveryStatementKind_IsKnownToTheStatementTree()
    {
        var kinds = typeof(Statement).Assembly.GetTypes()
            .Where(t => typeof(Statement).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        Assert.True(kinds.Count >= 25, $"only {kinds.Count} statement kinds found");

        var unknown = kinds.Where(kind =>
        {
            var instance = (Statement)RuntimeHelpers.GetUninitializedObject(kind);
            try
            {
                StatementTree.ChildLists(instance);
                StatementTree.WithChildLists(instance, list => list);
                return false;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }).Select(kind => kind.Name).ToList();

        Assert.True(unknown.Count == 0, "StatementTree does not know: " + string.Join(", ", unknown));
    }

    [Fact]
    public void EveryExpressionKind_IsKnownToChildren()
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

        Assert.True(unknown.Count == 0, "ExprFactory.Children does not know: " + string.Join(", ", unknown));
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
}
