using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Where each statement of a three-address program sits (loop depth, innermost loop), what it assigns and reads,
/// and which loop-local values the reverse sweep can recompute instead of saving.
/// </summary>
internal sealed class ProgramFacts
{
    private readonly Dictionary<string, int> _assignmentCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Statement>> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<Statement, List<LoopStatement>> _enclosingLoops = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<LoopStatement, Expr> _loopStarts = new(ReferenceEqualityComparer.Instance);

    private ProgramFacts()
    {
    }

    /// <summary>Every assignment statement (scalar or element), in program order.</summary>
    public List<Site> Sites { get; } = new();

    /// <summary>(target, value) of every real assignment; an element assignment's target is its array.</summary>
    public List<(string Target, Expr Value)> RealAssignments { get; } = new();

    /// <summary>The loop depth of each statement.</summary>
    public Dictionary<Statement, int> LoopDepth { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The position of each statement in program order.</summary>
    public Dictionary<Statement, int> Order { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The indices of counting loops, which the reverse sweep recomputes.</summary>
    public HashSet<string> CountingIndices { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Loop-local values the reverse sweep recomputes at the start of each iteration instead of saving: assigned once
    /// in the whole method, directly in a loop's body, from data that loop does not change (or the results of library
    /// calls assigned once, directly in its body, before them, which the reverse has put back by then), and read only
    /// inside it. Never a call: a math function the JIT does not inline, such as Exp, costs more to call again than to
    /// save and restore (GMM's reverse sweep recomputed 250,000 <c>Math.Exp(q)</c>, 10% of its gradient's time).
    /// </summary>
    public Dictionary<string, AssignStatement> Recomputable { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Counting loops whose start and trip count the reverse sweep recomputes instead of recording: the index starts at
    /// a value and runs to a bound that read only what does not change before the reverse sweep reaches the loop
    /// (constants, parameters, the indices of enclosing counting loops, integers assigned once before it outside every
    /// loop), and no break leaves the loop early. The value is (start, trip count) as expressions.
    /// </summary>
    public Dictionary<LoopStatement, (Expr Start, Expr Count)> RecomputableTripCounts { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The loop whose body directly holds each recomputable assignment.</summary>
    public Dictionary<Statement, LoopStatement> LoopOf { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="statement"/> is somewhere inside <paramref name="loop"/>.</summary>
    public bool IsInside(Statement statement, LoopStatement loop) =>
        _enclosingLoops.TryGetValue(statement, out var loops) && loops.Any(l => ReferenceEquals(l, loop));

    public int AssignmentCount(string name) => _assignmentCounts.TryGetValue(name, out int count) ? count : 0;

    /// <param name="body">The program, in three-address form.</param>
    /// <param name="findRecomputable">Whether to look for <see cref="Recomputable"/> values (off: the reverse sweep saves them all).</param>
    public static ProgramFacts Collect(IReadOnlyList<Statement> body, bool findRecomputable = true)
    {
        var facts = new ProgramFacts();
        new Collector(facts).Walk(body);
        if (findRecomputable)
        {
            facts.FindRecomputable(body);
        }

        return facts;
    }

    private void Count(string name) => _assignmentCounts[name] = AssignmentCount(name) + 1;

    private void AddReads(Statement statement, Expr expression)
    {
        foreach (string name in Reads(expression))
        {
            if (!_readers.TryGetValue(name, out var readers))
            {
                _readers[name] = readers = new List<Statement>();
            }

            readers.Add(statement);
        }
    }

    public static HashSet<string> Reads(Expr expression)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Visit(Expr e)
        {
            if (e is VariableExpr variable)
            {
                names.Add(variable.Name);
            }

            foreach (var child in ExprFactory.Children(e))
            {
                Visit(child);
            }
        }

        Visit(expression);
        return names;
    }

    private void FindRecomputable(IReadOnlyList<Statement> statements)
    {
        foreach (var loop in StatementTree.Descendants(statements).OfType<LoopStatement>())
        {
            FindRecomputableIn(loop);
            if (TripCount(loop) is { } tripCount)
            {
                RecomputableTripCounts[loop] = tripCount;
            }
        }
    }

    /// <summary>
    /// The start and trip count of a counting loop <c>for (i = start; i &lt; bound; i += step)</c> (or <c>&lt;=</c>, or
    /// <c>&gt;</c> / <c>&gt;=</c> counting down) as expressions the reverse sweep can evaluate, or null when a break
    /// may end it early or its start or bound read something that may change before its reverse.
    /// </summary>
    private (Expr Start, Expr Count)? TripCount(LoopStatement loop)
    {
        if (loop is not { Index: { } index, TestFirst: true, Step: not 0 }
            || !_loopStarts.TryGetValue(loop, out var start)
            || loop.Condition is not BinaryExpr { Left: VariableExpr { Name: var tested }, Right: var bound } condition
            || tested != index

            // The count is computed in int: a counter compared with a long or unsigned bound is not recomputed (C#
            // widens such a comparison, so its left side is a conversion and never gets here either).
            || bound.Kind != ValueKind.Integer
            || !(loop.Step > 0
                ? condition.Operator is BinaryOperator.Less or BinaryOperator.LessOrEqual
                : condition.Operator is BinaryOperator.Greater or BinaryOperator.GreaterOrEqual)
            || StatementTree.OfThisLoop(loop.Body).Any(s => s is BreakStatement)
            || !IsStableAt(start, loop)
            || !IsStableAt(bound, loop))
        {
            return null;
        }

        // Iterations of i = start, start + step, ... while the test holds: for i < bound and step s > 0,
        // (bound - start + s - 1) / s when start < bound, else 0; <= counts bound itself; counting down is the mirror.
        static Expr Int(long value) => new LiteralExpr(value, ValueKind.Integer);
        int step = Math.Abs(loop.Step);
        var (low, high) = loop.Step > 0 ? (start, bound) : (bound, start);
        bool inclusive = condition.Operator is BinaryOperator.LessOrEqual or BinaryOperator.GreaterOrEqual;
        if (low is LiteralExpr { Value: var first } && high is LiteralExpr { Value: var last })
        {
            // Both ends constant: the count is too.
            long span = (long)last - (long)first + (inclusive ? 1 : 0);
            return (start, Int(span <= 0 ? 0 : (span + step - 1) / step));
        }

        var difference = low is LiteralExpr { Value: 0 } ? high : ExprFactory.Integer(BinaryOperator.Subtract, high, low);
        var count = inclusive
            ? ExprFactory.Integer(BinaryOperator.Add, step == 1 ? difference : ExprFactory.Integer(BinaryOperator.Divide, difference, Int(step)), Int(1))
            : step == 1 ? difference : ExprFactory.Integer(BinaryOperator.Divide, ExprFactory.Integer(BinaryOperator.Add, difference, Int(step - 1)), Int(step));
        var runs = new BinaryExpr(inclusive ? BinaryOperator.LessOrEqual : BinaryOperator.Less, low, high, ValueKind.Boolean);
        return (start, new ConditionalExpr(runs, count, Int(0), ValueKind.Integer));
    }


    /// <summary>
    /// Whether <paramref name="value"/> has the same value when the reverse sweep reaches <paramref name="loop"/> as
    /// when the loop started: it reads constants, parameters, indices of enclosing counting loops (which the reverse
    /// sweep recomputes) and integers assigned once, before the loop, outside every loop; and calls nothing but
    /// math functions.
    /// </summary>
    private bool IsStableAt(Expr value, LoopStatement loop)
    {
        switch (value)
        {
            case LiteralExpr or ThisExpr:
                return true;
            case VariableExpr { Name: var name }:
                return AssignmentCount(name) == 0
                    || _enclosingLoops[loop].Any(outer => outer.Index == name)
                    || (AssignmentCount(name) == 1
                        && Sites.Find(site => site.Statement is AssignStatement { Target: var target } && target == name) is { LoopDepth: 0 } site
                        && Order[site.Statement] < Order[loop]);
            case LengthExpr or DimensionLengthExpr or MemberExpr or UnaryExpr or BinaryExpr or ConvertExpr or MathCallExpr or ConditionalExpr:
                return ExprFactory.Children(value).All(child => IsStableAt(child, loop));
            default:
                return false;
        }
    }

    private void FindRecomputableIn(LoopStatement loop)
    {
        var assignedInside = new HashSet<string>(StringComparer.Ordinal);
        StatementTree.CollectAssigned(loop.Body, assignedInside);
        StatementTree.CollectAssigned(loop.Increment, assignedInside);
        var indices = new HashSet<string>(_enclosingLoops[loop].Append(loop).Select(l => l.Index).OfType<string>(), StringComparer.Ordinal);
        var recomputedHere = new HashSet<string>(StringComparer.Ordinal);

        // Results of library calls (Math.Exp: never recomputed, and saved when their partial reads them) assigned once
        // in the whole method, directly in this loop's body, before the statement being looked at: when the reverse of an
        // iteration starts, such a value is the one that iteration computed (the reverse of every later iteration has
        // put it back), so a cheap temporary computed from it (t1 = t0 + x[i] after t0 = Math.Exp(x[i])) is recomputed
        // rather than saved too. (From any value assigned once it would be too, but then that value would have to be
        // saved instead: no fewer saves.)
        var callsBefore = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in loop.Body)
        {
            if (statement is AssignStatement { Value: MathCallExpr { Function.IsInlined: false } } call && AssignmentCount(call.Target) == 1)
            {
                callsBefore.Add(call.Target);
            }

            if (statement is not AssignStatement { TargetKind: ValueKind.Real or ValueKind.Integer } assign
                || assign.Value is DifferentiableCallExpr or OpaqueCallExpr or MathCallExpr { Function.IsInlined: false }
                || AssignmentCount(assign.Target) != 1
                || CountingIndices.Contains(assign.Target)
                || !ReadOnlyInside(assign.Target, loop))
            {
                continue;
            }

            bool fromStableData = Reads(assign.Value).All(name =>
                !assignedInside.Contains(name) || indices.Contains(name) || recomputedHere.Contains(name) || callsBefore.Contains(name));
            if (fromStableData)
            {
                recomputedHere.Add(assign.Target);
                Recomputable[assign.Target] = assign;
                LoopOf[assign] = loop;
            }
        }
    }

    private bool ReadOnlyInside(string name, LoopStatement loop) =>
        !_readers.TryGetValue(name, out var readers)
        || readers.All(reader => _enclosingLoops[reader].Any(l => ReferenceEquals(l, loop)));

    /// <summary>Every scalar assignment in <paramref name="statements"/>, nested ones too, in program order.</summary>
    public static IEnumerable<AssignStatement> Assignments(IEnumerable<Statement> statements) =>
        StatementTree.Descendants(statements).OfType<AssignStatement>();

    /// <summary>Fills the facts in one walk in program order, keeping the loops around the statement being visited.</summary>
    private sealed class Collector(ProgramFacts facts) : SourceStatementWalker
    {
        private List<LoopStatement> _loops = new();

        public override void Walk(IEnumerable<Statement> statements)
        {
            Statement? previous = null;
            foreach (var statement in statements)
            {
                // A counting loop's start: the assignment of its index just before it.
                if (statement is LoopStatement { Index: { } index } loop && previous is AssignStatement start && start.Target == index)
                {
                    facts._loopStarts[loop] = start.Value;
                }

                if (statement is not CommentStatement)
                {
                    previous = statement;
                }

                facts.Order[statement] = facts.Order.Count;
                facts.LoopDepth[statement] = _loops.Count;
                facts._enclosingLoops[statement] = _loops.ToList();
                Visit(statement);
            }
        }

        public override void VisitAssign(AssignStatement statement)
        {
            facts.Count(statement.Target);
            facts.AddReads(statement, statement.Value);
            facts.Sites.Add(new Site(statement, _loops.Count));
            if (statement.TargetKind == ValueKind.Real)
            {
                facts.RealAssignments.Add((statement.Target, statement.Value));
            }
        }

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            facts.Count(statement.Array);
            facts.AddReads(statement, statement.Index);
            facts.AddReads(statement, statement.Value);
            facts.Sites.Add(new Site(statement, _loops.Count));
            facts.RealAssignments.Add((statement.Array, statement.Value));
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement)
        {
            facts.Count(statement.Array);
            facts.AddReads(statement, statement.Length);
        }

        public override void VisitEffect(EffectStatement statement)
        {
            foreach (var value in statement.Reads)
            {
                facts.AddReads(statement, value);
            }
        }

        public override void VisitIf(IfStatement statement)
        {
            facts.AddReads(statement, statement.Condition);
            Walk(statement.Then);
            Walk(statement.Else);
        }

        public override void VisitLoop(LoopStatement statement)
        {
            facts.AddReads(statement, statement.Condition);
            if (statement.Index is not null)
            {
                facts.CountingIndices.Add(statement.Index);
            }

            var outer = _loops;
            _loops = outer.Append(statement).ToList();
            Walk(statement.Body);
            Walk(statement.Increment);
            _loops = outer;
        }

        // Neither assign nor read.
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
    }

    /// <summary>An assignment and its loop depth.</summary>
    internal sealed record Site(Statement Statement, int LoopDepth);
}
