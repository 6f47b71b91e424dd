using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// What the reverse sweep decided that the forward sweep must record: for each if and loop the reverse sweep replays,
/// where its decision or trip count (and start) is kept; for each assignment whose old value the reverse sweep puts
/// back, where that value is kept. The reverse sweep is built first and fills the plan; the forward sweep is then built
/// from it and only reads it.
/// </summary>
internal sealed class ReversePlan
{
    private readonly Dictionary<Statement, ControlRecord> _records = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Statement, string?> _saveSlots = new(ReferenceEqualityComparer.Instance);

    /// <summary>Plans the recording of an if's decision or a loop's trip count.</summary>
    public void Record(Statement statement, ControlRecord record) => _records.Add(statement, record);

    /// <summary>How the forward sweep records <paramref name="statement"/>'s decision or trip count; false when the reverse sweep does not replay it.</summary>
    public bool TryGetRecord(Statement statement, out ControlRecord record) => _records.TryGetValue(statement, out record!);

    /// <summary>
    /// Plans where the value <paramref name="statement"/> overwrites is kept: the local <paramref name="allocate"/> names,
    /// or the tape when it returns null. The same statement is planned once, however many sweeps restore it.
    /// </summary>
    public string? SaveSlot(Statement statement, Func<string?> allocate)
    {
        if (!_saveSlots.TryGetValue(statement, out string? local))
        {
            local = allocate();
            _saveSlots[statement] = local;
        }

        return local;
    }

    /// <summary>Where the forward sweep keeps the value <paramref name="statement"/> overwrites (null: on the tape).</summary>
    public string? PlannedSaveSlot(Statement statement) => _saveSlots.TryGetValue(statement, out string? local)
        ? local
        : throw new InvalidOperationException("The forward sweep saves a value the reverse sweep does not put back.");

    /// <summary>Whether some assignment of <paramref name="target"/> saves the value it overwrites.</summary>
    public bool Saves(string target) => _saveSlots.Keys.OfType<AssignStatement>().Any(a => a.Target == target);
}

/// <summary>
/// What the reverse sweep needs recorded about a branch or a loop: the local of an if's decision, or of a loop's trip
/// count and (for a counting loop) the start of its index; <paramref name="OnTape"/> when inside a loop, where they go
/// on the tape instead of staying in the locals; <paramref name="Recomputed"/> when the reverse sweep computes a
/// counting loop's start and trip count itself (<see cref="ProgramFacts.RecomputableTripCounts"/>), so the forward
/// sweep records nothing.
/// </summary>
internal sealed record ControlRecord(string? Decision, string? Count, string? Start, bool OnTape, bool Recomputed = false);
