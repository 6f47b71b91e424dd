using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Reverse mode (adjoint) differentiation of a parsed method into its pullback,
/// <c>double {Name}Pullback(inputs..., double seed, adjoints...)</c>, which returns the value and adds
/// <c>seed * d value / d input</c> to each input's adjoint; and the public <c>{Name}Gradient</c> on top of it.
/// <para>
/// The pullback runs a forward sweep (the method, in three-address form, that also saves what it overwrites and the
/// reverse sweep needs) and then a reverse sweep that walks the statements backwards: each assignment
/// <c>v = op(a, b)</c> adds <c>v_bar * d op / d a</c> to <c>a_bar</c>, and so on. Control flow is replayed from
/// recorded branch decisions and loop trip counts. Values are saved only when needed ("to be recorded"): a value is
/// saved before it is overwritten only if some partial derivative, index or call in the reverse sweep reads it, and
/// values computed inside a loop from data that the loop does not change are recomputed instead of saved.
/// </para>
/// </summary>
internal sealed class ReverseModeTransform
{
    private readonly MethodModel _method;
    private readonly NameAllocator _names;
    private readonly string _result;
    private readonly string _seed;
    private readonly string _tape;
    private readonly Dictionary<string, string> _adjointOutputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _adjointNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeclareStatement> _locals = new(StringComparer.Ordinal);
    private readonly List<DeclareStatement> _generatedLocals = new();
    private readonly List<Statement> _body;

    // Split-out operands: one contribution reaches their adjoint, which is then read once, in the same block, so the
    // adjoint is a fresh local there, with no accumulation and no reset.
    private readonly HashSet<string> _singleUse;
    private readonly ProgramFacts _facts;
    private readonly HashSet<string> _active;
    private readonly HashSet<string> _needed;
    private readonly HashSet<Statement> _assignmentsToSave;
    private readonly Dictionary<Statement, HashSet<string>> _readsBefore = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Statement, HashSet<string>> _readsAfter = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Statement, string?> _saves = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Statement, ControlRecord> _records = new(ReferenceEqualityComparer.Instance);
    private bool _usesTape;
    private readonly HashSet<string> _declaredInline = new(StringComparer.Ordinal);

    // Tape-recorded decisions of the ifs the forward sweep is inside of, innermost last, within the current loop.
    private List<string> _openDecisions = new();

