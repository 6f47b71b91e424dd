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
            MarkVaried(body);
        }
        while (_varied.Count != before);

        return Transform(body);
    }

    private void MarkVaried(IEnumerable<Statement> statements)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStatement { TargetKind: ValueKind.Real or ValueKind.RealArray } assign when IsVaried(assign.Value):
                    _varied.Add(assign.Target);
                    break;
                case AccumulateStatement accumulate when IsVaried(accumulate.Value):
                    _varied.Add(accumulate.Target);
                    break;
                case ElementAccumulateStatement element when IsVaried(element.Value):
                    _varied.Add(element.Array);
                    break;
                case ElementAssignStatement element when IsVaried(element.Value):
                    _varied.Add(element.Array);
                    break;
                case CallStatement { Call: PullbackCallExpr pullback }:
                    // Adjoints a callee's pullback accumulates into get tangents, so its tangent has somewhere to write.
                    foreach (var adjoint in pullback.Adjoints)
                    {
                        if (Root(adjoint.Target) is { } name)
                        {
                            _varied.Add(name);
                        }
                    }

                    break;
                case IfStatement conditional:
                    MarkVaried(conditional.Then);
                    MarkVaried(conditional.Else);
                    break;
                case LoopStatement loop:
                    MarkVaried(loop.Body);
                    MarkVaried(loop.Increment);
                    break;
                case CountdownLoopStatement countdown:
                    MarkVaried(countdown.Body);
                    break;
                case TapeScopeStatement scope:
                    MarkVaried(scope.Body);
                    break;
                case ScratchScopeStatement scratch:
                    MarkVaried(scratch.Body);
                    break;
            }
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

    private List<Statement> Transform(IEnumerable<Statement> statements)
    {
        var output = new List<Statement>();
        foreach (var statement in statements)
        {
            TransformStatement(statement, output);
        }

        return output;
    }

    private void TransformStatement(Statement statement, List<Statement> output)
    {
        switch (statement)
        {
            case DeclareStatement declare when _varied.Contains(declare.Name) && declare.Kind is ValueKind.Real or ValueKind.RealArray:
                output.Add(declare);
                output.Add(declare with { Name = TangentName(declare.Name) });
                break;

            case AssignStatement { TargetKind: ValueKind.RealArray, Value: TapeSpanExpr span } assign when _varied.Contains(assign.Target):
                output.Add(assign);
                output.Add(new AssignStatement(TangentName(assign.Target), ValueKind.RealArray, span, assign.Declare));
                break;

            case AssignStatement { TargetKind: ValueKind.Real, Value: DifferentiableCallExpr invocation } assign when _varied.Contains(assign.Target):
            {
                // v = G(args): G's directional derivative returns the value and writes the tangent.
                var arguments = invocation.Arguments.Select(a => new CallArgument(a)).ToList();
                arguments.AddRange(InputTangents(invocation.Arguments, invocation.Differentiable));
                arguments.Add(new CallArgument(new VariableExpr(TangentName(assign.Target), ValueKind.Real), "out"));
                if (assign.Declare)
                {
                    output.Add(new DeclareStatement(TangentName(assign.Target), ValueKind.Real));
                }

                var directional = new EmittedCallExpr(Required(invocation.DirectionalDerivative, invocation.Callee), arguments.ToEquatableArray());
                output.Add(ReleasingScratch(assign with { Value = directional }, directional));
                break;
            }

            case AssignStatement { TargetKind: ValueKind.Real } assign when _varied.Contains(assign.Target):
            {
                var target = new VariableExpr(assign.Target, ValueKind.Real);
                bool readsItself = ProgramFacts.Reads(assign.Value).Contains(assign.Target);
                if (readsItself)
                {
                    // The tangent needs the old value: compute it first (v = v + c leaves it as it is).
                    var tangent = Tangent(assign.Value) ?? Real(0.0);
                    if (assign.Declare || tangent != new VariableExpr(TangentName(assign.Target), ValueKind.Real))
                    {
                        output.Add(new AssignStatement(TangentName(assign.Target), ValueKind.Real, tangent, assign.Declare));
                    }

                    output.Add(assign);
                }
                else
                {
                    output.Add(assign);
                    output.Add(new AssignStatement(TangentName(assign.Target), ValueKind.Real, Tangent(assign.Value, target) ?? Real(0.0), assign.Declare));
                }

                break;
            }

            case AccumulateStatement accumulate when _varied.Contains(accumulate.Target):
                if (Tangent(accumulate.Value) is { } added)
                {
                    output.Add(new AccumulateStatement(TangentName(accumulate.Target), added));
                }

                output.Add(accumulate);
                break;

            case ElementAccumulateStatement element when _varied.Contains(element.Array):
                if (Tangent(element.Value) is { } addedToElement)
                {
                    output.Add(new ElementAccumulateStatement(TangentName(element.Array), element.Index, addedToElement));
                }

                output.Add(element);
                break;

            case ElementAssignStatement element when _varied.Contains(element.Array):
                output.Add(new ElementAssignStatement(TangentName(element.Array), element.Index, Tangent(element.Value) ?? Real(0.0)));
                output.Add(element);
                break;

            case ArrayCreateStatement create when _varied.Contains(create.Array):
                output.Add(create);
                output.Add(create with { Array = TangentName(create.Array) });
                break;

            case ClearStatement clear when _varied.Contains(clear.Array):
                output.Add(clear);
                output.Add(new ClearStatement(TangentName(clear.Array)));
                break;

            case PushStatement { Value.Kind: ValueKind.Real } push when Root(push.Value) is { } pushed && _varied.Contains(pushed):
                output.Add(push);
                output.Add(push with { Value = Tangent(push.Value) ?? Real(0.0) });
                break;

            case PopStatement { Kind: ValueKind.Real } pop when _varied.Contains(pop.Target):
                output.Add(pop with { Target = TangentName(pop.Target) });
                output.Add(pop);
                break;

            case CallStatement { Call: PullbackCallExpr pullback }:
            {
                var tangentCall = PullbackTangentCall(pullback);
                output.Add(ReleasingScratch(new CallStatement(tangentCall), tangentCall));
                break;
            }

            case ScratchScopeStatement scratch:
            {
                // The call inside gets a scope of its own if it still borrows; do not nest a second one.
                var body = Transform(scratch.Body);
                output.Add(body.Count == 1 && body[0] is ScratchScopeStatement inner ? inner : scratch with { Body = body.ToEquatableArray() });
                break;
            }

            case ReturnStatement ret when _returnTangentOutput is not null:
                output.Add(new AssignStatement(_returnTangentOutput, ValueKind.Real, Tangent(ret.Value) ?? Real(0.0), Declare: false));
                output.Add(ret);
                break;

            default:
                // Control flow stays as it is (ifs, loops, scopes): only the statements inside get tangents.
                output.Add(StatementTree.WithChildLists(statement, Transform));
                break;
        }
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
