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

    /// <summary>Real locals that nothing reads and that only side-effect-free assignments and accumulations write.</summary>
    private static HashSet<string> DeadLocals(IReadOnlyList<Statement> program)
    {
        var all = StatementTree.Descendants(program).ToList();
        var candidates = new HashSet<string>(
            all.OfType<DeclareStatement>().Where(d => d.Kind == ValueKind.Real).Select(d => d.Name)
                .Concat(all.OfType<AssignStatement>().Where(a => a.Declare && a.TargetKind == ValueKind.Real).Select(a => a.Target)),
            StringComparer.Ordinal);
        candidates.ExceptWith(Used(program));
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
    private static HashSet<string> Used(IReadOnlyList<Statement> program)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        void Read(Expr? expression)
        {
            if (expression is not null)
            {
                used.UnionWith(ProgramFacts.Reads(expression));
            }
        }

        foreach (var statement in StatementTree.Descendants(program))
        {
            switch (statement)
            {
                case DeclareStatement or BreakStatement or ContinueStatement or ExitStatement or CommentStatement:
                    break;
                case AssignStatement assign:
                    Read(assign.Value);
                    break;
                case AccumulateStatement accumulate:
                    Read(accumulate.Value);
                    break;
                case ElementAssignStatement element:
                    used.Add(element.Array);
                    Read(element.Index);
                    Read(element.Value);
                    break;
                case ElementAccumulateStatement element:
                    used.Add(element.Array);
                    Read(element.Index);
                    Read(element.Value);
                    break;
                case ArrayCreateStatement create:
                    used.Add(create.Array);
                    Read(create.Length);
                    break;
                case ClearStatement clear:
                    used.Add(clear.Array);
                    break;
                case IfStatement conditional:
                    Read(conditional.Condition);
                    break;
                case LoopStatement loop:
                    Read(loop.Condition);
                    if (loop.Index is not null)
                    {
                        used.Add(loop.Index);
                    }

                    break;
                case CountdownLoopStatement countdown:
                    used.Add(countdown.Counter);
                    Read(countdown.Count);
                    break;
                case ReturnStatement ret:
                    Read(ret.Value);
                    break;
                case TapeScopeStatement scope:
                    used.Add(scope.Tape);
                    used.Add(scope.Mark);
                    break;
                case ScratchScopeStatement scope:
                    used.Add(scope.Tape);
                    used.Add(scope.Mark);
                    break;
                case PushStatement push:
                    used.Add(push.Tape);
                    Read(push.Value);
                    break;
                case PopStatement pop:
                    used.Add(pop.Tape);
                    used.Add(pop.Target);
                    Read(pop.Index);
                    break;
                case CallStatement call:
                    Read(call.Call);
                    break;
                default:
                    throw new InvalidOperationException("DeadStores does not know the statement kind " + statement.GetType().Name + ".");
            }
        }

        return used;
    }

    private static bool HasNoSideEffects(Expr expression) =>
        !ExprFactory.Mentions(expression, e => e is DifferentiableCallExpr or PullbackCallExpr or EmittedCallExpr or TapeSpanExpr);

    /// <summary>The program with the statements <paramref name="keep"/> rejects taken out, at every depth.</summary>
    private static List<Statement> Rewrite(IReadOnlyList<Statement> statements, Func<Statement, bool> keep) =>
        statements.Where(keep).Select(statement => StatementTree.WithChildLists(statement, list => Rewrite(list, keep))).ToList();
}