    private ReverseModeTransform(MethodModel method)
    {
        _method = method;
        _names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)));
        _result = _names.Fresh("value");
        _seed = _names.Fresh("seed");
        _tape = _names.Fresh("tape");
        foreach (var parameter in Differentiable)
        {
            _adjointOutputs[parameter.Name] = _names.Fresh(parameter.Name + "Adjoint");
        }

        var (normalized, flowLocals) = ControlFlowNormalization.Apply(method.Body, _result, _names);
        var (split, temporaries, singleUse) = ThreeAddressForm.Apply(normalized, _names);
        _body = split;
        _singleUse = singleUse;

        foreach (var local in method.Locals.Concat(flowLocals).Concat(temporaries))
        {
            _locals[local.Name] = local;
        }

        _facts = ProgramFacts.Collect(_body);
        _singleUse.UnionWith(BlockLocalVariables(_body));
        _active = ActiveVariables();
        _needed = NeededVariables();
        _assignmentsToSave = SaveAnalysis.AssignmentsToSave(
            _body,
            statement => _readsBefore.TryGetValue(statement, out var reads) ? reads : Enumerable.Empty<string>(),
            statement => _readsAfter.TryGetValue(statement, out var reads) ? reads : Enumerable.Empty<string>(),
            name => _facts.Recomputable.ContainsKey(name) || _facts.CountingIndices.Contains(name));
    }

    /// <summary>Analyses <paramref name="method"/> for differentiation; then build what is needed.</summary>
    public static ReverseModeTransform Create(MethodModel method) => new(method);

    /// <summary>The method being differentiated.</summary>
    public MethodModel Method => _method;

    /// <summary>The allocator every generated method of this method draws its names from.</summary>
    public NameAllocator Names => _names;

    /// <summary>The name of the tape local (whether or not the pullback uses one).</summary>
    public string Tape => _tape;

    /// <summary>The name of the pullback's seed parameter.</summary>
    public string Seed => _seed;

    /// <summary>The pullback's adjoint parameter of each differentiable parameter.</summary>
    public IReadOnlyDictionary<string, string> AdjointOutputs => _adjointOutputs;

    /// <summary>
    /// The method itself in the normalized three-address form the sweeps work on: its locals, its body, and one
    /// return of the result. Forward mode differentiates this.
    /// </summary>
    public List<Statement> PrimalProgram()
    {
        var program = new List<Statement>(_locals.Values);
        program.AddRange(_body);
        program.Add(new ReturnStatement(new VariableExpr(_result, ValueKind.Real)));
        return program;
    }

    public IEnumerable<ParameterModel> Differentiable => _method.Parameters.Where(p => p.Role == ParameterRole.Differentiable);

    // ---------------------------------------------------------------- analysis

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

    private static bool IsVaried(Expr expression, HashSet<string> varied) => expression switch
    {
        { Kind: not (ValueKind.Real or ValueKind.RealArray) } => false,
        VariableExpr variable => varied.Contains(variable.Name),
        ElementExpr { Array: VariableExpr array } => varied.Contains(array.Name),
        CallExpr call when MathFunctionFacts.IsPiecewiseConstant(call.Function) => false,
        ConditionalExpr conditional => IsVaried(conditional.WhenTrue, varied) || IsVaried(conditional.WhenFalse, varied),
        InvocationExpr invocation => invocation.Arguments.Where((_, i) => invocation.Differentiable[i]).Any(a => IsVaried(a, varied)),
        UnaryExpr or BinaryExpr or CallExpr => Children(expression).Any(child => IsVaried(child, varied)),
        _ => false,
    };

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
        AssignStatement => _assignmentsToSave.Contains(statement),
        _ => false,
    };

    // ---------------------------------------------------------------- reverse sweep

    private List<Statement> Reverse(IReadOnlyList<Statement> statements, int loopDepth)
    {
        var output = new List<Statement>();
        for (int i = statements.Count - 1; i >= 0; i--)
        {
            ReverseStatement(statements[i], loopDepth, output);
        }

        return output;
    }

    private void ReverseStatement(Statement statement, int loopDepth, List<Statement> output)
    {
        switch (statement)
        {
            case AssignStatement assign:
                ReverseAssignment(assign, loopDepth, output);
                break;
            case ElementAssignStatement element:
                ReverseElementAssignment(element, loopDepth, output);
                break;
            case IfStatement conditional:
            {
                var whenTrue = Reverse(conditional.Then, loopDepth);
                var whenFalse = Reverse(conditional.Else, loopDepth);
                if (whenTrue.Count == 0 && whenFalse.Count == 0)
                {
                    break;
                }

                var record = new ControlRecord(_names.Fresh("taken"), null, null, loopDepth > 0);
                _records[conditional] = record;
                Declare(record.Decision!, ValueKind.Boolean);
                if (record.OnTape)
                {
                    output.Add(Pop(record.Decision!, ValueKind.Boolean));
                }

                output.Add(new IfStatement(new VariableExpr(record.Decision!, ValueKind.Boolean), whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
                break;
            }

            case LoopStatement loop:
                ReverseLoop(loop, loopDepth, output);
                break;
        }
    }

    private void ReverseLoop(LoopStatement loop, int loopDepth, List<Statement> output)
    {
        var iteration = loop.Index is null ? loop.Body.Concat(loop.Increment).ToList() : loop.Body.Items.ToList();
        var reversed = Reverse(iteration, loopDepth + 1);
        if (reversed.Count == 0)
        {
            return;
        }

        string count = _names.Fresh("count");
        string? start = loop.Index is null ? null : _names.Fresh(loop.Index + "Start");
        var record = new ControlRecord(null, count, start, loopDepth > 0);
        _records[loop] = record;
        Declare(count, ValueKind.Integer);
        if (start is not null)
        {
            Declare(start, ValueKind.Integer);
        }

        if (record.OnTape)
        {
            if (start is not null)
            {
                output.Add(Pop(start, ValueKind.Integer));
            }

            output.Add(Pop(count, ValueKind.Integer));
        }

        string counter = _names.Fresh("iteration");
        var body = new List<Statement>();
        if (loop.Index is not null)
        {
            // The counting loop's index, recomputed: index = start + iteration * step.
            var index = new BinaryExpr(
                BinaryOperator.Add,
                new VariableExpr(start!, ValueKind.Integer),
                new BinaryExpr(BinaryOperator.Multiply, new VariableExpr(counter, ValueKind.Integer), new LiteralExpr(loop.Step, ValueKind.Integer), ValueKind.Integer),
                ValueKind.Integer);
            body.Add(new AssignStatement(loop.Index, ValueKind.Integer, index, Declare: false));
        }

        body.AddRange(_facts.Recomputable
            .Where(r => _needed.Contains(r.Key) && ReferenceEquals(_facts.LoopOf[r.Value], loop))
            .Select(r => r.Value)
            .OrderBy(a => _facts.Order[a]));
        body.AddRange(reversed);
        output.Add(new CountdownLoopStatement(counter, new VariableExpr(count, ValueKind.Integer), body.ToEquatableArray()));
    }

    private void ReverseAssignment(AssignStatement assign, int loopDepth, List<Statement> output)
    {
        bool restore = NeedsSave(assign);
        if (assign.TargetKind != ValueKind.Real || !_active.Contains(assign.Target))
        {
            if (restore)
            {
                output.Add(Restore(assign, assign.Target, assign.TargetKind, null));
            }

            return;
        }

        var target = new VariableExpr(assign.Target, ValueKind.Real);
        string adjoint = AdjointName(assign.Target);
        if (_singleUse.Contains(assign.Target) && !_declaredInline.Contains(assign.Target))
        {
            // Its one reader passed it nothing: the adjoint is zero (the saved value still has to come back).
            if (restore)
            {
                output.Add(Restore(assign, assign.Target, ValueKind.Real, null));
            }

            return;
        }

        bool reset = !_singleUse.Contains(assign.Target) && (loopDepth > 0 || _facts.AssignmentCount(assign.Target) > 1);
        bool readsItself = DerivativeOperands(assign.Value).Contains(target);

        Expr result = target;
        if (restore)
        {
            // The reverse sweep is about to put back the old value; partials that need the new one read a copy.
            string copy = _names.Fresh("result");
            result = new VariableExpr(copy, ValueKind.Real);
            var contributions = Contributions(assign.Value, result, Real(0.0)).ToList();
            if (contributions.Any(c => Mentions(c.Contribution, e => e == result)))
            {
                output.Add(new AssignStatement(copy, ValueKind.Real, target, Declare: true));
            }

            output.Add(Restore(assign, assign.Target, ValueKind.Real, null));
        }

        Expr seed = new VariableExpr(adjoint, ValueKind.Real);
        if (assign.Value is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } accumulation
            && accumulation.Left == target && accumulation.Right != target)
        {
            // An accumulator, v = v + u: v's adjoint passes through unchanged, u receives +-v_bar.
            if (IsActive(accumulation.Right))
            {
                output.Add(AccumulateInto(
                    accumulation.Right,
                    accumulation.Operator == BinaryOperator.Add ? seed : Negate(seed)));
            }

            return;
        }

        if (reset && readsItself)
        {
            string seedCopy = _names.Fresh("seed");
            output.Add(new AssignStatement(seedCopy, ValueKind.Real, seed, Declare: true));
            output.Add(new AssignStatement(adjoint, ValueKind.Real, Real(0.0), Declare: false));
            seed = new VariableExpr(seedCopy, ValueKind.Real);
            reset = false;
        }

        AddContributions(assign.Value, result, seed, output);
        if (reset)
        {
            output.Add(new AssignStatement(adjoint, ValueKind.Real, Real(0.0), Declare: false));
        }
    }

    private void ReverseElementAssignment(ElementAssignStatement element, int loopDepth, List<Statement> output)
    {
        bool restore = NeedsSave(element);
        if (!_active.Contains(element.Array))
        {
            if (restore)
            {
                output.Add(Restore(element, element.Array, ValueKind.Real, element.Index));
            }

            return;
        }

        var target = new ElementExpr(new VariableExpr(element.Array, ValueKind.RealArray), element.Index);
        Expr result = target;
        if (restore)
        {
            string copy = _names.Fresh("result");
            result = new VariableExpr(copy, ValueKind.Real);
            if (Contributions(element.Value, result, Real(0.0)).Any(c => Mentions(c.Contribution, e => e == result)))
            {
                output.Add(new AssignStatement(copy, ValueKind.Real, target, Declare: true));
            }

            output.Add(Restore(element, element.Array, ValueKind.Real, element.Index));
        }

        // a[i] = f(..., a[i], ...): the seed is the adjoint of the new a[i]; the old a[i] starts from zero.
        var adjointElement = new ElementExpr(new VariableExpr(AdjointName(element.Array), ValueKind.RealArray), element.Index);
        string seed = _names.Fresh("seed");
        output.Add(new AssignStatement(seed, ValueKind.Real, adjointElement, Declare: true));
        output.Add(new ElementAssignStatement(AdjointName(element.Array), element.Index, Real(0.0)));
        AddContributions(element.Value, result, new VariableExpr(seed, ValueKind.Real), output);
    }

    private void AddContributions(Expr value, Expr result, Expr seed, List<Statement> output)
    {
        if (value is InvocationExpr invocation)
        {
            // A pullback adds into its adjoint arguments by ref: split-out operands need theirs to exist, at zero.
            foreach (var argument in invocation.Arguments.Where((a, i) => invocation.Differentiable[i] && IsActive(a)))
            {
                if (argument is VariableExpr { Kind: ValueKind.Real } && IsFirstContributionToSingleUse(argument))
                {
                    output.Add(new AssignStatement(AdjointName(RootName(argument)!), ValueKind.Real, Real(0.0), Declare: true));
                }
            }

            output.Add(new CallStatement(PullbackCall(invocation, seed)));
            return;
        }

        if (value is ConditionalExpr conditional)
        {
            // c ? x[i - 1] : 0 — the branch not taken may not even be a valid element, so branch here too.
            var whenTrue = IsActive(conditional.WhenTrue) ? new[] { AccumulateInto(conditional.WhenTrue, seed) } : Array.Empty<Statement>();
            var whenFalse = IsActive(conditional.WhenFalse) ? new[] { AccumulateInto(conditional.WhenFalse, seed) } : Array.Empty<Statement>();
            output.Add(new IfStatement(conditional.Condition, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
            return;
        }

        foreach (var (operand, contribution) in Contributions(value, result, seed))
        {
            if (IsActive(operand))
            {
                output.Add(AccumulateInto(operand, contribution));
            }
        }
    }

    /// <summary>The callee's pullback, accumulating into the adjoints of the arguments (or into scratch for constants).</summary>
    private PullbackCallExpr PullbackCall(InvocationExpr invocation, Expr seed)
    {
        var adjoints = new List<AdjointArgument>();
        for (int i = 0; i < invocation.Arguments.Count; i++)
        {
            if (!invocation.Differentiable[i])
            {
                continue;
            }

            var argument = invocation.Arguments[i];
            if (argument.Kind == ValueKind.RealArray)
            {
                Expr span = IsActive(argument) ? AdjointOf(argument) : TapeSpan(new LengthExpr(argument));
                adjoints.Add(new AdjointArgument(span, ByRef: false));
            }
            else if (IsActive(argument))
            {
                adjoints.Add(new AdjointArgument(AdjointOf(argument), ByRef: true));
            }
            else
            {
                string discard = _names.Fresh("discarded");
                Declare(discard, ValueKind.Real);
                adjoints.Add(new AdjointArgument(new VariableExpr(discard, ValueKind.Real), ByRef: true));
            }
        }

        return new PullbackCallExpr(invocation.Pullback, invocation.Arguments, invocation.Differentiable, seed, adjoints.ToEquatableArray());
    }

    /// <summary>The adjoint of an active atom: a local, an element of a local adjoint array, or of a pullback output.</summary>
    private Expr AdjointOf(Expr atom) => atom switch
    {
        VariableExpr { Kind: ValueKind.RealArray } array => new VariableExpr(ArrayAdjointName(array.Name), ValueKind.RealArray),
        VariableExpr variable => new VariableExpr(AdjointName(variable.Name), ValueKind.Real),
        ElementExpr { Array: VariableExpr array } element => new ElementExpr(new VariableExpr(ArrayAdjointName(array.Name), ValueKind.RealArray), element.Index),
        _ => throw new InvalidOperationException("No adjoint for " + atom),
    };

    private string ArrayAdjointName(string array) => _adjointOutputs.TryGetValue(array, out string? output) ? output : AdjointName(array);

    private Statement AccumulateInto(Expr operand, Expr contribution)
    {
        switch (AdjointOf(operand))
        {
            case VariableExpr adjoint when IsFirstContributionToSingleUse(operand):
                // The only contribution a split-out operand's adjoint gets: declare it right here.
                return new AssignStatement(adjoint.Name, ValueKind.Real, contribution, Declare: true);
            case VariableExpr adjoint:
                return new AccumulateStatement(adjoint.Name, contribution);
            case ElementExpr { Array: VariableExpr array } element:
                return new ElementAccumulateStatement(array.Name, element.Index, contribution);
            case var other:
                throw new InvalidOperationException("Cannot accumulate into " + other);
        }
    }

    /// <summary>True (once) for a split-out operand, whose adjoint is then declared where it is first given a value.</summary>
    private bool IsFirstContributionToSingleUse(Expr operand) =>
        operand is VariableExpr { Kind: ValueKind.Real } variable && _singleUse.Contains(variable.Name) && _declaredInline.Add(variable.Name);

    /// <summary>What each operand of a three-address value receives, given the value's adjoint <paramref name="seed"/>.</summary>
    private static IEnumerable<(Expr Operand, Expr Contribution)> Contributions(Expr value, Expr result, Expr seed)
    {
        switch (value)
        {
            case UnaryExpr { Operator: UnaryOperator.Negate } negate:
                yield return (negate.Operand, Negate(seed));
                break;
            case BinaryExpr { Operator: BinaryOperator.Add } add:
                yield return (add.Left, seed);
                yield return (add.Right, seed);
                break;
            case BinaryExpr { Operator: BinaryOperator.Subtract } subtract:
                yield return (subtract.Left, seed);
                yield return (subtract.Right, Negate(seed));
                break;
            case BinaryExpr { Operator: BinaryOperator.Multiply } multiply when multiply.Left == multiply.Right:
                // u * u: one accumulation of 2 u instead of two of u (exact: doubling is exact in floating point).
                yield return (multiply.Left, Multiply(Multiply(Real(2.0), seed), multiply.Left));
                break;
            case BinaryExpr { Operator: BinaryOperator.Multiply } multiply:
                yield return (multiply.Left, Multiply(seed, multiply.Right));
                yield return (multiply.Right, Multiply(seed, multiply.Left));
                break;
            case BinaryExpr { Operator: BinaryOperator.Divide } divide:
                // r = u / w: dr/du = 1 / w, dr/dw = -r / w.
                yield return (divide.Left, Divide(seed, divide.Right));
                yield return (divide.Right, Negate(Divide(Multiply(seed, result), divide.Right)));
                break;
            case CallExpr call:
                foreach (var (argument, contribution) in MathDerivatives.Contributions(call, result, seed))
                {
                    yield return (call.Arguments[argument], contribution);
                }

                break;
            case ConditionalExpr conditional:
                yield return (conditional.WhenTrue, Choose(conditional.Condition, seed, Real(0.0)));
                yield return (conditional.WhenFalse, Choose(conditional.Condition, Real(0.0), seed));
                break;
            case InvocationExpr:
                break;
            default:
                if (!ThreeAddressForm.IsAtom(value))
                {
                    throw new InvalidOperationException("The reverse sweep has no rule for " + value.GetType().Name);
                }

                // A copy: the operand receives the whole adjoint.
                yield return (value, seed);
                break;
        }
    }

    /// <summary>
    /// <c>g[i] += a; g[i] += b;</c> becomes <c>g[i] += a + b;</c>: one load and store of the element instead of two
    /// (the compiler cannot merge them itself, since the output span might overlap an input).
    /// </summary>
    private static List<Statement> MergeAccumulations(IEnumerable<Statement> statements)
    {
        var output = new List<Statement>();
        foreach (var statement in statements)
        {
            var current = statement switch
            {
                IfStatement conditional => conditional with
                {
                    Then = MergeAccumulations(conditional.Then).ToEquatableArray(),
                    Else = MergeAccumulations(conditional.Else).ToEquatableArray(),
                },
                CountdownLoopStatement countdown => countdown with { Body = MergeAccumulations(countdown.Body).ToEquatableArray() },
                _ => statement,
            };

            if (current is ElementAccumulateStatement next && output.Count > 0
                && output[output.Count - 1] is ElementAccumulateStatement previous
                && previous.Array == next.Array && previous.Index == next.Index)
            {
                output[output.Count - 1] = previous with
                {
                    Value = next.Value is UnaryExpr { Operator: UnaryOperator.Negate } negated
                        ? Subtract(previous.Value, negated.Operand)
                        : Add(previous.Value, next.Value),
                };
                continue;
            }

            output.Add(current);
        }

        return output;
    }

    // ---------------------------------------------------------------- forward sweep

    private List<Statement> Forward(IReadOnlyList<Statement> statements, int loopDepth)
    {
        var output = new List<Statement>();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStatement assign:
                    Save(assign, assign.Target, assign.TargetKind, null, loopDepth, output);
                    output.Add(assign);
                    break;
                case ElementAssignStatement element:
                    Save(element, element.Array, ValueKind.Real, element.Index, loopDepth, output);
                    output.Add(element);
                    break;
                case IfStatement conditional when _records.TryGetValue(conditional, out var record):
                {
                    // The decision goes on the tape after the branch, on top of whatever the branch pushed, so that
                    // the reverse sweep pops it first and then knows which branch's values to pop. A branch that
                    // breaks out of the loop pushes it (and those of the ifs around it) just before the break.
                    var decision = new VariableExpr(record.Decision!, ValueKind.Boolean);
                    output.Add(new AssignStatement(record.Decision!, ValueKind.Boolean, conditional.Condition, Declare: false));
                    if (record.OnTape)
                    {
                        _openDecisions.Add(record.Decision!);
                    }

                    var whenTrue = Forward(conditional.Then, loopDepth);
                    var whenFalse = Forward(conditional.Else, loopDepth);
                    output.Add(new IfStatement(decision, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
                    if (record.OnTape)
                    {
                        _openDecisions.RemoveAt(_openDecisions.Count - 1);
                        output.Add(Push(decision));
                    }

                    break;
                }

                case BreakStatement:
                    for (int i = _openDecisions.Count - 1; i >= 0; i--)
                    {
                        output.Add(Push(new VariableExpr(_openDecisions[i], ValueKind.Boolean)));
                    }

                    output.Add(statement);
                    break;
                case IfStatement conditional:
                    output.Add(conditional with
                    {
                        Then = Forward(conditional.Then, loopDepth).ToEquatableArray(),
                        Else = Forward(conditional.Else, loopDepth).ToEquatableArray(),
                    });
                    break;
                case LoopStatement loop:
                    ForwardLoop(loop, loopDepth, output);
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    private void ForwardLoop(LoopStatement loop, int loopDepth, List<Statement> output)
    {
        // A break leaves only this loop: the decisions of ifs around the loop are pushed when those ifs end.
        var outerDecisions = _openDecisions;
        _openDecisions = new List<string>();
        var body = Forward(loop.Body, loopDepth + 1);
        var increment = Forward(loop.Increment, loopDepth + 1);
        _openDecisions = outerDecisions;
        if (!_records.TryGetValue(loop, out var record))
        {
            output.Add(loop with { Body = body.ToEquatableArray(), Increment = increment.ToEquatableArray() });
            return;
        }

        var count = new VariableExpr(record.Count!, ValueKind.Integer);
        if (record.Start is not null)
        {
            output.Add(new AssignStatement(record.Start, ValueKind.Integer, new VariableExpr(loop.Index!, ValueKind.Integer), Declare: false));
        }

        output.Add(new AssignStatement(record.Count!, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false));
        body.Insert(0, new AssignStatement(record.Count!, ValueKind.Integer, new BinaryExpr(BinaryOperator.Add, count, new LiteralExpr(1, ValueKind.Integer), ValueKind.Integer), Declare: false));
        output.Add(loop with { Body = body.ToEquatableArray(), Increment = increment.ToEquatableArray() });
        if (record.OnTape)
        {
            output.Add(Push(count));
            if (record.Start is not null)
            {
                output.Add(Push(new VariableExpr(record.Start, ValueKind.Integer)));
            }
        }
    }

    private void Save(Statement statement, string target, ValueKind kind, Expr? index, int loopDepth, List<Statement> output)
    {
        if (!NeedsSave(statement))
        {
            return;
        }

        Expr current = index is null ? new VariableExpr(target, kind) : new ElementExpr(new VariableExpr(target, ValueKind.RealArray), index);
        output.Add(SaveSlot(statement, target, kind, index) is { } local
            ? new AssignStatement(local, kind, current, Declare: false)
            : Push(current));
    }

    private Statement Restore(Statement statement, string target, ValueKind kind, Expr? index)
    {
        if (SaveSlot(statement, target, kind, index) is not { } local)
        {
            return Pop(target, kind, index);
        }

        var value = new VariableExpr(local, kind);
        return index is null
            ? new AssignStatement(target, kind, value, Declare: false)
            : new ElementAssignStatement(target, index, value);
    }

    /// <summary>
    /// Where the old value overwritten by <paramref name="statement"/> is kept: null for the tape (inside loops, where
    /// the statement runs many times), otherwise a local of its own (the statement runs at most once).
    /// </summary>
    private string? SaveSlot(Statement statement, string target, ValueKind kind, Expr? index)
    {
        if (!_saves.TryGetValue(statement, out string? local))
        {
            if (_facts.LoopDepth[statement] == 0)
            {
                local = _names.Fresh((index is null ? target : target + "Element") + "Saved");
                Declare(local, kind);
            }

            _saves[statement] = local;
        }

        return local;
    }

    private PushStatement Push(Expr value)
    {
        _usesTape = true;
        return new PushStatement(_tape, value);
    }

    private PopStatement Pop(string target, ValueKind kind, Expr? index = null)
    {
        _usesTape = true;
        return new PopStatement(_tape, target, kind, index);
    }

    private TapeSpanExpr TapeSpan(Expr length)
    {
        _usesTape = true;
        return new TapeSpanExpr(_tape, length);
    }

    // ---------------------------------------------------------------- assembly

    public GeneratedMethod BuildPullback()
    {
        int fused = FusableLoopIndex(_body);
        List<Statement> beforeAdjoints, afterAdjoints;
        string returned = _result;
        if (fused < 0)
        {
            var reverse = MergeAccumulations(Reverse(_body, 0));
            beforeAdjoints = Forward(_body, 0);
            beforeAdjoints.Insert(0, new CommentStatement("Forward sweep: the method, with every intermediate in a local, saving what the reverse sweep needs."));
            returned = CapturePrimalValue(beforeAdjoints);
            afterAdjoints = new List<Statement> { new CommentStatement("Reverse sweep: adjoints (d value / d local), from the result back to the inputs.") };
            afterAdjoints.AddRange(reverse);
        }
        else
        {
            (beforeAdjoints, afterAdjoints, returned) = FusedSweeps(fused);
        }

        var inner = new List<Statement>();
        foreach (var local in _locals.Values.Concat(_generatedLocals))
        {
            inner.Add(local);
        }

        inner.AddRange(beforeAdjoints);
        inner.Add(new AssignStatement(AdjointName(_result), ValueKind.Real, new VariableExpr(_seed, ValueKind.Real), Declare: true));
        foreach (string name in _active.Where(n => n != _result && !_singleUse.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
        {
            if (_adjointOutputs.ContainsKey(name) && _method.Parameters.First(p => p.Name == name).Kind == ValueKind.RealArray)
            {
                continue;
            }

            if (_locals.TryGetValue(name, out var local) && local.Kind == ValueKind.RealArray)
            {
                inner.Add(new AssignStatement(AdjointName(name), ValueKind.RealArray, TapeSpan(new LengthExpr(new VariableExpr(name, ValueKind.RealArray))), Declare: true));
            }
            else
            {
                inner.Add(new AssignStatement(AdjointName(name), ValueKind.Real, Real(0.0), Declare: true));
            }
        }

        inner.AddRange(afterAdjoints);
        foreach (var parameter in Differentiable.Where(p => p.Kind == ValueKind.Real && _active.Contains(p.Name)))
        {
            inner.Add(new AccumulateStatement(_adjointOutputs[parameter.Name], new VariableExpr(AdjointName(parameter.Name), ValueKind.Real)));
        }

        inner.Add(new ReturnStatement(new VariableExpr(returned, ValueKind.Real)));

        var body = new List<Statement>();
        AddArgumentChecks(body, _adjointOutputs);
        if (_usesTape)
        {
            body.Add(new TapeScopeStatement(_tape, _names.Fresh("tapeMark"), inner.ToEquatableArray()));
        }
        else
        {
            body.AddRange(inner);
        }

        var parameters = _method.Parameters.Select(p => new GeneratedParameter(p.Name, p.TypeText, string.Empty)).ToList();
        parameters.Add(new GeneratedParameter(_seed, "double", string.Empty));
        parameters.AddRange(Differentiable.Select(p => p.Kind == ValueKind.Real
            ? new GeneratedParameter(_adjointOutputs[p.Name], "double", "ref")
            : new GeneratedParameter(_adjointOutputs[p.Name], "global::System.Span<double>", string.Empty)));
        return new GeneratedMethod(
            _method.Name + "Pullback",
            _method.Accessibility,
            _method.IsStatic,
            $"Reverse-mode pullback of <c>{_method.Name}</c>: returns its value and adds <paramref name=\"{_seed}\"/> times its "
            + "derivative with respect to each differentiable parameter to that parameter's adjoint (accumulates, never overwrites).",
            parameters.ToEquatableArray(),
            body.ToEquatableArray());
    }

    /// <summary>
    /// Keeps the forward value of the result when the reverse sweep puts back older values of the result local.
    /// Returns the local to return.
    /// </summary>
    private string CapturePrimalValue(List<Statement> forward)
    {
        if (!_saves.Keys.OfType<AssignStatement>().Any(a => a.Target == _result))
        {
            return _result;
        }

        string returned = _names.Fresh("primalValue");
        forward.Add(new AssignStatement(returned, ValueKind.Real, new VariableExpr(_result, ValueKind.Real), Declare: true));
        return returned;
    }

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
        while (index >= 0 && statements[index] is AssignStatement tail && !NeedsSave(tail)
            && !(_readsBefore.TryGetValue(tail, out var before) && before.Count > 0)
            && !(_readsAfter.TryGetValue(tail, out var after) && after.Count > 0))
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
        CollectTargets(iteration, changed);
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
        var saved = new HashSet<string>(
            _facts.Sites.Select(site => site.Statement).Where(NeedsSave).Select(TargetOf),
            StringComparer.Ordinal);
        return crossing.All(name => accumulators.Contains(name) && !saved.Contains(name)) ? index : -1;
    }

    private static void CollectTargets(IEnumerable<Statement> statements, HashSet<string> targets)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStatement assign:
                    targets.Add(assign.Target);
                    break;
                case ElementAssignStatement element:
                    targets.Add(element.Array);
                    break;
                case IfStatement conditional:
                    CollectTargets(conditional.Then, targets);
                    CollectTargets(conditional.Else, targets);
                    break;
                case LoopStatement inner:
                    CollectTargets(inner.Body, targets);
                    CollectTargets(inner.Increment, targets);
                    break;
            }
        }
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
        var prefix = _body.Take(index).ToList();
        var loop = (LoopStatement)_body[index];
        var tail = _body.Skip(index + 1).ToList();

        // Reverse sweeps first: they decide what the forward sweeps record.
        var tailReverse = MergeAccumulations(Reverse(tail, 0));
        var iteration = FusedIteration(loop, 1);
        var prefixReverse = MergeAccumulations(Reverse(prefix, 0));

        var before = new List<Statement> { new CommentStatement("Forward sweep up to the loop, saving what the reverse sweep needs.") };
        before.AddRange(Forward(prefix, 0));

        var after = new List<Statement>
        {
            new CommentStatement("The adjoints entering the loop: the reverse of what follows it, which reads no value."),
        };
        after.AddRange(tailReverse);
        after.Add(new CommentStatement("The loop, each iteration followed by its own reverse (iterations pass adjoints on only through accumulators)."));
        after.Add(loop with { Body = iteration.ToEquatableArray(), Increment = Forward(loop.Increment, 1).ToEquatableArray() });
        after.Add(new CommentStatement("The rest of the forward sweep, then the reverse of what came before the loop."));
        after.AddRange(Forward(tail, 0));
        string returned = CapturePrimalValue(after);
        after.AddRange(prefixReverse);
        return (before, after, returned);
    }

    /// <summary>
    /// The body of a fused loop: its statements followed by their reverse; or, when the body itself ends with a loop
    /// that can run its reverse inside it (a sum over rows of sums over columns), that loop fused in turn.
    /// </summary>
    private List<Statement> FusedIteration(LoopStatement loop, int loopDepth)
    {
        var statements = loop.Index is null ? loop.Body.Concat(loop.Increment).ToList() : loop.Body.Items.ToList();
        int index = FusableLoopIndex(statements);
        if (index < 0)
        {
            var reverse = MergeAccumulations(Reverse(statements, loopDepth));
            var body = Forward(statements, loopDepth);
            body.AddRange(reverse);
            return body;
        }

        var prefix = statements.Take(index).ToList();
        var inner = (LoopStatement)statements[index];
        var tail = statements.Skip(index + 1).ToList();
        var tailReverse = MergeAccumulations(Reverse(tail, loopDepth));
        var innerIteration = FusedIteration(inner, loopDepth + 1);
        var prefixReverse = MergeAccumulations(Reverse(prefix, loopDepth));

        var fused = Forward(prefix, loopDepth);
        fused.AddRange(tailReverse);
        fused.Add(inner with { Body = innerIteration.ToEquatableArray(), Increment = Forward(inner.Increment, loopDepth + 1).ToEquatableArray() });
        fused.AddRange(Forward(tail, loopDepth));
        fused.AddRange(prefixReverse);
        return fused;
    }

    public GeneratedMethod BuildGradient(GeneratedMethod pullback)
    {
        var names = new NameAllocator(_method.ReservedNames.Concat(_method.Parameters.Select(p => p.Name)));
        int count = Differentiable.Count();
        var outputs = Differentiable.ToDictionary(p => p.Name, p => names.Fresh(count == 1 ? "gradient" : p.Name + "Gradient"), StringComparer.Ordinal);

        var body = new List<Statement>();
        AddArgumentChecks(body, outputs);
        foreach (var parameter in Differentiable)
        {
            body.Add(parameter.Kind == ValueKind.Real
                ? new AssignStatement(outputs[parameter.Name], ValueKind.Real, Real(0.0), Declare: false)
                : new ClearStatement(outputs[parameter.Name]));
        }

        var call = new PullbackCallExpr(
            pullback.Name,
            _method.Parameters.Select(p => (Expr)new VariableExpr(p.Name, p.Kind)).ToEquatableArray(),
            _method.Parameters.Select(p => p.Role == ParameterRole.Differentiable).ToEquatableArray(),
            Real(1.0),
            Differentiable.Select(p => new AdjointArgument(new VariableExpr(outputs[p.Name], p.Kind), p.Kind == ValueKind.Real)).ToEquatableArray());
        body.Add(new ReturnStatement(call));

        var parameters = _method.Parameters.Select(p => new GeneratedParameter(p.Name, p.TypeText, string.Empty)).ToList();
        parameters.AddRange(Differentiable.Select(p => p.Kind == ValueKind.Real
            ? new GeneratedParameter(outputs[p.Name], "double", "out")
            : new GeneratedParameter(outputs[p.Name], "global::System.Span<double>", string.Empty)));
        return new GeneratedMethod(
            _method.Name + "Gradient",
            _method.Accessibility,
            _method.IsStatic,
            $"Computes <c>{_method.Name}</c> and its gradient by reverse-mode differentiation; returns the value. " +
            "Gradient outputs are overwritten, one per differentiable parameter, in order.",
            parameters.ToEquatableArray(),
            body.ToEquatableArray());
    }

    /// <summary>Null checks of array inputs (when asked), then one length check per vector parameter's companion.</summary>
    public void AddArgumentChecks(List<Statement> body, IReadOnlyDictionary<string, string> companions, bool nullChecks = true)
    {
        foreach (var parameter in Differentiable.Where(p => p.Kind == ValueKind.RealArray))
        {
            if (parameter.IsArray && nullChecks)
            {
                body.Add(new NullCheckStatement(parameter.Name));
            }

            body.Add(new LengthCheckStatement(companions[parameter.Name], parameter.Name));
        }
    }

    private void Declare(string name, ValueKind kind) => _generatedLocals.Add(new DeclareStatement(name, kind));

    private string AdjointName(string variable)
    {
        if (!_adjointNames.TryGetValue(variable, out string? name))
        {
            name = _names.Fresh(variable + "_bar");
            _adjointNames.Add(variable, name);
        }

        return name;
    }

    /// <summary>What the reverse sweep recorded about a branch or loop, for the forward sweep to record it.</summary>
    private sealed record ControlRecord(string? Decision, string? Count, string? Start, bool OnTape);
}
