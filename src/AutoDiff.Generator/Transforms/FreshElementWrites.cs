using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Element writes whose old value is known to be +0: the first write of each element of a fresh array. The reverse
/// sweep then puts back 0 instead of saving the old value on the tape and popping it (the entry copy of a written array
/// parameter, <c>copy[k] = x[k]</c>, used to push one zero per element; the MNIST sample's
/// <c>hidden[h] = Math.Max(0, a)</c> one per hidden unit). Part of the save analysis, switched with it.
/// <para>
/// A write <c>a[i] = v</c> qualifies when, in the method's top-level statements (run once per call, so the array is
/// created once): <c>a</c> is created there, zeroed (<c>new double[n]</c>, <c>stackalloc</c>, which C# zeroes unless the
/// method is compiled with <c>[SkipLocalsInit]</c>, or the tape's zeroed scratch); the first later statement that
/// writes <c>a</c> is a loop counting <c>i</c> up by one that the body does not assign; the write is a statement of that
/// loop's body itself (not under an if or in an inner loop), and the only one in the loop that writes <c>a</c>, so
/// each iteration writes another element, once; and no call in the loop or before it is passed <c>a</c>.
/// </para>
/// </summary>
internal static class FreshElementWrites
{
    public static HashSet<Statement> Find(IReadOnlyList<Statement> body)
    {
        var found = new HashSet<Statement>(ReferenceEqualityComparer.Instance);
        for (int created = 0; created < body.Count; created++)
        {
            if (body[created] is not ArrayCreateStatement { Kind: LocalArrayKind.Heap or LocalArrayKind.Stack or LocalArrayKind.Tape, Array: var array })
            {
                continue;
            }

            for (int next = created + 1; next < body.Count; next++)
            {
                var statement = body[next];
                if (!Writes(statement, array))
                {
                    continue;
                }

                if (statement is LoopStatement loop && FirstWriteIn(loop, array) is { } write)
                {
                    found.Add(write);
                }

                break;
            }
        }

        return found;
    }

    /// <summary>The loop's one write of <paramref name="array"/>, when it writes element <c>i</c> of its counter once per iteration.</summary>
    private static ElementAssignStatement? FirstWriteIn(LoopStatement loop, string array)
    {
        if (!CountingLoop.CountsUpByOne(loop) || loop.Index is not { } index)
        {
            return null;
        }

        var writes = ArrayWrites.In(loop.Body, array);
        return writes is { Passed: false, Writes.Count: 1 }
            && writes.Writes[0] is ElementAssignStatement { Index: VariableExpr { Name: var written } } write
            && written == index
            && loop.Body.Any(s => ReferenceEquals(s, write))
            && !StatementTree.Descendants(loop.Body).Any(s => s is AssignStatement { Target: var target } && target == index)
                ? write
                : null;
    }

    /// <summary>Whether the statement, or one nested in it, may change the array's elements (or the array itself).</summary>
    private static bool Writes(Statement statement, string array) =>
        ArrayWrites.In(new[] { statement }, array) is { Writes.Count: > 0 } or { Passed: true };

    /// <summary>The statements that write an array (assign an element, create it, assign it) and whether a call is passed it.</summary>
    private sealed class ArrayWrites(string array) : SourceStatementWalker
    {
        public List<Statement> Writes { get; } = new();

        public bool Passed { get; private set; }

        public static ArrayWrites In(IEnumerable<Statement> statements, string array)
        {
            var walker = new ArrayWrites(array);
            walker.Walk(statements);
            return walker;
        }

        public override void VisitAssign(AssignStatement statement) => Write(statement, statement.Target, statement.Value);

        public override void VisitElementAssign(ElementAssignStatement statement) => Write(statement, statement.Array, statement.Index, statement.Value);

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Write(statement, statement.Array, statement.Length);

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

        // An effect reads its values and passes them on only as values (a check, a line written out).
        public override void VisitEffect(EffectStatement statement)
        {
        }

        public override void VisitDeclare(DeclareStatement statement)
        {
        }

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

        private void Write(Statement statement, string target, params Expr[] reads)
        {
            foreach (var read in reads)
            {
                Read(read);
            }

            if (target == array)
            {
                Writes.Add(statement);
            }
        }

        /// <summary>A call given the array may write into it (a callee's output), so it counts as a write.</summary>
        private void Read(Expr expression) =>
            Passed |= ExprFactory.Mentions(expression, e => e is DifferentiableCallExpr or OpaqueCallExpr
                && ExprFactory.Children(e).Any(argument => ExprFactory.Mentions(argument, v => v is VariableExpr { Name: var name } && name == array)));
    }
}
