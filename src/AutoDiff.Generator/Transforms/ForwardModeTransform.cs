using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Forward mode (tangent) differentiation of an IR program: next to every real variable <c>v</c> that depends on
/// an input runs its tangent <c>v_dot</c> (the derivative along the input directions), updated before each
/// assignment of <c>v</c> by the chain rule. Control flow is kept as it is (derivatives of piecewise programs follow
/// the branch taken). Applied to a method it gives the directional derivative; applied to a generated pullback, the
/// pullback's tangent (which callers' second derivatives compose); applied to the generated gradient, whose seed is the
/// constant 1, the Hessian-vector product (forward over reverse) without seed-tangent terms.
/// </summary>
internal sealed class ForwardModeTransform
{
    private readonly NameAllocator _names;
    private readonly string? _tape;
    private readonly Dictionary<string, string> _tangents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _varied = new(StringComparer.Ordinal);
    private readonly string? _returnTangentOutput;

    /// <param name="names">The method's name allocator, so tangents collide with nothing.</param>
    /// <param name="inputTangents">Each input with a tangent, and the name its tangent has (a parameter of the new method).</param>
    /// <param name="tape">The tape local, when the program uses one (pushed values get their tangents pushed too).</param>
    /// <param name="returnTangentOutput">When set, the tangent of the returned value is assigned to it before returning.</param>
    public ForwardModeTransform(NameAllocator names, IReadOnlyDictionary<string, string> inputTangents, string? tape, string? returnTangentOutput)
    {
        _names = names;
        _tape = tape;
        _returnTangentOutput = returnTangentOutput;
        foreach (var input in inputTangents)
        {
            _tangents[input.Key] = input.Value;
            _varied.Add(input.Key);
        }
    }

    /// <summary>Whether the program ended up using the tape for tangents of its own (zero spans for constant arrays).</summary>
    public bool UsesTape { get; private set; }

    public List<Statement> Apply(IReadOnlyList<Statement> body)
    {
        // Varied: depends on an input. Iterate to a fixed point because loops carry values backwards.
        int before;
        do
        {
            before = _varied.Count;
            new VariedMarker(this).Walk(body);
        }
        while (_varied.Count != before);

        return new TangentRewriter(this).Rewrite(body);
    }

    /// <summary>One pass of the varied-variable fixpoint: marks what a statement makes depend on an input.</summary>
    private sealed class VariedMarker(ForwardModeTransform transform) : StatementWalker
    {
        public override void VisitAssign(AssignStatement statement)
        {
            if (statement.TargetKind is ValueKind.Real or ValueKind.RealArray && transform.IsVaried(statement.Value))
            {
                transform._varied.Add(statement.Target);
            }
        }

        public override void VisitAccumulate(AccumulateStatement statement)
        {
            if (transform.IsVaried(statement.Value))
            {
                transform._varied.Add(statement.Target);
            }
        }

        public override void VisitElementAccumulate(ElementAccumulateStatement statement)
        {
            if (transform.IsVaried(statement.Value))
            {
                transform._varied.Add(statement.Array);
            }
        }

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            if (transform.IsVaried(statement.Value))
            {
                transform._varied.Add(statement.Array);
            }
        }

        public override void VisitCall(CallStatement statement)
        {
            if (statement.Call is not PullbackCallExpr pullback)
            {
                return;
            }

            // Adjoints a callee's pullback accumulates into get tangents, so its tangent has somewhere to write.
            foreach (var adjoint in pullback.Adjoints)
            {
                if (Root(adjoint.Target) is { } name)
                {
                    transform._varied.Add(name);
                }
            }
        }

        public override void VisitIf(IfStatement statement) => WalkChildren(statement);

        public override void VisitLoop(LoopStatement statement) => WalkChildren(statement);

        public override void VisitCountdownLoop(CountdownLoopStatement statement) => WalkChildren(statement);

        public override void VisitTapeScope(TapeScopeStatement statement) => WalkChildren(statement);

        public override void VisitScratchScope(ScratchScopeStatement statement) => WalkChildren(statement);

        // These make nothing depend on an input: a popped value's tangent is popped where the tangent was pushed.
        public override void VisitDeclare(DeclareStatement statement)
        {
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement)
        {
        }

        public override void VisitClear(ClearStatement statement)
        {
        }

        public override void VisitBreak(BreakStatement statement)
        {
        }

        public override void VisitContinue(ContinueStatement statement)
        {
        }

