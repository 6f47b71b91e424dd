using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Element writes whose old value is known to be +0: the first write of each element of a fresh array. The forward
/// sweep saves nothing for them, and the reverse sweep puts back 0 where a reverse that follows reads the array, and
/// nothing otherwise (the entry copy of a written array parameter, <c>copy[k] = x[k]</c>, used to push one zero per
/// element and pop it back; the MNIST sample's <c>hidden[h] = Math.Max(0, a)</c> one per hidden unit). Part of the
/// save analysis, switched with it.
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
    /// <returns>
    /// Each such write, and whether the reverse sweep must put the 0 back: only when something that runs before the write
    /// and after the array's creation reads its values (the loop itself, the write included, or a statement between),
    /// since the reverse of that reads them as they were. Otherwise nothing reads the element again before the array is
    /// gone, and the reverse sweep leaves it as it is.
    /// </returns>
    public static Dictionary<Statement, bool> Find(IReadOnlyList<Statement> body)
    {
        var found = new Dictionary<Statement, bool>(ReferenceEqualityComparer.Instance);
        for (int created = 0; created < body.Count; created++)
        {
            if (body[created] is not ArrayCreateStatement { Kind: LocalArrayKind.Heap or LocalArrayKind.Stack or LocalArrayKind.Tape, Array: var array })
            {
                continue;
            }

            bool readBefore = false;
            for (int next = created + 1; next < body.Count; next++)
            {
                var statement = body[next];
                var access = ArrayWrites.In(new[] { statement }, array);
                if (access is { Writes.Count: 0, Passed: false })
                {
                    readBefore |= access.ReadsValues;
                    continue;
                }

                if (statement is LoopStatement loop && FirstWriteIn(loop, array) is { } write)
                {
                    found[write] = readBefore || access.ReadsValues;
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

    /// <summary>
    /// The statements that write an array (assign an element, create it, assign it), whether a call is passed it, and
    /// whether anything reads its values (its length aside).
    /// </summary>
    private sealed class ArrayWrites(string array) : SourceStatementWalker
    {
        public List<Statement> Writes { get; } = new();

        public bool Passed { get; private set; }

        public bool ReadsValues { get; private set; }

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
        private void Read(Expr expression)
        {
            Passed |= ExprFactory.Mentions(expression, e => e is DifferentiableCallExpr or OpaqueCallExpr
                && ExprFactory.Children(e).Any(argument => ExprFactory.Mentions(argument, v => v is VariableExpr { Name: var name } && name == array)));
            ReadsValues |= ReadsValuesOf(expression);
        }

        private bool ReadsValuesOf(Expr expression) => expression switch
        {
            LengthExpr => false,
            VariableExpr { Name: var name } => name == array,
            _ => ExprFactory.Children(expression).Any(ReadsValuesOf),
        };
    }
}
