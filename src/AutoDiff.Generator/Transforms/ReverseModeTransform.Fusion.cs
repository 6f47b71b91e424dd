using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>Reverse mode, loop fusion: a final loop whose iterations share only running sums runs each iteration's reverse right after it.</summary>
internal sealed partial class ReverseModeTransform
{
    /// <summary>
    /// The index of a top-level loop whose reverse can run inside it, each iteration's reverse right after its
    /// forward, or -1. That needs: every statement after the loop is an assignment whose reverse reads no value (so
    /// the adjoints entering the loop, typically that of the sum it accumulates, are known before it runs); no break
    /// out of the loop (each iteration must reach its reverse); and no adjoint flowing from one iteration to the
    /// previous one, except through accumulators (s += ...), whose adjoint the loop only passes through. Then the
    /// loop runs once instead of forward and again backwards, and saves and recomputes nothing across iterations.
    /// </summary>
    private int FusableLoopIndex(IReadOnlyList<Statement> statements)
    {
        int index = statements.Count - 1;
        while (index >= 0 && (statements[index] is CommentStatement || (statements[index] is AssignStatement tail && !NeedsSave(tail)
            && !(_readsBefore.TryGetValue(tail, out var before) && before.Count > 0)
            && !(_readsAfter.TryGetValue(tail, out var after) && after.Count > 0))))
        {
            index--;
        }

        if (index < 0 || statements[index] is not LoopStatement loop || BreaksOut(loop.Body))
        {
            return -1;
        }

        // A value the loop changes and that crosses an iteration boundary (read in an iteration before that iteration
        // assigns it, or read after the loop) must be a running sum: its adjoint is then the same in every iteration,
        // and none of its assignments may be saved (the reverse at the end of an iteration would undo them). The loop's
        // own counting index is recomputed, never saved. Values the loop never changes carry nothing across.
        var iteration = loop.Body.Concat(loop.Increment).ToList();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        StatementTree.CollectAssigned(iteration, changed);
        var crossing = new HashSet<string>(StringComparer.Ordinal);
        ExposedReads(iteration, new HashSet<string>(StringComparer.Ordinal), crossing);
        crossing.UnionWith(ProgramFacts.Reads(loop.Condition));
        foreach (var tail in statements.Skip(index + 1).OfType<AssignStatement>())
        {
            crossing.UnionWith(ProgramFacts.Reads(tail.Value));
        }

        crossing.IntersectWith(changed);
        if (loop.Index is not null)
        {
            crossing.Remove(loop.Index);
        }

        var accumulators = PureAccumulators(iteration);
        // Only saves inside the loop matter: a save before it (s = s * y, whose reverse needs the old s) is undone by
        // the reverse of the statements before the loop, after the loop's own reverse, fused or not.
        var saved = new HashSet<string>(
            _facts.Sites.Select(site => site.Statement).Where(s => _facts.IsInside(s, loop) && NeedsSave(s)).Select(TargetOf),
            StringComparer.Ordinal);
        return crossing.All(name => accumulators.Contains(name) && !saved.Contains(name)) ? index : -1;
    }

    private static bool BreaksOut(IEnumerable<Statement> statements) => statements.Any(statement => statement switch
    {
        BreakStatement => true,
        IfStatement conditional => BreaksOut(conditional.Then) || BreaksOut(conditional.Else),
        _ => false,
    });