        public override void VisitReturn(ReturnStatement statement)
        {
        }

        public override void VisitExit(ExitStatement statement)
        {
        }

        public override void VisitPush(PushStatement statement)
        {
        }

        public override void VisitPop(PopStatement statement)
        {
        }

        public override void VisitComment(CommentStatement statement)
        {
        }

        public override void VisitEffect(EffectStatement statement)
        {
        }

        public override void VisitArgumentCheck(ArgumentCheckStatement statement)
        {
        }
    }

    private static string? Root(Expr expression) => expression switch
    {
        VariableExpr variable => variable.Name,
        ElementExpr { Array: VariableExpr array } => array.Name,
        SliceExpr slice => Root(slice.Array),
        _ => null,
    };

    private bool IsVaried(Expr expression) => Activity.IsVaried(expression, _varied);

    public string TangentName(string variable)
    {
        if (!_tangents.TryGetValue(variable, out string? name))
        {
            name = _names.Fresh(variable + "_dot");
            _tangents.Add(variable, name);
        }

        return name;
    }

    /// <summary>The tangent of <paramref name="expression"/>, or null when it is zero.</summary>
    private Expr? Tangent(Expr expression, Expr? result = null)
    {
        switch (expression)
        {
            case VariableExpr { Kind: ValueKind.Real } variable when _varied.Contains(variable.Name):
                return new VariableExpr(TangentName(variable.Name), ValueKind.Real);
            case ElementExpr { Array: VariableExpr array } element when _varied.Contains(array.Name):
                return new ElementExpr(new VariableExpr(TangentName(array.Name), ValueKind.RealArray), element.Index);
            case { Kind: ValueKind.Real } when DerivativeRules.Of(expression) is { Rule.IsPiecewiseConstant: false } operation:
                // The operation's rule, given its arguments' tangents (taken in order: that allocates tangent names).
                return operation.Rule.TangentOf(operation.Arguments, result ?? expression, operation.Arguments.Select(argument => Tangent(argument)).ToList());
            case GuardedExpr guarded:
            {
                // Zero when the factors and their tangents are all zero; otherwise the value's tangent.
                if (Tangent(guarded.Value) is not { } valueTangent)
                {
                    return null;
                }

                var factors = guarded.Factors.Concat(guarded.Factors.Select(f => Tangent(f)).OfType<Expr>());
                return new GuardedExpr(factors.ToEquatableArray(), valueTangent);
            }

            case ConditionalExpr { Kind: ValueKind.Real } conditional:
            {
                var whenTrue = Tangent(conditional.WhenTrue);
                var whenFalse = Tangent(conditional.WhenFalse);
                return whenTrue is null && whenFalse is null
                    ? null
                    : Choose(conditional.Condition, whenTrue ?? Real(0.0), whenFalse ?? Real(0.0));
            }

            default:
                return null;
        }
    }

    /// <summary>Each statement with its tangent's update next to it; control flow kept as it is.</summary>
    private sealed class TangentRewriter(ForwardModeTransform transform) : StatementRewriter
    {
        public override void VisitDeclare(DeclareStatement statement)
        {
            Keep(statement);
            if (transform._varied.Contains(statement.Name) && statement.Kind is ValueKind.Real or ValueKind.RealArray)
            {
                Output.Add(statement with { Name = transform.TangentName(statement.Name) });
            }
        }

        public override void VisitAssign(AssignStatement statement)
        {
            if (!transform._varied.Contains(statement.Target))
            {
                Keep(statement);
            }
            else if (statement is { TargetKind: ValueKind.RealArray, Value: TapeSpanExpr span })
            {
                Keep(statement);
                Output.Add(new AssignStatement(transform.TangentName(statement.Target), ValueKind.RealArray, span, statement.Declare));
            }
            else if (statement is { TargetKind: ValueKind.Real, Value: DifferentiableCallExpr invocation })
            {
                // v = G(args): G's directional derivative returns the value and writes the tangent.
                var arguments = invocation.Arguments.Select(a => new CallArgument(a)).ToList();
                arguments.AddRange(transform.InputTangents(invocation.Arguments, invocation.Differentiable));
                arguments.Add(new CallArgument(new VariableExpr(transform.TangentName(statement.Target), ValueKind.Real), "out"));
                if (statement.Declare)
                {
                    Output.Add(new DeclareStatement(transform.TangentName(statement.Target), ValueKind.Real));
                }

                var directional = new EmittedCallExpr(Required(invocation.DirectionalDerivative, invocation.Callee), arguments.ToEquatableArray());
                Output.Add(transform.ReleasingScratch(statement with { Value = directional }, directional));
            }
            else if (statement.TargetKind == ValueKind.Real)
            {
                AssignWithTangent(statement);
            }
            else
            {
                Keep(statement);
            }
        }

        private void AssignWithTangent(AssignStatement assign)
        {
            var target = new VariableExpr(assign.Target, ValueKind.Real);
            if (ProgramFacts.Reads(assign.Value).Contains(assign.Target))
            {
                // The tangent needs the old value: compute it first (v = v + c leaves it as it is).
                var tangent = transform.Tangent(assign.Value) ?? Real(0.0);
                if (assign.Declare || tangent != new VariableExpr(transform.TangentName(assign.Target), ValueKind.Real))
                {
                    Output.Add(new AssignStatement(transform.TangentName(assign.Target), ValueKind.Real, tangent, assign.Declare));
                }

                Keep(assign);
            }
            else
            {
                Keep(assign);
                Output.Add(new AssignStatement(transform.TangentName(assign.Target), ValueKind.Real, transform.Tangent(assign.Value, target) ?? Real(0.0), assign.Declare));
            }
        }

        public override void VisitAccumulate(AccumulateStatement statement)
        {
            if (transform._varied.Contains(statement.Target) && transform.Tangent(statement.Value) is { } added)
            {
                Output.Add(new AccumulateStatement(transform.TangentName(statement.Target), added));
            }

            Keep(statement);
        }

        public override void VisitElementAccumulate(ElementAccumulateStatement statement)
        {
            if (transform._varied.Contains(statement.Array) && transform.Tangent(statement.Value) is { } added)
            {
                Output.Add(new ElementAccumulateStatement(transform.TangentName(statement.Array), statement.Index, added));
            }

            Keep(statement);
        }

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            if (transform._varied.Contains(statement.Array))
            {
                Output.Add(new ElementAssignStatement(transform.TangentName(statement.Array), statement.Index, transform.Tangent(statement.Value) ?? Real(0.0)));
            }

            Keep(statement);
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement)
        {
            Keep(statement);
            if (transform._varied.Contains(statement.Array))
            {
                Output.Add(statement with { Array = transform.TangentName(statement.Array) });
            }
        }

        public override void VisitClear(ClearStatement statement)
        {
            Keep(statement);
            if (transform._varied.Contains(statement.Array))
            {
                Output.Add(new ClearStatement(transform.TangentName(statement.Array)));
            }
        }

        public override void VisitPush(PushStatement statement)
        {
            Keep(statement);
            if (statement.Value.Kind == ValueKind.Real && Root(statement.Value) is { } pushed && transform._varied.Contains(pushed))
            {
                Output.Add(statement with { Value = transform.Tangent(statement.Value) ?? Real(0.0) });
            }
        }

        public override void VisitPop(PopStatement statement)
        {
            // Popped in the reverse order of the pushes: the tangent, pushed last, comes first.
            if (statement.Kind == ValueKind.Real && transform._varied.Contains(statement.Target))
            {
                Output.Add(statement with { Target = transform.TangentName(statement.Target) });
            }

            Keep(statement);
        }

        public override void VisitCall(CallStatement statement)
        {
            if (statement.Call is PullbackCallExpr pullback)
            {
                var tangentCall = transform.PullbackTangentCall(pullback);
                Output.Add(transform.ReleasingScratch(new CallStatement(tangentCall), tangentCall));
            }
            else
            {
                Keep(statement);
            }
        }

        public override void VisitScratchScope(ScratchScopeStatement statement)
        {
            // The call inside gets a scope of its own if it still borrows; do not nest a second one.
            var body = Rewrite(statement.Body);
            Output.Add(body.Count == 1 && body[0] is ScratchScopeStatement inner ? inner : statement with { Body = body.ToEquatableArray() });
        }

        public override void VisitReturn(ReturnStatement statement)
        {
            if (transform._returnTangentOutput is not null)
            {
                Output.Add(new AssignStatement(transform._returnTangentOutput, ValueKind.Real, transform.Tangent(statement.Value) ?? Real(0.0), Declare: false));
            }

            Keep(statement);
        }

        // Control flow stays as it is: only the statements inside get tangents.
        public override void VisitIf(IfStatement statement) => KeepRewritingInside(statement);

        public override void VisitLoop(LoopStatement statement) => KeepRewritingInside(statement);

        public override void VisitCountdownLoop(CountdownLoopStatement statement) => KeepRewritingInside(statement);

        public override void VisitTapeScope(TapeScopeStatement statement) => KeepRewritingInside(statement);

        public override void VisitBreak(BreakStatement statement) => Keep(statement);

        public override void VisitContinue(ContinueStatement statement) => Keep(statement);

        public override void VisitExit(ExitStatement statement) => Keep(statement);

        public override void VisitComment(CommentStatement statement) => Keep(statement);

        // Runs as in the original: it has no tangent.
        public override void VisitEffect(EffectStatement statement) => Keep(statement);

        public override void VisitArgumentCheck(ArgumentCheckStatement statement) => Keep(statement);
    }

    /// <summary>The tangents of a call's differentiable arguments: a value per scalar, a span per vector (zero when constant).</summary>
    private IEnumerable<CallArgument> InputTangents(EquatableArray<Expr> arguments, EquatableArray<bool> differentiable)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            if (!differentiable[i])
            {
                continue;
            }

            var argument = arguments[i];
            if (argument.Kind == ValueKind.RealArray)
            {
                yield return new CallArgument(argument switch
                {
                    VariableExpr array when _varied.Contains(array.Name) => new VariableExpr(TangentName(array.Name), ValueKind.RealArray),
                    SliceExpr { Array: VariableExpr array } slice when _varied.Contains(array.Name) => slice with { Array = new VariableExpr(TangentName(array.Name), ValueKind.RealArray), Writable = false },
                    _ => ZeroSpan(new LengthExpr(argument)),
                });
            }
            else
            {
                yield return new CallArgument(Tangent(argument) ?? Real(0.0));
            }
        }
    }

    /// <summary><c>GPullback(args, seed, adjoints)</c> becomes <c>GPullbackTangent(args, arg tangents, seed, seed tangent, adjoints, adjoint tangents)</c>.</summary>
    private EmittedCallExpr PullbackTangentCall(PullbackCallExpr pullback)
    {
        var arguments = pullback.Arguments.Select(a => new CallArgument(a)).ToList();
        arguments.AddRange(InputTangents(pullback.Arguments, pullback.Differentiable));
        arguments.Add(new CallArgument(pullback.Seed));
        arguments.Add(new CallArgument(Tangent(pullback.Seed) ?? Real(0.0)));
        foreach (var adjoint in pullback.Adjoints)
        {
            arguments.Add(new CallArgument(adjoint.Target, adjoint.ByRef ? "ref" : string.Empty));
        }

        foreach (var adjoint in pullback.Adjoints)
        {
            Expr tangent = adjoint.Target switch
            {
                TapeSpanExpr span => ZeroSpan(span.Length),
                VariableExpr variable => new VariableExpr(TangentName(variable.Name), variable.Kind),
                ElementExpr { Array: VariableExpr array } element => new ElementExpr(new VariableExpr(TangentName(array.Name), ValueKind.RealArray), element.Index),
                SliceExpr { Array: VariableExpr array } slice => slice with { Array = new VariableExpr(TangentName(array.Name), ValueKind.RealArray) },
                var other => throw new InvalidOperationException("No tangent for adjoint " + other),
            };
            arguments.Add(new CallArgument(tangent, adjoint.ByRef ? "ref" : string.Empty));
        }

        return new EmittedCallExpr(Required(pullback.PullbackTangent, pullback.Pullback), arguments.ToEquatableArray());
    }

    /// <summary>A callee's forward-mode rule; the parser refuses (ADG0013) calls that need one and have none.</summary>
    private static string Required(string? rule, string callee) =>
        rule ?? throw new InvalidOperationException("No forward-mode rule for " + callee);

    /// <summary><paramref name="statement"/>, inside a <see cref="ScratchScopeStatement"/> when <paramref name="call"/> borrows spans from the tape.</summary>
    private Statement ReleasingScratch(Statement statement, Expr call) =>
        ScratchScopeStatement.Borrows(call)
            ? new ScratchScopeStatement(_tape!, _names.Fresh("scratchMark"), new[] { statement }.ToEquatableArray())
            : statement;

    private TapeSpanExpr ZeroSpan(Expr length)
    {
        if (_tape is null)
        {
            throw new InvalidOperationException("A zero tangent span needs the tape.");
        }

        UsesTape = true;
        return new TapeSpanExpr(_tape, length);
    }
}
