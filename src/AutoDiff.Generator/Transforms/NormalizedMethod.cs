using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// A method in the form every mode differentiates, computed once per method: control flow normalised (one exit,
/// exits last), loop-invariant calls read from tables (<see cref="InvariantCalls"/>), three-address form, the facts of
/// the program, and which values are active. The pullback, the gradient and the forward-mode members all start from it;
/// each takes its own copy of the names handed out so far (<see cref="NewNames"/>), so what one member names does not
/// shift the names of another.
/// </summary>
internal sealed class NormalizedMethod
{
    private readonly NameAllocator _names;
    private readonly List<DeclareStatement> _locals;

    private NormalizedMethod(MethodModel method, DifferentiationOptions options)
    {
        Method = method;
        Options = options;
        _names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)));
        Result = _names.Fresh("value");
        Seed = _names.Fresh("seed");
        Tape = _names.Fresh("tape");

        var (normalized, flowLocals) = ControlFlowNormalization.Apply(method.Body, Result, _names);
        var tableLocals = new List<DeclareStatement>();
        if (options.InvariantCalls)
        {
            (normalized, tableLocals) = InvariantCalls.Apply(normalized, _names);
        }

        var (split, temporaries, singleUse) = ThreeAddressForm.Apply(normalized, _names);
        Body = split;
        _locals = method.Locals.Concat(flowLocals).Concat(tableLocals).Concat(temporaries).ToList();
        Facts = ProgramFacts.Collect(split, findRecomputable: options.Recomputation);
        SingleUse = singleUse;
        SingleUse.UnionWith(BlockLocalVariables());
        Active = ActiveVariables();
    }

    public static NormalizedMethod Create(MethodModel method, DifferentiationOptions options) => new(method, options);

    public MethodModel Method { get; }

    public DifferentiationOptions Options { get; }

    /// <summary>The local that holds the method's value (what its returns assign).</summary>
    public string Result { get; }

    /// <summary>The name of the pullback's seed parameter.</summary>
    public string Seed { get; }

    /// <summary>The name of the tape local (whether or not a generated member uses one).</summary>
    public string Tape { get; }

    /// <summary>The body, normalised and in three-address form, without its final return (of <see cref="Result"/>).</summary>
    public IReadOnlyList<Statement> Body { get; }

    /// <summary>Every local: the method's own, then those normalisation and three-address form introduced.</summary>
    public IReadOnlyList<DeclareStatement> Locals => _locals;

    public ProgramFacts Facts { get; }

    /// <summary>
    /// Real locals whose adjoint receives every contribution in one statement list, after their one assignment: split-out
    /// operands, and block locals (see <see cref="BlockLocalVariables"/>). Their adjoint is a fresh local there, with no
    /// accumulation and no reset. Read-only once built.
    /// </summary>
    public HashSet<string> SingleUse { get; }

    /// <summary>Variables (and local arrays) that depend on a differentiable input and reach the result. Read-only once built.</summary>
    public HashSet<string> Active { get; }

    public IEnumerable<ParameterModel> Differentiable => Method.Parameters.Where(p => p.Role == ParameterRole.Differentiable);

    /// <summary>A copy of the name allocator as normalisation left it, for one generated member.</summary>
    public NameAllocator NewNames() => _names.Clone();

    /// <summary>The method itself in normalised three-address form: its locals, its body, and one return of the result. Forward mode differentiates this.</summary>
    public List<Statement> PrimalProgram()
    {
        var program = new List<Statement>(_locals);
        program.AddRange(Body);
        program.Add(new ReturnStatement(new VariableExpr(Result, ValueKind.Real)));
        return program;
    }

    /// <summary>The atoms of a three-address value through which a derivative can flow.</summary>
    public static IEnumerable<Expr> DerivativeOperands(Expr value) => value switch
    {
        UnaryExpr or BinaryExpr or MathCallExpr => ExprFactory.Children(value).Where(c => c.Kind == ValueKind.Real),
        DifferentiableCallExpr invocation => invocation.Arguments.Where((_, i) => invocation.Differentiable[i]),
        ConditionalExpr conditional => new[] { conditional.WhenTrue, conditional.WhenFalse },
        _ => new[] { value },
    };

    /// <summary>The variable or local array an atom reads, if any.</summary>
    public static string? RootName(Expr atom) => atom switch
    {
        VariableExpr variable => variable.Name,
        ElementExpr { Array: VariableExpr array } => array.Name,
        SliceExpr slice => RootName(slice.Array),
        _ => null,
    };

    /// <summary>The varied variables (Activity) that are also useful: some derivative path leads from them to the result.</summary>
    private HashSet<string> ActiveVariables()
    {
        var varied = Activity.VariedVariables(Facts.RealAssignments, Differentiable.Select(p => p.Name));
        var useful = new HashSet<string>(StringComparer.Ordinal) { Result };
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (target, value) in Facts.RealAssignments)
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

    /// <summary>
    /// Real locals assigned once, whose every derivative-carrying read follows the assignment in the same statement
    /// list (the locals of a loop body, typically): all their adjoint contributions come from that list, so the
    /// adjoint can be declared at the first one, like a split-out operand's.
    /// </summary>
    private HashSet<string> BlockLocalVariables()
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
                    default:
                        StatementTree.RequireSimple(statements[i]);
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

        Walk(Body);
        var blockLocal = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definedIn)
        {
            string name = definition.Key;
            if (Facts.AssignmentCount(name) == 1 && name != Result
                && readIn.TryGetValue(name, out var reads)
                && reads.All(r => ReferenceEquals(r.List, definition.Value.List) && r.Position > definition.Value.Position))
            {
                blockLocal.Add(name);
            }
        }

        return blockLocal;
    }
}
