using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Decides which assignments must save the value they overwrite ("to be recorded"). The reverse sweep reads some
/// values of some variables; an assignment destroys a value that the reverse sweep will need exactly when that value
/// was read (by a statement whose reverse reads it) after it was assigned and before it is overwritten. That is a
/// forward data flow: the set of variables read since their last assignment, joined over branches and iterated
/// around loops. An accumulator <c>s += t</c> does not read s's value in reverse, so a running sum read only after
/// its loop is never saved inside it.
/// </summary>
internal sealed class SaveAnalysis
{
    private readonly Func<Statement, IEnumerable<string>> _readsBefore;
    private readonly Func<Statement, IEnumerable<string>> _readsAfter;
    private readonly Func<string, bool> _exempt;
    private readonly HashSet<Statement> _saves = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<LoopStatement, HashSet<string>> _loopEntries = new(ReferenceEqualityComparer.Instance);
    private List<HashSet<string>>? _breakStates;

    private SaveAnalysis(Func<Statement, IEnumerable<string>> readsBefore, Func<Statement, IEnumerable<string>> readsAfter, Func<string, bool> exempt)
    {
        _readsBefore = readsBefore;
        _readsAfter = readsAfter;
        _exempt = exempt;
    }

    /// <param name="readsBefore">Variables whose value before the statement its reverse reads (its operands).</param>
    /// <param name="readsAfter">Variables whose value after the statement its reverse reads (its own result).</param>
    /// <param name="exempt">Variables never saved (recomputed values, counting-loop indices).</param>
    /// <param name="readBeforeEntry">
    /// Variables whose values on entry to <paramref name="body"/> a reverse that runs after its own will read (when the
    /// body is a fused loop's iteration: what the method's analysis found a later reverse reads at the loop's entry).
    /// </param>
    /// <returns>
    /// The assignments that must save, and for each loop in <paramref name="body"/> the variables whose values on entry
    /// to it a later reverse reads (joined over the times the walk enters it): what a fused loop's iterations must keep.
    /// </returns>
    public static (HashSet<Statement> Saves, Dictionary<LoopStatement, HashSet<string>> LoopEntries) Run(
        IReadOnlyList<Statement> body,
        Func<Statement, IEnumerable<string>> readsBefore,
        Func<Statement, IEnumerable<string>> readsAfter,
        Func<string, bool> exempt,
        IEnumerable<string>? readBeforeEntry = null)
    {
        var analysis = new SaveAnalysis(readsBefore, readsAfter, exempt);
        analysis.Walk(body, new HashSet<string>(readBeforeEntry ?? Enumerable.Empty<string>(), StringComparer.Ordinal));
        return (analysis._saves, analysis._loopEntries);
    }

    private HashSet<string> Walk(IEnumerable<Statement> statements, HashSet<string> readSinceAssigned)
    {
        var state = readSinceAssigned;
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStatement assign:
                    state.UnionWith(_readsBefore(assign));
                    if (state.Contains(assign.Target) && !_exempt(assign.Target))
                    {
                        _saves.Add(assign);
                    }

                    state.Remove(assign.Target);
                    state.UnionWith(_readsAfter(assign));
                    break;
                case ElementAssignStatement element:
                    state.UnionWith(_readsBefore(element));
                    break;
                case IfStatement conditional:
                    var whenTrue = Walk(conditional.Then, new HashSet<string>(state, StringComparer.Ordinal));
                    var whenFalse = Walk(conditional.Else, new HashSet<string>(state, StringComparer.Ordinal));
                    whenTrue.UnionWith(whenFalse);
                    state = whenTrue;
                    break;
                case LoopStatement loop:
                    state = WalkLoop(loop, state);
                    break;
                case BreakStatement:
                    _breakStates?.Add(new HashSet<string>(state, StringComparer.Ordinal));

                    // Nothing follows a break in its list (control-flow normalization put it last).
                    return new HashSet<string>(StringComparer.Ordinal);
                default:
                    StatementTree.RequireSimple(statement);
                    break;
            }
        }

        return state;
    }

    private HashSet<string> WalkLoop(LoopStatement loop, HashSet<string> entry)
    {
        if (!_loopEntries.TryGetValue(loop, out var entries))
        {
            _loopEntries[loop] = entries = new HashSet<string>(StringComparer.Ordinal);
        }

        entries.UnionWith(entry);
        var outerBreaks = _breakStates;
        _breakStates = new List<HashSet<string>>();
        var head = new HashSet<string>(entry, StringComparer.Ordinal);
        while (true)
        {
            var end = Walk(loop.Body.Concat(loop.Increment), new HashSet<string>(head, StringComparer.Ordinal));
            int before = head.Count;
            head.UnionWith(end);
            if (head.Count == before)
            {
                break;
            }
        }

        foreach (var exit in _breakStates)
        {
            head.UnionWith(exit);
        }

        _breakStates = outerBreaks;
        return head;
    }
}
