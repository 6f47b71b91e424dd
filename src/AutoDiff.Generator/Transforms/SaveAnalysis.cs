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
internal sealed class SaveAnalysis : SourceStatementWalker
{
    private readonly Func<Statement, IEnumerable<string>> _readsBefore;
    private readonly Func<Statement, IEnumerable<string>> _readsAfter;
    private readonly Func<string, bool> _exempt;
    private readonly HashSet<Statement> _saves = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<LoopStatement, HashSet<string>> _loopEntries = new(ReferenceEqualityComparer.Instance);
    private List<HashSet<string>>? _breakStates;

    /// <summary>The variables read since their last assignment, at the statement being visited.</summary>
    private HashSet<string> _state = new(StringComparer.Ordinal);

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
        analysis.Flow(body, new HashSet<string>(readBeforeEntry ?? Enumerable.Empty<string>(), StringComparer.Ordinal));
        return (analysis._saves, analysis._loopEntries);
    }

    /// <summary>The variables read since their last assignment after <paramref name="statements"/>, given those on entry.</summary>
    private HashSet<string> Flow(IEnumerable<Statement> statements, HashSet<string> readSinceAssigned)
    {
        _state = readSinceAssigned;
        Walk(statements);
        return _state;
    }

    public override void VisitAssign(AssignStatement statement)
    {
        _state.UnionWith(_readsBefore(statement));
        if (_state.Contains(statement.Target) && !_exempt(statement.Target))
        {
            _saves.Add(statement);
        }

        _state.Remove(statement.Target);
        _state.UnionWith(_readsAfter(statement));
    }

    public override void VisitElementAssign(ElementAssignStatement statement) => _state.UnionWith(_readsBefore(statement));

    public override void VisitIf(IfStatement statement)
    {
        var entry = _state;
        var whenTrue = Flow(statement.Then, new HashSet<string>(entry, StringComparer.Ordinal));
        var whenFalse = Flow(statement.Else, new HashSet<string>(entry, StringComparer.Ordinal));
        whenTrue.UnionWith(whenFalse);
        _state = whenTrue;
    }

    public override void VisitLoop(LoopStatement statement) => _state = FlowLoop(statement, _state);

    public override void VisitBreak(BreakStatement statement)
    {
        _breakStates?.Add(new HashSet<string>(_state, StringComparer.Ordinal));

        // Nothing follows a break in its list (control-flow normalization put it last).
        _state = new HashSet<string>(StringComparer.Ordinal);
    }

    // Neither reads nor overwrites a value the reverse sweep reads.
    public override void VisitDeclare(DeclareStatement statement)
    {
    }

    public override void VisitArrayCreate(ArrayCreateStatement statement)
    {
    }

    public override void VisitContinue(ContinueStatement statement)
    {
    }

    public override void VisitComment(CommentStatement statement)
    {
    }

    // Has no reverse: it reads values in the forward sweep only.
    public override void VisitEffect(EffectStatement statement)
    {
    }

    // Control-flow normalization has turned returns into assignments and dropped the exits.
    public override void VisitReturn(ReturnStatement statement) => throw NotExpected(statement);

    public override void VisitExit(ExitStatement statement) => throw NotExpected(statement);

    private HashSet<string> FlowLoop(LoopStatement loop, HashSet<string> entry)
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
            var end = Flow(loop.Body.Concat(loop.Increment), new HashSet<string>(head, StringComparer.Ordinal));
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