    /// <summary>Active variables assigned in the loop only as v = v +- e, and read nowhere else in it.</summary>
    private HashSet<string> PureAccumulators(List<Statement> iteration)
    {
        var accumulations = new Dictionary<string, bool>(StringComparer.Ordinal);
        var otherReads = new HashSet<string>(StringComparer.Ordinal);
        void Walk(IEnumerable<Statement> statements)
        {
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case AssignStatement assign:
                        bool accumulation = assign.Value is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum
                            && sum.Left == new VariableExpr(assign.Target, ValueKind.Real) && sum.Right != sum.Left;
                        accumulations[assign.Target] = accumulation && (!accumulations.TryGetValue(assign.Target, out bool so) || so);
                        var reads = ProgramFacts.Reads(assign.Value);
                        if (accumulation)
                        {
                            reads = ProgramFacts.Reads(((BinaryExpr)assign.Value).Right);
                        }

                        otherReads.UnionWith(reads);
                        break;
                    case ElementAssignStatement element:
                        accumulations[element.Array] = false;
                        otherReads.UnionWith(ProgramFacts.Reads(element.Value));
                        otherReads.UnionWith(ProgramFacts.Reads(element.Index));
                        break;
                    case IfStatement conditional:
                        otherReads.UnionWith(ProgramFacts.Reads(conditional.Condition));
                        Walk(conditional.Then);
                        Walk(conditional.Else);
                        break;
                    case LoopStatement inner:
                        otherReads.UnionWith(ProgramFacts.Reads(inner.Condition));
                        Walk(inner.Body);
                        Walk(inner.Increment);
                        break;
                    default:
                        StatementTree.RequireSimple(statement);
                        break;
                }
            }
        }

        Walk(iteration);
        return new HashSet<string>(accumulations.Where(a => a.Value && !otherReads.Contains(a.Key)).Select(a => a.Key), StringComparer.Ordinal);
    }

    private static string TargetOf(Statement statement) => statement switch
    {
        AssignStatement assign => assign.Target,
        ElementAssignStatement element => element.Array,
        _ => string.Empty,
    };

    /// <summary>
    /// Variables (and local arrays) an iteration may read before it assigns them, in any role (values, indices,
    /// conditions): their values cross from one iteration to the next. A local array the loop writes always counts.
    /// </summary>
    private static void ExposedReads(IEnumerable<Statement> statements, HashSet<string> assigned, HashSet<string> exposed)
    {
        void Read(Expr expression)
        {
            foreach (string name in ProgramFacts.Reads(expression).Where(n => !assigned.Contains(n)))
            {
                exposed.Add(name);
            }
        }

        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStatement assign:
                    Read(assign.Value);
                    assigned.Add(assign.Target);
                    break;
                case ElementAssignStatement element:
                    Read(element.Value);
                    Read(element.Index);
                    exposed.Add(element.Array);
                    break;
                case ArrayCreateStatement create:
                    Read(create.Length);
                    break;
                case IfStatement conditional:
                    Read(conditional.Condition);
                    var whenTrue = new HashSet<string>(assigned, StringComparer.Ordinal);
                    var whenFalse = new HashSet<string>(assigned, StringComparer.Ordinal);
                    ExposedReads(conditional.Then, whenTrue, exposed);
                    ExposedReads(conditional.Else, whenFalse, exposed);
                    whenTrue.IntersectWith(whenFalse);
                    assigned.UnionWith(whenTrue);
                    break;
                case LoopStatement inner:
                    // The inner loop may not run: what it assigns is not assigned after it.
                    Read(inner.Condition);
                    ExposedReads(inner.Body.Concat(inner.Increment), new HashSet<string>(assigned, StringComparer.Ordinal), exposed);
                    break;
                default:
                    StatementTree.RequireSimple(statement);
                    break;
            }
        }
    }

    /// <summary>
    /// The sweeps with the loop at <paramref name="index"/> fused: the forward sweep up to the loop; then, after the
    /// adjoints are declared, the reverse of the statements after the loop (which reads no values), the loop with each
    /// iteration's reverse at its end, the statements after the loop, and the reverse of everything before the loop.
    /// </summary>
    private (List<Statement> BeforeAdjoints, List<Statement> AfterAdjoints, string Returned) FusedSweeps(int index)
    {
        var sweeps = SweepsAround(_body, index);
        var before = new List<Statement> { new CommentStatement("Forward sweep up to the loop, saving what the reverse sweep needs.") };
        before.AddRange(sweeps.PrefixForward);

        var after = new List<Statement>
        {
            new CommentStatement("The adjoints entering the loop: the reverse of what follows it, which reads no value."),
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
    /// The pieces of <paramref name="statements"/> around the fusable loop at <paramref name="index"/>, in the order they
    /// run: the forward of what precedes it, the reverse of what follows it (which reads no value), the fused loop, the
    /// forward of what follows it, the reverse of what precedes it. Reverse sweeps are built first: they fill the plan
    /// (<see cref="ReversePlan"/>) the forward sweeps are built from.
    /// </summary>
    private (List<Statement> PrefixForward, List<Statement> TailReverse, LoopStatement Loop, List<Statement> TailForward, List<Statement> PrefixReverse) SweepsAround(
        IReadOnlyList<Statement> statements, int index)
    {
        var prefix = statements.Take(index).ToList();
        var tail = statements.Skip(index + 1).ToList();
        var tailReverse = MergeAccumulations(Reverse(tail, 0));
        var loop = FusedLoop((LoopStatement)statements[index]);
        var prefixReverse = MergeAccumulations(Reverse(prefix, 0));
        return (Forward(prefix, _plan, 0), tailReverse, loop, Forward(tail, _plan, 0), prefixReverse);
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

        int inner = FusableLoopIndex(statements);
        var body = new List<Statement>();
        if (inner < 0)
        {
            var reverse = MergeAccumulations(Reverse(statements, 0));
            body.AddRange(Forward(statements, _plan, 0));
            body.AddRange(reverse);
        }
        else
        {
            var sweeps = SweepsAround(statements, inner);
            body.AddRange(sweeps.PrefixForward);
            body.AddRange(sweeps.TailReverse);
            body.Add(sweeps.Loop);
            body.AddRange(sweeps.TailForward);
            body.AddRange(sweeps.PrefixReverse);
        }

        return loop with { Body = body.ToEquatableArray(), Increment = increment.ToEquatableArray() };
    }
}
