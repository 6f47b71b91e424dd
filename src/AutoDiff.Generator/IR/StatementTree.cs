using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.IR;

/// <summary>
/// The shape of the statement tree: which statement lists each kind of statement holds. Every kind is named here, and
/// an unknown kind throws instead of passing through (a test enumerates every kind), so the passes that only need to
/// reach nested statements (collecting, searching, rewriting what they do not handle) go through these and never miss
/// a container, old or new.
/// </summary>
internal static class StatementTree
{
    /// <summary>The statement lists directly inside <paramref name="statement"/>, in program order; none for a simple statement.</summary>
    public static IReadOnlyList<EquatableArray<Statement>> ChildLists(Statement statement) => statement switch
    {
        IfStatement conditional => new[] { conditional.Then, conditional.Else },
        LoopStatement loop => new[] { loop.Body, loop.Increment },
        CountdownLoopStatement countdown => new[] { countdown.Body },
        TapeScopeStatement scope => new[] { scope.Body },
        ScratchScopeStatement scope => new[] { scope.Body },
        DeclareStatement or AssignStatement or ElementAssignStatement or ArrayCreateStatement or AccumulateStatement
            or ElementAccumulateStatement or ClearStatement or BreakStatement or ContinueStatement or ReturnStatement
            or ExitStatement or PushStatement or PopStatement or CallStatement or CommentStatement
            or ArgumentCheckStatement => Array.Empty<EquatableArray<Statement>>(),
        _ => throw Unknown(statement),
    };

    /// <summary>
    /// <paramref name="statement"/> with each of its statement lists replaced by <paramref name="rewrite"/> of it (the
    /// statement itself when it holds none): the recursion of a pass that rewrites some kinds and keeps the rest.
    /// </summary>
    public static Statement WithChildLists(Statement statement, Func<IReadOnlyList<Statement>, IEnumerable<Statement>> rewrite)
    {
        EquatableArray<Statement> Map(EquatableArray<Statement> list) => rewrite(list.Items).ToEquatableArray();
        return statement switch
        {
            IfStatement conditional => conditional with { Then = Map(conditional.Then), Else = Map(conditional.Else) },
            LoopStatement loop => loop with { Body = Map(loop.Body), Increment = Map(loop.Increment) },
            CountdownLoopStatement countdown => countdown with { Body = Map(countdown.Body) },
            TapeScopeStatement scope => scope with { Body = Map(scope.Body) },
            ScratchScopeStatement scope => scope with { Body = Map(scope.Body) },
            _ => ChildLists(statement).Count == 0 ? statement : throw Unknown(statement),
        };
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

    private static InvalidOperationException Unknown(Statement statement) =>
        new("StatementTree does not know the statement kind " + statement.GetType().Name + "; add it to ChildLists and WithChildLists.");
}
