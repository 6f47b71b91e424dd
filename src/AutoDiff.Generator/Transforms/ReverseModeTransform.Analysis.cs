using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>Reverse mode, the analyses: which values are active, what the reverse sweep reads, which assignments must save.</summary>
internal sealed partial class ReverseModeTransform
{
    /// <summary>
    /// Real locals assigned once, whose every derivative-carrying read follows the assignment in the same statement
    /// list (the locals of a loop body, typically): all their adjoint contributions come from that list, so the
    /// adjoint can be declared at the first one, like a split-out operand's.
    /// </summary>
    private HashSet<string> BlockLocalVariables(IReadOnlyList<Statement> body)
    {
        var definedIn = new Dictionary<string, (IReadOnlyList<Statement> List, int Position)>(StringComparer.Ordinal);
        var readIn = new Dictionary<string, List<(IReadOnlyList<Statement> List, int Position)>>(StringComparer.Ordinal);
        void Walk(IReadOnlyList<Statement> statements)
        {
            for (int i = 0; i < statements.Count; i++)
            {
                switch (statements[i])
                {
                    case AssignStatement { TargetKind: ValueKind.Real } assign:
                        definedIn[assign.Target] = (statements, i);
                        NoteReads(assign.Value, statements, i);
                        break;
                    case ElementAssignStatement element:
                        NoteReads(element.Value, statements, i);
                        break;
                    case IfStatement conditional:
                        Walk(conditional.Then.Items);
                        Walk(conditional.Else.Items);
                        break;
                    case LoopStatement loop:
                        Walk(loop.Body.Items);
                        Walk(loop.Increment.Items);
                        break;
                }
            }
        }

        void NoteReads(Expr value, IReadOnlyList<Statement> list, int position)
        {
            foreach (var operand in DerivativeOperands(value))
            {
                if (operand is VariableExpr { Kind: ValueKind.Real } variable)
                {
                    if (!readIn.TryGetValue(variable.Name, out var reads))
                    {
                        readIn[variable.Name] = reads = new();
                    }

                    // A select's operand receives its adjoint inside an if: not a place to declare it.
                    reads.Add((value is ConditionalExpr ? Array.Empty<Statement>() : list, position));
                }
            }
        }

        Walk(body);
        var blockLocal = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definedIn)
        {
            string name = definition.Key;
            if (_facts.AssignmentCount(name) == 1 && name != _result
                && readIn.TryGetValue(name, out var reads)
                && reads.All(r => ReferenceEquals(r.List, definition.Value.List) && r.Position > definition.Value.Position))
            {
                blockLocal.Add(name);
            }
        }

        return blockLocal;
    }

    /// <summary>Variables (and local arrays) that depend on a differentiable input and reach the result.</summary>
    private HashSet<string> ActiveVariables()
    {
        var varied = new HashSet<string>(Differentiable.Select(p => p.Name), StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (target, value) in _facts.RealAssignments)
            {
                if (!varied.Contains(target) && IsVaried(value, varied))
                {
                    changed |= varied.Add(target);
                }
            }
        }

        var useful = new HashSet<string>(StringComparer.Ordinal) { _result };
        changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (target, value) in _facts.RealAssignments)
            {
                if (useful.Contains(target))
                {
                    foreach (var operand in DerivativeOperands(value))
                    {
                        if (RootName(operand) is { } name)
                        {
                            changed |= useful.Add(name);
                        }
                    }
                }
            }
        }

        varied.IntersectWith(useful);
        return varied;
    }

    private static bool IsVaried(Expr expression, HashSet<string> varied) => Activity.IsVaried(expression, varied);

    /// <summary>The atoms of a three-address value through which a derivative can flow.</summary>
    private static IEnumerable<Expr> DerivativeOperands(Expr value) => value switch
    {
        UnaryExpr or BinaryExpr or CallExpr => Children(value).Where(c => c.Kind == ValueKind.Real),
        InvocationExpr invocation => invocation.Arguments.Where((_, i) => invocation.Differentiable[i]),
        ConditionalExpr conditional => new[] { conditional.WhenTrue, conditional.WhenFalse },
        _ => new[] { value },
    };

    private static string? RootName(Expr atom) => atom switch
    {
        VariableExpr variable => variable.Name,
        ElementExpr { Array: VariableExpr array } => array.Name,
        _ => null,
    };

    private bool IsActive(Expr atom) => RootName(atom) is { } name && _active.Contains(name);

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

    /// <summary>
    /// Records what the reverse of one assignment reads: values of its operands (as they were before it) and,
    /// for partials written through the result (exp, sqrt, division, ...), its own new value.
    /// </summary>
    private void RecordReverseReads(Statement statement, Expr value, Expr? elementIndex)
    {
        var before = Reads(_readsBefore, statement);
        var resultPlaceholder = new VariableExpr("\0result", ValueKind.Real);
        var seedPlaceholder = new VariableExpr("\0seed", ValueKind.Real);
        if (elementIndex is not null)
        {
            AddReads(elementIndex, before);
        }

        if (value is InvocationExpr invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                AddReads(argument, before);
            }

            return;
        }

        foreach (var (operand, contribution) in Contributions(value, resultPlaceholder, seedPlaceholder))
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

        if (before.Remove(resultPlaceholder.Name))
        {
            Reads(_readsAfter, statement).Add(statement is AssignStatement assign ? assign.Target : ((ElementAssignStatement)statement).Array);
        }

        before.Remove(seedPlaceholder.Name);
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
    /// and recomputed values never are; a value assigned once, outside every loop, never loses an old value.
    /// </summary>
    private bool NeedsSave(Statement statement) => statement switch
    {
        ElementAssignStatement element => _needed.Contains(element.Array),
        AssignStatement when _iterationSaves.TryGetValue(statement, out bool save) => save,
        AssignStatement => _assignmentsToSave.Contains(statement),
        _ => false,
    };
}
