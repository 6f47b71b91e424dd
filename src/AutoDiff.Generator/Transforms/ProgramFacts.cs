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
    /// in the whole method, directly in a loop's body, from data that loop does not change, and read only inside it.
    /// </summary>
    public Dictionary<string, AssignStatement> Recomputable { get; } = new(StringComparer.Ordinal);

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
        }
    }

    private void FindRecomputableIn(LoopStatement loop)
    {
        var assignedInside = new HashSet<string>(StringComparer.Ordinal);
        StatementTree.CollectAssigned(loop.Body, assignedInside);
        StatementTree.CollectAssigned(loop.Increment, assignedInside);
        var indices = new HashSet<string>(_enclosingLoops[loop].Append(loop).Select(l => l.Index).OfType<string>(), StringComparer.Ordinal);
        var recomputedHere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in loop.Body)
        {
            if (statement is not AssignStatement { TargetKind: ValueKind.Real or ValueKind.Integer } assign
                || assign.Value is DifferentiableCallExpr
                || AssignmentCount(assign.Target) != 1
                || CountingIndices.Contains(assign.Target)
                || !ReadOnlyInside(assign.Target, loop))
            {
                continue;
            }

            bool fromStableData = Reads(assign.Value).All(name =>
                !assignedInside.Contains(name) || indices.Contains(name) || recomputedHere.Contains(name));
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
            foreach (var statement in statements)
            {
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
