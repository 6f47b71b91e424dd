using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>Reverse mode, the reverse sweep: statements walked backwards, adjoints accumulated, saved values put back.</summary>
internal sealed partial class ReverseModeTransform
{
    /// <param name="statements">The statements, in three-address form.</param>
    /// <param name="tapeDepth">As for <see cref="Forward"/>: above 0, saved values and records come from the tape.</param>
    private List<Statement> Reverse(IReadOnlyList<Statement> statements, int tapeDepth) =>
        new ReverseSweep(this, tapeDepth).Sweep(statements);

    /// <summary>The reverse of one statement list: its statements walked backwards.</summary>
    private sealed class ReverseSweep(ReverseModeTransform transform, int tapeDepth) : SourceStatementRewriter
    {
        /// <summary>Where the reverse of the current source line's statements starts in the output.</summary>
        private int _blockStart;

        public List<Statement> Sweep(IReadOnlyList<Statement> statements) => RewriteWith(output =>
        {
            for (int i = statements.Count - 1; i >= 0; i--)
            {
                Visit(statements[i]);
            }
        });

        public override void VisitAssign(AssignStatement statement) => transform.ReverseAssignment(statement, tapeDepth, Output);

        public override void VisitElementAssign(ElementAssignStatement statement) => transform.ReverseElementAssignment(statement, tapeDepth, Output);

        public override void VisitIf(IfStatement statement) => transform.ReverseIf(statement, tapeDepth, Output);

        public override void VisitLoop(LoopStatement statement) => transform.ReverseLoop(statement, tapeDepth, Output);

        public override void VisitComment(CommentStatement statement)
        {
            // A source-line comment heads the reverse of its statement, when it has one.
            if (Output.Count > _blockStart)
            {
                Output.Insert(_blockStart, statement.SourceLine is null
                    ? new CommentStatement("reverse of " + statement.Text)
                    : statement with { IsReverse = true });
            }

            _blockStart = Output.Count;
        }

        // No derivative: declarations and array creation come first in the generated method, and the records of the
        // ifs and loops around a break or continue already replay the path it took.
        public override void VisitDeclare(DeclareStatement statement)
        {
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement)
        {
        }

        public override void VisitBreak(BreakStatement statement)
        {
        }

        public override void VisitContinue(ContinueStatement statement)
        {
        }

        // A check or a debugging line runs in the forward sweep only.
        public override void VisitEffect(EffectStatement statement)
        {
        }

        // Control-flow normalization has turned returns into assignments and dropped the exits.
        public override void VisitReturn(ReturnStatement statement) => throw NotExpected(statement);

        public override void VisitExit(ExitStatement statement) => throw NotExpected(statement);
    }

