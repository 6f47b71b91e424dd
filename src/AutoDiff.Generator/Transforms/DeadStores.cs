using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Removes what a generated program computes and never uses: the writes into outputs nobody reads (the gradient a
/// Hessian-vector product computes on the way to its tangent), then, until nothing changes, the assignments and
/// accumulations into real locals that nothing reads, with their declarations. Only values without side effects go:
/// calls and the tape's operations stay, so pushes and pops still pair up.
/// </summary>
internal static class DeadStores
{
    /// <summary>
    /// <paramref name="program"/> without its writes into <paramref name="discarded"/> and without dead real locals; null
    /// when something other than such a write uses one of <paramref name="discarded"/> (a callee's pullback writing
    /// into it), so the outputs must stay.
    /// </summary>
    public static List<Statement>? Remove(IReadOnlyList<Statement> program, IReadOnlyCollection<string> discarded)
    {
        var withoutOutputs = Rewrite(program, statement => !WritesInto(statement, discarded));
        if (Used(withoutOutputs).Overlaps(discarded))
        {
            return null;
        }

        var current = withoutOutputs;
        while (true)
        {
            var dead = DeadLocals(current);
            if (dead.Count == 0)
            {
                return current;
            }

            current = Rewrite(current, statement => statement switch
            {
                DeclareStatement declare => !dead.Contains(declare.Name),
                AssignStatement assign => !dead.Contains(assign.Target),
                AccumulateStatement accumulate => !dead.Contains(accumulate.Target),
                _ => true,
            });
        }
    }

    private static bool WritesInto(Statement statement, IReadOnlyCollection<string> outputs) => statement switch
    {
        ElementAccumulateStatement accumulate => outputs.Contains(accumulate.Array) && HasNoSideEffects(accumulate.Index) && HasNoSideEffects(accumulate.Value),
        ElementAssignStatement assign => outputs.Contains(assign.Array) && HasNoSideEffects(assign.Index) && HasNoSideEffects(assign.Value),
        ClearStatement clear => outputs.Contains(clear.Array),
        _ => false,
    };

    /// <summary>
    /// Real locals that nothing reads but their own updates and that only side-effect-free assignments and
    /// accumulations write.
    /// </summary>
    private static HashSet<string> DeadLocals(IReadOnlyList<Statement> program)
    {
        var all = StatementTree.Descendants(program).ToList();
        var candidates = new HashSet<string>(
            all.OfType<DeclareStatement>().Where(d => d.Kind == ValueKind.Real).Select(d => d.Name)
                .Concat(all.OfType<AssignStatement>().Where(a => a.Declare && a.TargetKind == ValueKind.Real).Select(a => a.Target)),
            StringComparer.Ordinal);
        var used = new UsedNames { SkipSelfReads = true };
        used.Walk(program);
        candidates.ExceptWith(used.Names);
        foreach (var statement in all)
        {
            var (target, value) = statement switch
            {
                AssignStatement assign => (assign.Target, assign.Value),
                AccumulateStatement accumulate => (accumulate.Target, accumulate.Value),
                _ => (null, null),
            };
            if (target is not null && !HasNoSideEffects(value!))
            {
                candidates.Remove(target);
            }
        }

        return candidates;
    }

    /// <summary>Every name the program reads or uses other than as the target of an assignment or accumulation.</summary>
    public static HashSet<string> Used(IReadOnlyList<Statement> program)
    {
        var used = new UsedNames();
        used.Walk(program);
        return used.Names;
    }

    /// <summary>
    /// Collects the names each kind of statement reads or uses (a walker, so a new kind must say: a name it reads that
    /// this missed would be taken for dead and its assignments removed).
    /// </summary>
    private sealed class UsedNames : StatementWalker
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Whether a local's reads in its own updates (<c>s = s + t</c>, <c>s += s * t</c>) are left out: a local read only
        /// there is dead (the tangent of a running sum nothing returns), and the next round frees what it read.
        /// </summary>
        public bool SkipSelfReads { get; init; }

        public override void VisitAssign(AssignStatement statement) => Read(statement.Value, statement.Target);

        public override void VisitAccumulate(AccumulateStatement statement) => Read(statement.Value, statement.Target);

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            Names.Add(statement.Array);
            Read(statement.Index);
            Read(statement.Value);
        }

        public override void VisitElementAccumulate(ElementAccumulateStatement statement)
        {
            Names.Add(statement.Array);
            Read(statement.Index);
            Read(statement.Value);
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement)
        {
            Names.Add(statement.Array);
            Read(statement.Length);
        }

        public override void VisitClear(ClearStatement statement) => Names.Add(statement.Array);

        public override void VisitIf(IfStatement statement)
        {
            Read(statement.Condition);
            WalkChildren(statement);
        }

        public override void VisitLoop(LoopStatement statement)
        {
            Read(statement.Condition);
            if (statement.Index is not null)
            {
                Names.Add(statement.Index);
            }

            WalkChildren(statement);
        }

        public override void VisitCountdownLoop(CountdownLoopStatement statement)
        {
            Names.Add(statement.Counter);
            Read(statement.Count);
            WalkChildren(statement);
        }

        public override void VisitReturn(ReturnStatement statement) => Read(statement.Value);

        public override void VisitTapeScope(TapeScopeStatement statement)
        {
            Names.Add(statement.Tape);
            Names.Add(statement.Mark);
            WalkChildren(statement);
        }

        public override void VisitScratchScope(ScratchScopeStatement statement)
        {
            Names.Add(statement.Tape);
            Names.Add(statement.Mark);
            WalkChildren(statement);
        }

        public override void VisitPush(PushStatement statement)
        {
            Names.Add(statement.Tape);
            Read(statement.Value);
        }

        public override void VisitPop(PopStatement statement)
        {
            Names.Add(statement.Tape);
            Names.Add(statement.Target);
            Read(statement.Index);
        }

        public override void VisitCall(CallStatement statement) => Read(statement.Call);

        public override void VisitEffect(EffectStatement statement)
        {
            foreach (var value in statement.Reads)
            {
                Read(value);
            }
        }

        // The checks name parameters, never locals.
        public override void VisitArgumentCheck(ArgumentCheckStatement statement)
        {
        }

        // Read nothing.
        public override void VisitDeclare(DeclareStatement statement)
        {
        }

        public override void VisitBreak(BreakStatement statement)
        {
        }

        public override void VisitContinue(ContinueStatement statement)
        {
        }

        public override void VisitExit(ExitStatement statement)
        {
        }

        public override void VisitComment(CommentStatement statement)
        {
        }

        private void Read(Expr? expression, string? target = null)
        {
            if (expression is not null)
            {
                var reads = ProgramFacts.Reads(expression);
                if (SkipSelfReads && target is not null)
                {
                    reads.Remove(target);
                }

                Names.UnionWith(reads);
            }
        }
    }

    private static bool HasNoSideEffects(Expr expression) =>
        !ExprFactory.Mentions(expression, e => e is DifferentiableCallExpr or PullbackCallExpr or EmittedCallExpr or TapeSpanExpr or OpaqueCallExpr);

    /// <summary>The program with the statements <paramref name="keep"/> rejects taken out, at every depth.</summary>
    private static List<Statement> Rewrite(IReadOnlyList<Statement> statements, Func<Statement, bool> keep) =>
        statements.Where(keep).Select(statement => StatementTree.WithChildLists(statement, list => Rewrite(list, keep))).ToList();
}
