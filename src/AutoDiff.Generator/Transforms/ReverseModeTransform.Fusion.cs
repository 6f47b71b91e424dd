using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Reverse mode, loop fusion: a loop whose iterations share only running sums, followed only by assignments (once what
/// does not depend on it has moved in front of it), runs each iteration's reverse right after it.
/// </summary>
internal sealed partial class ReverseModeTransform
{
    /// <summary>
    /// The statement list around a fusable loop: what runs before it (the statements before it and, when the statements
    /// after it are not all assignments, those of them that share nothing with it, moved in front of it), the loop, and
    /// the assignments after it.
    /// </summary>
    private sealed record FusionPlan(List<Statement> Prefix, LoopStatement Loop, List<Statement> Tail);

    /// <summary>
    /// The last loop of <paramref name="statements"/> whose reverse can run inside it, each iteration's reverse right
    /// after its forward, or null. Statements after the loop that do not depend on it, and that it does not depend on,
    /// move in front of it (<see cref="SplitTail"/>: ADBench GMM's sum over points is followed by two loops over alpha);
    /// then the loop must be fusable (<see cref="IsFusable"/>). A later loop that is not fusable, and moves, leaves an
    /// earlier one to fuse.
    /// </summary>
    private FusionPlan? FusableLoop(IReadOnlyList<Statement> statements)
    {
        for (int index = statements.Count - 1; index >= 0; index--)
        {
            if (statements[index] is not LoopStatement loop)
            {
                continue;
            }

            // The loop's source line starts at its comment: what moves goes in front of that (and of `i = 0`).
            int line = index;
            while (line > 0 && statements[line] is not CommentStatement { SourceLine: not null })
            {
                line--;
            }

            var after = statements.Skip(index + 1).ToList();
            var (moved, tail) = AssignmentsOnly(after)
                ? (new List<Statement>(), after)
                : SplitTail(statements.Skip(line).Take(index + 1 - line), after);
            if (AssignmentsOnly(tail) && IsFusable(loop, tail))
            {
                return new FusionPlan(statements.Take(line).Concat(moved).Concat(statements.Skip(line).Take(index - line)).ToList(), loop, tail);
            }
        }

        return null;
    }

    private static bool AssignmentsOnly(IEnumerable<Statement> statements) => statements.All(s => s is CommentStatement or AssignStatement);

    /// <summary>
    /// Splits the statements after a loop into those that can run before it (and before the rest of its source line,
    /// <paramref name="loopLine"/>) and those that stay after it, keeping each group's order. A source line's
    /// statements (a line comment and what follows it up to the next) move together, and only if none of them writes
    /// what the loop or a staying statement before them reads or writes, or reads what those write. Statements are then
    /// independent, so running them in the other order computes the same values; the one difference the caller can see
    /// is which of two failing statements throws first. Nothing that calls a user method or has an effect (a throw
    /// among them) moves, and nothing moves across a loop that does.
    /// </summary>
    private static (List<Statement> Moved, List<Statement> Staying) SplitTail(IEnumerable<Statement> loopLine, List<Statement> after)
    {
        var moved = new List<Statement>();
        var staying = new List<Statement>();
        var loopFootprint = StatementFootprint.Of(loopLine);
        var stayingFootprint = StatementFootprint.Of(Array.Empty<Statement>());
        int start = 0;
        while (start < after.Count)
        {
            int end = start + 1;
            while (end < after.Count && after[end] is not CommentStatement { SourceLine: not null })
            {
                end++;
            }

            var line = after.GetRange(start, end - start);
            var footprint = StatementFootprint.Of(line);
            if (footprint.CommutesWith(loopFootprint) && footprint.CommutesWith(stayingFootprint))
            {
                moved.AddRange(line);
            }
            else
            {
                staying.AddRange(line);
                stayingFootprint.Walk(line);
            }

            start = end;
        }

        return (moved, staying);
    }

    /// <summary>
    /// Whether <paramref name="loop"/>, followed by the assignments <paramref name="tail"/>, can run each iteration's
    /// reverse right after it. That needs: the tail saves nothing, and its reverse reads no value the loop or the tail
    /// assigns (so the adjoints entering the loop, typically that of the sum it accumulates, are known before it runs,
    /// computed from values fixed before it); no break out of the loop (each iteration must reach its reverse); and no
    /// adjoint flowing from one iteration to the previous one, except through accumulators (s += ...), whose adjoint the
    /// loop only passes through. Then the loop runs once instead of forward and again backwards, and saves and
    /// recomputes nothing across iterations.
    /// </summary>
    private bool IsFusable(LoopStatement loop, List<Statement> tail)
    {
        if (StatementTree.OfThisLoop(loop.Body).Any(s => s is BreakStatement))
        {
            return false;
        }

        var iteration = loop.Body.Concat(loop.Increment).ToList();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        StatementTree.CollectAssigned(iteration, changed);
        var assignedAfter = new HashSet<string>(changed, StringComparer.Ordinal);
        StatementTree.CollectAssigned(tail, assignedAfter);
        if (loop.Index is not null)
        {
            assignedAfter.Add(loop.Index);
        }

        bool ReadsAssigned(Dictionary<Statement, HashSet<string>> reads, Statement statement) =>
            reads.TryGetValue(statement, out var names) && names.Overlaps(assignedAfter);
        if (tail.OfType<AssignStatement>().Any(a => NeedsSave(a) || ReadsAssigned(_readsBefore, a) || ReadsAssigned(_readsAfter, a)))
        {
            return false;
        }

        // A value the loop changes and that crosses an iteration boundary (read in an iteration before that iteration
        // assigns it, or read after the loop) must be a running sum: its adjoint is then the same in every iteration,
        // and none of its assignments may be saved (the reverse at the end of an iteration would undo them). The loop's
        // own counting index is recomputed, never saved. Values the loop never changes carry nothing across.
        var crossing = new HashSet<string>(StringComparer.Ordinal);
        new ExposedReads(crossing).Flow(iteration, new HashSet<string>(StringComparer.Ordinal));
        crossing.UnionWith(ProgramFacts.Reads(loop.Condition));
        foreach (var assign in tail.OfType<AssignStatement>())
        {
            crossing.UnionWith(ProgramFacts.Reads(assign.Value));
        }

        crossing.IntersectWith(changed);
        if (loop.Index is not null)
        {
            crossing.Remove(loop.Index);
        }

        var accumulators = PureAccumulators.In(iteration);
        // Only saves inside the loop matter: a save before it (s = s * y, whose reverse needs the old s) is undone by
        // the reverse of the statements before the loop, after the loop's own reverse, fused or not.
        var saved = new HashSet<string>(
            _facts.Sites.Select(site => site.Statement).Where(s => _facts.IsInside(s, loop) && NeedsSave(s)).Select(TargetOf),
            StringComparer.Ordinal);
        return crossing.All(name => accumulators.Contains(name) && !saved.Contains(name));
    }

    /// <summary>Active variables assigned in the loop only as v = v +- e, and read nowhere else in it.</summary>
    private sealed class PureAccumulators : SourceStatementWalker
    {
        private readonly Dictionary<string, bool> _accumulations = new(StringComparer.Ordinal);
        private readonly HashSet<string> _otherReads = new(StringComparer.Ordinal);

        public static HashSet<string> In(List<Statement> iteration)
        {
            var walk = new PureAccumulators();
            walk.Walk(iteration);
            return new HashSet<string>(walk._accumulations.Where(a => a.Value && !walk._otherReads.Contains(a.Key)).Select(a => a.Key), StringComparer.Ordinal);
        }

        public override void VisitAssign(AssignStatement statement)
        {
            bool accumulation = statement.Value is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum
                && sum.Left == new VariableExpr(statement.Target, ValueKind.Real) && sum.Right != sum.Left;
            _accumulations[statement.Target] = accumulation && (!_accumulations.TryGetValue(statement.Target, out bool so) || so);
            _otherReads.UnionWith(ProgramFacts.Reads(accumulation ? ((BinaryExpr)statement.Value).Right : statement.Value));
        }

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            _accumulations[statement.Array] = false;
            _otherReads.UnionWith(ProgramFacts.Reads(statement.Value));
            _otherReads.UnionWith(ProgramFacts.Reads(statement.Index));
        }

        public override void VisitIf(IfStatement statement)
        {
            _otherReads.UnionWith(ProgramFacts.Reads(statement.Condition));
            WalkChildren(statement);
        }

        public override void VisitLoop(LoopStatement statement)
        {
            _otherReads.UnionWith(ProgramFacts.Reads(statement.Condition));
            WalkChildren(statement);
        }

        public override void VisitEffect(EffectStatement statement) => _otherReads.UnionWith(statement.Reads.SelectMany(ProgramFacts.Reads));

        // Neither accumulate nor read a real value.
        public override void VisitDeclare(DeclareStatement statement)
        {
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement)
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

    private static string TargetOf(Statement statement) => statement switch
    {
        AssignStatement assign => assign.Target,
        ElementAssignStatement element => element.Array,
        _ => string.Empty,
    };

    /// <summary>
    /// Variables (and local arrays) an iteration may read before it assigns them, in any role (values, indices,
    /// conditions): their values cross from one iteration to the next. A local array the loop writes counts, unless
    /// every write is at a constant index and every read of it reads an element that the same path through the
    /// iteration has already written (<c>t[0] = ...; t[1] = ...; ... t[0] * t[1]</c>: scratch that each iteration fills
    /// before it reads it).
    /// </summary>
    private sealed class ExposedReads(HashSet<string> exposed) : SourceStatementWalker
    {
        /// <summary>What every path to the statement being visited has assigned.</summary>
        private HashSet<string> _assigned = new(StringComparer.Ordinal);

        /// <summary>Walks <paramref name="statements"/> given what is assigned before them, which it adds to.</summary>
        public void Flow(IEnumerable<Statement> statements, HashSet<string> assigned)
        {
            var outer = _assigned;
            _assigned = assigned;
            Walk(statements);
            _assigned = outer;
        }

        public override void VisitAssign(AssignStatement statement)
        {
            Read(statement.Value);
            _assigned.Add(statement.Target);
        }

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            Read(statement.Value);
            Read(statement.Index);
            if (statement.Index is LiteralExpr index)
            {
                // t[0] = ...: later reads of t[0] on this path read this iteration's value.
                _assigned.Add(ElementKey(statement.Array, index));
            }
            else
            {
                exposed.Add(statement.Array);
            }
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Read(statement.Length);

        public override void VisitEffect(EffectStatement statement)
        {
            foreach (var value in statement.Reads)
            {
                Read(value);
            }
        }

        public override void VisitIf(IfStatement statement)
        {
            Read(statement.Condition);
            var whenTrue = new HashSet<string>(_assigned, StringComparer.Ordinal);
            var whenFalse = new HashSet<string>(_assigned, StringComparer.Ordinal);
            Flow(statement.Then, whenTrue);
            Flow(statement.Else, whenFalse);
            whenTrue.IntersectWith(whenFalse);
            _assigned.UnionWith(whenTrue);
        }

        public override void VisitLoop(LoopStatement statement)
        {
            // The inner loop may not run: what it assigns is not assigned after it.
            Read(statement.Condition);
            Flow(statement.Body.Concat(statement.Increment), new HashSet<string>(_assigned, StringComparer.Ordinal));
        }

        // Read and assign nothing.
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

        private void Read(Expr expression)
        {
            switch (expression)
            {
                // An element at a constant index that this path has already written in this iteration.
                case ElementExpr { Array: VariableExpr array, Index: LiteralExpr index } when _assigned.Contains(ElementKey(array.Name, index)):
                    return;
                case VariableExpr { Name: var name } when !_assigned.Contains(name):
                    exposed.Add(name);
                    return;
            }

            foreach (var child in ExprFactory.Children(expression))
            {
                Read(child);
            }
        }

        /// <summary>The element <c>array[index]</c> as a name no identifier can be.</summary>
        private static string ElementKey(string array, LiteralExpr index) => array + "[" + index.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
    }

    /// <summary>
    /// The sweeps with the loop of <paramref name="plan"/> fused: the forward sweep up to the loop (with what moved in
    /// front of it); then, after the adjoints are declared, the reverse of the statements after the loop (which reads no
    /// value the loop or they assign), the loop with each iteration's reverse at its end, the statements after the loop,
    /// and the reverse of everything before the loop.
    /// </summary>
    private (List<Statement> BeforeAdjoints, List<Statement> AfterAdjoints, string Returned) FusedSweeps(FusionPlan plan)
    {
        var sweeps = SweepsAround(plan);
        var before = new List<Statement> { new CommentStatement("Forward sweep up to the loop, saving what the reverse sweep needs.") };
        before.AddRange(sweeps.PrefixForward);

        var after = new List<Statement>
        {
            new CommentStatement("The adjoints entering the loop: the reverse of what follows it, which reads no value the loop computes."),
        };
        after.AddRange(sweeps.TailReverse);
        after.Add(new CommentStatement("The loop, each iteration followed by its own reverse (iterations pass adjoints on only through accumulators)."));
        after.Add(sweeps.Loop);
        after.Add(new CommentStatement("The rest of the forward sweep, then the reverse of what came before the loop."));
        after.AddRange(sweeps.TailForward);
        string returned = CapturePrimalValue(after);
        after.AddRange(sweeps.PrefixReverse);
        return (before, after, returned);
    }

    /// <summary>
    /// The pieces of a statement list around its fusable loop (<paramref name="fusion"/>), in the order they run: the
    /// forward of what precedes it, the reverse of what follows it (which reads no value the loop or it assigns), the
    /// fused loop, the forward of what follows it, the reverse of what precedes it. Reverse sweeps are built first: they
    /// fill the plan (<see cref="ReversePlan"/>) the forward sweeps are built from.
    /// </summary>
    private (List<Statement> PrefixForward, List<Statement> TailReverse, LoopStatement Loop, List<Statement> TailForward, List<Statement> PrefixReverse) SweepsAround(
        FusionPlan fusion)
    {
        var tailReverse = MergeAccumulations(Reverse(fusion.Tail, 0));
        var loop = FusedLoop(fusion.Loop);
        var prefixReverse = MergeAccumulations(Reverse(fusion.Prefix, 0));
        return (Forward(fusion.Prefix, _plan, 0), tailReverse, loop, Forward(fusion.Tail, _plan, 0), prefixReverse);
    }

    /// <summary>
    /// A fused loop: each iteration runs its statements and then their reverse. The reverse follows its forward within
    /// the iteration, so the iteration is a program of its own: it saves only what it overwrites before its own
    /// reverse reads it (or what a later reverse reads of the values on entry to the loop), and records decisions and trip
    /// counts in locals (tape depth 0). If the iteration itself ends in a fusable loop, that loop is fused in turn
    /// (a dense layer's loop over outputs inside its loop over samples), so that nothing goes on the tape.
    /// </summary>
    private LoopStatement FusedLoop(LoopStatement loop)
    {
        var statements = loop.Index is null ? loop.Body.Concat(loop.Increment).ToList() : loop.Body.Items.ToList();
        var increment = loop.Index is null ? new List<Statement>() : Forward(loop.Increment, _plan, 1);
        var (saves, innerEntries) = AssignmentsToSave(statements, _loopEntries[loop]);
        foreach (var assign in _facts.Sites.Select(site => site.Statement).OfType<AssignStatement>().Where(a => _facts.IsInside(a, loop)))
        {
            _iterationSaves[assign] = saves.Contains(assign);
        }

        foreach (var entry in innerEntries)
        {
            _loopEntries[entry.Key] = entry.Value;
        }

        var inner = FusableLoop(statements);
        var body = new List<Statement>();
        if (inner is null)
        {
            var reverse = MergeAccumulations(Reverse(statements, 0));
            body.AddRange(Forward(statements, _plan, 0));
            body.AddRange(reverse);
        }
        else
        {
            var sweeps = SweepsAround(inner);
            body.AddRange(sweeps.PrefixForward);
            body.AddRange(sweeps.TailReverse);
            body.Add(sweeps.Loop);
            body.AddRange(sweeps.TailForward);
            body.AddRange(sweeps.PrefixReverse);
        }

        return loop with { Body = body.ToEquatableArray(), Increment = increment.ToEquatableArray() };
    }
}