    private void ReverseIf(IfStatement conditional, int tapeDepth, List<Statement> output)
    {
        var whenTrue = Reverse(conditional.Then, tapeDepth);
        var whenFalse = Reverse(conditional.Else, tapeDepth);
        if (whenTrue.Count == 0 && whenFalse.Count == 0)
        {
            return;
        }

        var record = new ControlRecord(_names.Fresh("taken"), null, null, tapeDepth > 0);
        _plan.Record(conditional, record);
        Declare(record.Decision!, ValueKind.Boolean);
        if (record.OnTape)
        {
            output.Add(Pop(record.Decision!, ValueKind.Boolean));
        }

        output.Add(new IfStatement(new VariableExpr(record.Decision!, ValueKind.Boolean), whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
    }

    private void ReverseLoop(LoopStatement loop, int tapeDepth, List<Statement> output)
    {
        var iteration = loop.Index is null ? loop.Body.Concat(loop.Increment).ToList() : loop.Body.Items.ToList();
        var reversed = Reverse(iteration, tapeDepth + 1);
        if (reversed.Count == 0)
        {
            return;
        }

        string count = _names.Fresh("count");
        string? start = loop.Index is null ? null : _names.Fresh(loop.Index + "Start");
        bool recomputed = _facts.RecomputableTripCounts.TryGetValue(loop, out var tripCount);
        var record = new ControlRecord(null, count, start, OnTape: tapeDepth > 0 && !recomputed, Recomputed: recomputed);
        _plan.Record(loop, record);
        Declare(count, ValueKind.Integer);
        if (start is not null)
        {
            Declare(start, ValueKind.Integer);
        }

        if (recomputed)
        {
            // Start and bound read nothing that changes before this point: recompute them instead of recording them.
            output.Add(new AssignStatement(start!, ValueKind.Integer, tripCount.Start, Declare: false));
            output.Add(new AssignStatement(count, ValueKind.Integer, tripCount.Count, Declare: false));
        }
        else if (record.OnTape)
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

    private void ReverseAssignment(AssignStatement assign, int tapeDepth, List<Statement> output)
    {
        bool restore = NeedsSave(assign);
        if (assign.TargetKind != ValueKind.Real || !_active.Contains(assign.Target))
        {
            if (restore)
            {
                output.Add(Restore(assign, assign.Target, assign.TargetKind, null, tapeDepth));
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
                output.Add(Restore(assign, assign.Target, ValueKind.Real, null, tapeDepth));
            }

            return;
        }

        // In a loop (fused or not) the adjoint must be zero again for the next iteration's reverse.
        bool reset = !_singleUse.Contains(assign.Target) && (_facts.LoopDepth[assign] > 0 || _facts.AssignmentCount(assign.Target) > 1);
        bool readsItself = NormalizedMethod.DerivativeOperands(assign.Value).Contains(target);

        Expr result = target;
        if (restore)
        {
            // The reverse sweep is about to put back the old value; partials that need the new one read a copy.
            string copy = _names.Fresh("result");
            result = new VariableExpr(copy, ValueKind.Real);
            var contributions = Contributions(assign.Value, result, SeedStandIn).ToList();
            if (contributions.Any(c => Mentions(c.Contribution, e => e == result)))
            {
                output.Add(new AssignStatement(copy, ValueKind.Real, target, Declare: true));
            }

            output.Add(Restore(assign, assign.Target, ValueKind.Real, null, tapeDepth));
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

    private void ReverseElementAssignment(ElementAssignStatement element, int tapeDepth, List<Statement> output)
    {
        // The old value comes back from where the forward sweep saved it, or is 0 for the first write of a fresh array
        // (put back only where a reverse that follows reads it).
        bool zero = _freshWrites.TryGetValue(element, out bool putBack) && putBack && _needed.Contains(element.Array);
        bool restore = NeedsSave(element) || zero;
        Statement Restored() => zero
            ? new ElementAssignStatement(element.Array, element.Index, Real(0.0))
            : Restore(element, element.Array, ValueKind.Real, element.Index, tapeDepth);
        if (!_active.Contains(element.Array))
        {
            if (restore)
            {
                output.Add(Restored());
            }

            return;
        }

        var target = new ElementExpr(new VariableExpr(element.Array, ValueKind.RealArray), element.Index);
        Expr result = target;
        if (restore)
        {
            string copy = _names.Fresh("result");
            result = new VariableExpr(copy, ValueKind.Real);
            if (Contributions(element.Value, result, SeedStandIn).Any(c => Mentions(c.Contribution, e => e == result)))
            {
                output.Add(new AssignStatement(copy, ValueKind.Real, target, Declare: true));
            }

            output.Add(Restored());
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
        if (value is DifferentiableCallExpr invocation)
        {
            // A pullback adds into its adjoint arguments by ref: split-out operands need theirs to exist, at zero.
            foreach (var argument in invocation.Arguments.Where((a, i) => invocation.Differentiable[i] && IsActive(a)))
            {
                if (argument is VariableExpr { Kind: ValueKind.Real } && IsFirstContributionToSingleUse(argument))
                {
                    output.Add(new AssignStatement(AdjointName(NormalizedMethod.RootName(argument)!), ValueKind.Real, Real(0.0), Declare: true));
                }
            }

            var call = PullbackCall(invocation, seed);
            output.Add(ScratchScopeStatement.Borrows(call)
                ? new ScratchScopeStatement(_tape, _names.Fresh("scratchMark"), new Statement[] { new CallStatement(call) }.ToEquatableArray())
                : new CallStatement(call));
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
    private PullbackCallExpr PullbackCall(DifferentiableCallExpr invocation, Expr seed)
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

        return new PullbackCallExpr(invocation.Pullback, invocation.Arguments, invocation.Differentiable, seed, adjoints.ToEquatableArray(), invocation.PullbackTangent);
    }

    /// <summary>The adjoint of an active atom: a local, an element of a local adjoint array, or of a pullback output.</summary>
    private Expr AdjointOf(Expr atom) => atom switch
    {
        VariableExpr { Kind: ValueKind.RealArray } array => new VariableExpr(ArrayAdjointName(array.Name), ValueKind.RealArray),
        VariableExpr variable => new VariableExpr(AdjointName(variable.Name), ValueKind.Real),
        ElementExpr { Array: VariableExpr array } element => new ElementExpr(new VariableExpr(ArrayAdjointName(array.Name), ValueKind.RealArray), element.Index),
        SliceExpr slice => slice with { Array = AdjointOf(slice.Array), Writable = true },
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
            case UnaryExpr or BinaryExpr or MathCallExpr when DerivativeRules.Of(value) is { } operation:
                // The operation's record in the rule table says what each argument receives.
                foreach (var (argument, contribution) in operation.Rule.ContributionsOf(operation.Arguments, result, seed))
                {
                    yield return (operation.Arguments[argument], contribution);
                }

                break;
            case ConditionalExpr conditional:
                yield return (conditional.WhenTrue, Choose(conditional.Condition, seed, Real(0.0)));
                yield return (conditional.WhenFalse, Choose(conditional.Condition, Real(0.0), seed));
                break;
            case DifferentiableCallExpr:
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
            var current = StatementTree.WithChildLists(statement, MergeAccumulations);

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
}
