using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>Reverse mode, the analyses: what the reverse sweep reads, and so which assignments must save (activity is <see cref="NormalizedMethod.Active"/>).</summary>
internal sealed partial class ReverseModeTransform
{
    private bool IsActive(Expr atom) => NormalizedMethod.RootName(atom) is { } name && _active.Contains(name);

    /// <summary>
    /// Variables whose values the reverse sweep reads: operands of partial derivatives, indices of adjoint
    /// accumulations, arguments of pullback calls, and what the recomputed values are computed from.
    /// </summary>
    private HashSet<string> NeededVariables()
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in _facts.Sites)
        {
            switch (site.Statement)
            {
                case AssignStatement { TargetKind: ValueKind.Real } assign when _active.Contains(assign.Target):
                    RecordReverseReads(assign, assign.Value, null);
                    break;
                case ElementAssignStatement element when _active.Contains(element.Array):
                    RecordReverseReads(element, element.Value, element.Index);
                    break;
            }
        }

        foreach (var reads in _readsBefore.Values.Concat(_readsAfter.Values))
        {
            needed.UnionWith(reads);
        }

        // What a recomputed value is computed from must be right when the reverse sweep recomputes it, and an
        // element put back into a needed array needs its index.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var site in _facts.Sites)
            {
                if (site.Statement is ElementAssignStatement element && needed.Contains(element.Array))
                {
                    var reads = ProgramFacts.Reads(element.Index);
                    Reads(_readsBefore, element).UnionWith(reads);
                    int before = needed.Count;
                    needed.UnionWith(reads);
                    changed |= needed.Count != before;
                }
            }

            foreach (var recomputable in _facts.Recomputable)
            {
                if (needed.Contains(recomputable.Key))
                {
                    var reads = ProgramFacts.Reads(recomputable.Value.Value);
                    Reads(_readsBefore, recomputable.Value).UnionWith(reads);
                    int before = needed.Count;
                    needed.UnionWith(reads);
                    changed |= needed.Count != before;
                }
            }
        }

        return needed;
    }

    // Stand-ins for the seed and for an assignment's own result in contributions built only to be inspected (what the
    // reverse of an assignment reads, whether it reads its own result), never emitted: '\0' keeps them apart from every
    // C# identifier. The seed is a variable, not a literal, so that no guarded contribution simplifies to zero and hides
    // what it reads.
    private static readonly VariableExpr SeedStandIn = new("\0seed", ValueKind.Real);
    private static readonly VariableExpr ResultStandIn = new("\0result", ValueKind.Real);

    /// <summary>
    /// Records what the reverse of one assignment reads: values of its operands (as they were before it) and,
    /// for partials written through the result (exp, sqrt, division, ...), its own new value.
    /// </summary>
    private void RecordReverseReads(Statement statement, Expr value, Expr? elementIndex)
    {
        var before = Reads(_readsBefore, statement);
        if (elementIndex is not null)
        {
            AddReads(elementIndex, before);
        }

        if (value is DifferentiableCallExpr invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                AddReads(argument, before);
            }

            return;
        }

        foreach (var (operand, contribution) in Contributions(value, ResultStandIn, SeedStandIn))
        {
            if (IsActive(operand))
            {
                AddReads(contribution, before);
                if (operand is ElementExpr element)
                {
                    AddReads(element.Index, before);
                }
            }
        }

        if (before.Remove(ResultStandIn.Name))
        {
            Reads(_readsAfter, statement).Add(statement is AssignStatement assign ? assign.Target : ((ElementAssignStatement)statement).Array);
        }

        before.Remove(SeedStandIn.Name);
    }

    private static HashSet<string> Reads(Dictionary<Statement, HashSet<string>> reads, Statement statement)
    {
        if (!reads.TryGetValue(statement, out var names))
        {
            reads[statement] = names = new HashSet<string>(StringComparer.Ordinal);
        }

        return names;
    }

    private static void AddReads(Expr expression, HashSet<string> names)
    {
        if (expression is VariableExpr variable)
        {
            names.Add(variable.Name);
        }

        foreach (var child in Children(expression))
        {
            AddReads(child, names);
        }
    }

    /// <summary>
    /// Whether the forward sweep must save the target's old value before this assignment. Counting-loop indices
    /// and recomputed values never are; a value assigned once, outside every loop, never loses an old value; the first
    /// write of an element of a fresh array overwrites 0, which the reverse sweep puts back without saving it.
    /// </summary>
    private bool NeedsSave(Statement statement) => statement switch
    {
        ElementAssignStatement element => _needed.Contains(element.Array) && !_freshWrites.ContainsKey(element),
        AssignStatement when _iterationSaves.TryGetValue(statement, out bool save) => save,
        AssignStatement => _assignmentsToSave.Contains(statement),
        _ => false,
    };
}
