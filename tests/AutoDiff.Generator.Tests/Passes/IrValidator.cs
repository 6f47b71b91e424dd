using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Transforms;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>The invariants <see cref="IrValidator"/> checks; each pass promises more of them.</summary>
[Flags]
internal enum IrInvariants
{
    /// <summary>
    /// Every name read or written is declared before, in the same or an enclosing statement list (by a
    /// <see cref="DeclareStatement"/>, a parameter, an assignment with <c>Declare: true</c>, or a scope statement), with
    /// the kind it is used as; no name is declared twice in the whole program. Always promised.
    /// </summary>
    NamesDefined = 1,

    /// <summary>
    /// What <see cref="ControlFlowNormalization"/> promises: no <c>return</c>, no exit and no <c>continue</c> left (each
    /// ended its list and was dropped), every <c>break</c> is inside a loop and ends its list, an <c>if</c> that may
    /// break ends its list (what followed it moved into its fall-through branch), and only a counting loop keeps an
    /// increment, which neither breaks nor continues.
    /// </summary>
    SingleExit = 2,

    /// <summary>
    /// What <see cref="ThreeAddressForm"/> promises: the value of every real assignment (scalar or element) is an atom
    /// (<see cref="ThreeAddressForm.IsAtom"/>) or one operation whose operands are atoms; a conditional whose branches
    /// are computed became an <c>if</c>; a call's result reaches an element through a local.
    /// </summary>
    ThreeAddress = 4,

    /// <summary>
    /// No statement object occurs twice in the program: <see cref="ProgramFacts"/>, <see cref="SaveAnalysis"/> and reverse
    /// mode key what they know about a statement by its identity, so one object at two places gets one position, one
    /// loop depth and one save decision for both. Promised by the program those analyses read, the output of
    /// <see cref="ThreeAddressForm"/>; not by <see cref="ControlFlowNormalization"/>, which places a loop's increment
    /// before each continue as the same objects (ThreeAddressForm rebuilds the real assignments among them).
    /// </summary>
    DistinctStatements = 8,

    AfterControlFlowNormalization = NamesDefined | SingleExit | DistinctStatements,

    AfterThreeAddressForm = NamesDefined | SingleExit | ThreeAddress | DistinctStatements,
}

/// <summary>
/// Checks that a program satisfies the invariants a pass promises, and returns each violation with the path of the
/// statement it is in (<c>body[3].Then[0]: 'Multiply' reads non-atom 'x[0] * x[0]'</c>). Its walk handles every
/// statement and expression kind explicitly and throws on one it does not know, so that a new node kind fails
/// <c>IrValidatorTests</c> until it is handled here.
/// </summary>
internal sealed class IrValidator
{
    private const string Root = "body";

    private readonly IrInvariants _invariants;
    private readonly List<string> _violations = new();

    // Where each name was declared (a path, or "parameter"), and its kind.
    private readonly Dictionary<string, (string Where, ValueKind Kind)> _declarations = new(StringComparer.Ordinal);

    // The names visible at this point: one set per open statement list, innermost last.
    private readonly List<HashSet<string>> _scopes = new();

    // For the single-use check: where each name is assigned and read, as (list path, index in the list, statement path).
    private readonly Dictionary<string, List<(string List, int Index, string Path)>> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string List, int Index, string Path)>> _reads = new(StringComparer.Ordinal);
    private readonly Dictionary<Statement, string> _seen = new(System.Collections.Generic.ReferenceEqualityComparer.Instance);
    private (string List, int Index, string Path) _current;
    private int _loopDepth;

    private IrValidator(IrInvariants invariants) => _invariants = invariants;

    /// <summary>The violations of <paramref name="invariants"/> in <paramref name="program"/>; empty when it satisfies them.</summary>
    /// <param name="program">The statements: declarations first where the pass returns them apart (locals, temporaries).</param>
    /// <param name="parameters">The method's parameters, declared before the program.</param>
    /// <param name="invariants">Which invariants to check.</param>
    /// <param name="singleUse">
    /// Names <see cref="ThreeAddressForm"/> says are single-use: each must be assigned exactly once and read by exactly
    /// one statement, later in the same statement list.
    /// </param>
    public static IReadOnlyList<string> Validate(
        IReadOnlyList<Statement> program,
        IEnumerable<(string Name, ValueKind Kind)> parameters,
        IrInvariants invariants,
        IEnumerable<string>? singleUse = null)
    {
        var validator = new IrValidator(invariants);
        validator._scopes.Add(new HashSet<string>(StringComparer.Ordinal));
        foreach (var (name, kind) in parameters)
        {
            validator.Declare(name, kind, "parameter");
        }

        validator.WalkList(program, Root);
        if (singleUse is not null)
        {
            validator.CheckSingleUse(singleUse);
        }

        return validator._violations;
    }

    /// <summary>Validates, and throws with every violation and the printed program when there is one.</summary>
    public static void Assert(
        IReadOnlyList<Statement> program,
        IEnumerable<(string Name, ValueKind Kind)> parameters,
        IrInvariants invariants,
        string after,
        IEnumerable<string>? singleUse = null)
    {
        var violations = Validate(program, parameters, invariants, singleUse);
        if (violations.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"After {after}, {violations.Count} violation(s) of {invariants}:\n  " + string.Join("\n  ", violations)
                + "\nProgram:\n" + IrText.Print(program));
        }
    }

    private bool Checks(IrInvariants invariant) => (_invariants & invariant) != 0;

    private void Report(string path, string message) => _violations.Add(path + ": " + message);

    // ---------------------------------------------------------------- statements

    private void WalkList(IReadOnlyList<Statement> statements, string path)
    {
        for (int i = 0; i < statements.Count; i++)
        {
            string at = $"{path}[{i}]";
            _current = (path, i, at);
            bool last = i == statements.Count - 1;
            if (Checks(IrInvariants.SingleExit) && !last)
            {
                string? exit = statements[i] switch
                {
                    BreakStatement => "break",
                    ContinueStatement => "continue",
                    ExitStatement => "exit",
                    IfStatement conditional when MayExit(conditional) => "an if that may break, continue or exit",
                    _ => null,
                };
                if (exit is not null)
                {
                    Report(at, $"{exit} is followed by {statements.Count - 1 - i} statement(s) in its list: exits must end their list");
                }
            }

            WalkStatement(statements[i], at);
        }
    }

    private void WalkNested(IReadOnlyList<Statement> statements, string path)
    {
        var saved = _current;
        _scopes.Add(new HashSet<string>(StringComparer.Ordinal));
        WalkList(statements, path);
        _scopes.RemoveAt(_scopes.Count - 1);
        _current = saved;
    }

    private void WalkStatement(Statement statement, string path)
    {
        if (Checks(IrInvariants.DistinctStatements) && !_seen.TryAdd(statement, path))
        {
            Report(path, $"the same {statement.GetType().Name} object is also at {_seen[statement]}");
        }

        switch (statement)
        {
            case DeclareStatement declare:
                Declare(declare.Name, declare.Kind, path);
                break;
            case AssignStatement assign:
                WalkExpr(assign.Value, path);
                if (assign.Declare)
                {
                    Declare(assign.Target, assign.TargetKind, path);
                }
                else
                {
                    Use(assign.Target, assign.TargetKind, path);
                }

                Record(_assignments, assign.Target);
                if (assign.TargetKind == ValueKind.Real)
                {
                    CheckThreeAddress(assign.Value, path);
                }

                break;
            case ElementAssignStatement element:
                Use(element.Array, ValueKind.RealArray, path);
                WalkExpr(element.Index, path);
                WalkExpr(element.Value, path);
                Record(_assignments, element.Array);
                CheckThreeAddress(element.Value, path);
                if (Checks(IrInvariants.ThreeAddress) && element.Value is DifferentiableCallExpr invocation)
                {
                    Report(path, $"the result of '{invocation.Callee}' is assigned to an element of '{element.Array}' directly: it must go through a local");
                }

                break;
            case ArrayCreateStatement create:
                Use(create.Array, ValueKind.RealArray, path);
                WalkExpr(create.Length, path);
                break;
            case AccumulateStatement accumulate:
                Use(accumulate.Target, ValueKind.Real, path);
                WalkExpr(accumulate.Value, path);
                CheckThreeAddress(accumulate.Value, path);
                break;
            case ElementAccumulateStatement element:
                Use(element.Array, ValueKind.RealArray, path);
                WalkExpr(element.Index, path);
                WalkExpr(element.Value, path);
                CheckThreeAddress(element.Value, path);
                break;
            case ClearStatement clear:
                Use(clear.Array, ValueKind.RealArray, path);
                break;
            case IfStatement conditional:
                WalkExpr(conditional.Condition, path);
                WalkNested(conditional.Then.Items, path + ".Then");
                WalkNested(conditional.Else.Items, path + ".Else");
                break;
            case LoopStatement loop:
                WalkExpr(loop.Condition, path);
                if (loop.Index is not null)
                {
                    Use(loop.Index, ValueKind.Integer, path);
                }

                if (Checks(IrInvariants.SingleExit))
                {
                    if (loop.Increment.Count > 0 && loop.Index is null)
                    {
                        Report(path, "a loop that is not a counting loop keeps an increment: normalization moves it into the body");
                    }

                    if (loop.Increment.Any(MayExit))
                    {
                        Report(path, "the loop's increment breaks, continues or exits");
                    }
                }

                _loopDepth++;
                WalkNested(loop.Body.Items, path + ".Body");
                WalkNested(loop.Increment.Items, path + ".Increment");
                _loopDepth--;
                break;
            case CountdownLoopStatement countdown:
                WalkExpr(countdown.Count, path);
                _scopes.Add(new HashSet<string>(StringComparer.Ordinal));
                Declare(countdown.Counter, ValueKind.Integer, path);
                _loopDepth++;
                WalkNested(countdown.Body.Items, path + ".Body");
                _loopDepth--;
                _scopes.RemoveAt(_scopes.Count - 1);
                break;
            case BreakStatement:
                if (Checks(IrInvariants.SingleExit) && _loopDepth == 0)
                {
                    Report(path, "break outside a loop");
                }

                break;
            case ContinueStatement:
                if (Checks(IrInvariants.SingleExit))
                {
                    Report(path, "continue left after normalization (one that ends its list falls through and is dropped)");
                }

                break;
            case ReturnStatement ret:
                WalkExpr(ret.Value, path);
                if (Checks(IrInvariants.SingleExit))
                {
                    Report(path, $"return '{Print(ret.Value)}' left after normalization (returns assign the result and leave)");
                }

                break;
            case ExitStatement:
                if (Checks(IrInvariants.SingleExit))
                {
                    Report(path, "exit left after normalization (every exit ends its list, falls through and is dropped)");
                }

                break;
            case TapeScopeStatement scope:
                Declare(scope.Tape, ValueKind.Object, path);
                Declare(scope.Mark, ValueKind.Object, path);
                WalkNested(scope.Body.Items, path + ".Body");
                break;
            case ScratchScopeStatement scratch:
                Use(scratch.Tape, ValueKind.Object, path);
                _scopes.Add(new HashSet<string>(StringComparer.Ordinal));
                Declare(scratch.Mark, ValueKind.Object, path);
                WalkNested(scratch.Body.Items, path + ".Body");
                _scopes.RemoveAt(_scopes.Count - 1);
                break;
            case PushStatement push:
                Use(push.Tape, ValueKind.Object, path);
                WalkExpr(push.Value, path);
                break;
            case PopStatement pop:
                Use(pop.Tape, ValueKind.Object, path);
                Use(pop.Target, pop.Index is null ? pop.Kind : ValueKind.RealArray, path);
                if (pop.Index is not null)
                {
                    WalkExpr(pop.Index, path);
                }

                break;
            case CallStatement call:
                WalkExpr(call.Call, path);
                break;
            case CommentStatement:
                break;
            case EffectStatement effect:
                foreach (var value in effect.Reads)
                {
                    WalkExpr(value, path);
                }

                break;
            case LengthCheckStatement check:
                Use(check.Output, ValueKind.RealArray, path);
                Use(check.Input, ValueKind.RealArray, path);
                break;
            case NullCheckStatement check:
                Use(check.Parameter, ValueKind.RealArray, path);
                break;
            case OverlapCheckStatement check:
                Use(check.Output, ValueKind.RealArray, path);
                Use(check.Other, ValueKind.RealArray, path);
                break;
            case MatrixShapeCheckStatement check:
                Use(check.Output, ValueKind.RealArray, path);
                Use(check.Rows, ValueKind.RealArray, path);
                Use(check.Columns, ValueKind.RealArray, path);
                break;
            case MatrixColumnsCheckStatement check:
                Use(check.Output, ValueKind.RealArray, path);
                Use(check.Columns, ValueKind.RealArray, path);
                break;
            default:
                throw new NotSupportedException($"{path}: IrValidator does not know the statement kind {statement.GetType().Name}; handle it in WalkStatement.");
        }
    }

    /// <summary>Whether some path through <paramref name="statement"/> breaks, continues or exits (nested loops aside).</summary>
    private static bool MayExit(Statement statement) => statement switch
    {
        BreakStatement or ContinueStatement or ExitStatement or ReturnStatement => true,
        IfStatement conditional => conditional.Then.Any(MayExit) || conditional.Else.Any(MayExit),
        _ => false,
    };

    // ---------------------------------------------------------------- expressions

    private void WalkExpr(Expr expression, string path)
    {
        switch (expression)
        {
            case LiteralExpr:
            case ThisExpr:
                break;
            case VariableExpr variable:
                Use(variable.Name, variable.VariableKind, path);
                Record(_reads, variable.Name);
                break;
            case ElementExpr element:
                WalkExpr(element.Array, path);
                WalkExpr(element.Index, path);
                break;
            case LengthExpr length:
                WalkExpr(length.Array, path);
                break;
            case DataElementExpr data:
                WalkExpr(data.Data, path);
                WalkAll(data.Indices, path);
                break;
            case DimensionLengthExpr dimension:
                WalkExpr(dimension.Array, path);
                WalkExpr(dimension.Dimension, path);
                break;
            case MemberExpr member:
                if (member.Receiver is not null)
                {
                    WalkExpr(member.Receiver, path);
                }

                break;
            case UnaryExpr unary:
                WalkExpr(unary.Operand, path);
                break;
            case BinaryExpr binary:
                WalkExpr(binary.Left, path);
                WalkExpr(binary.Right, path);
                break;
            case MathCallExpr call:
                WalkAll(call.Arguments, path);
                break;
            case ConvertExpr convert:
                WalkExpr(convert.Operand, path);
                break;
            case ConditionalExpr conditional:
                WalkExpr(conditional.Condition, path);
                WalkExpr(conditional.WhenTrue, path);
                WalkExpr(conditional.WhenFalse, path);
                break;
            case GuardedExpr guarded:
                WalkAll(guarded.Factors, path);
                WalkExpr(guarded.Value, path);
                break;
            case DifferentiableCallExpr invocation:
                WalkAll(invocation.Arguments, path);
                break;
            case PullbackCallExpr pullback:
                WalkAll(pullback.Arguments, path);
                WalkExpr(pullback.Seed, path);
                foreach (var adjoint in pullback.Adjoints)
                {
                    WalkExpr(adjoint.Target, path);
                }

                break;
            case TapeSpanExpr span:
                Use(span.Tape, ValueKind.Object, path);
                WalkExpr(span.Length, path);
                break;
            case SliceExpr slice:
                WalkExpr(slice.Array, path);
                WalkExpr(slice.Start, path);
                if (slice.Length is not null)
                {
                    WalkExpr(slice.Length, path);
                }

                break;
            case EmittedCallExpr call:
                foreach (var argument in call.Arguments)
                {
                    WalkExpr(argument.Value, path);
                }

                break;
            case OpaqueCallExpr call:
                WalkAll(call.Arguments, path);
                break;
            case LambdaExpr lambda:
            {
                // Its parameters are declared by the lambda, for its body only, with the kinds the body reads them as.
                _scopes.Add(new HashSet<string>(StringComparer.Ordinal));
                foreach (string parameter in lambda.Parameters)
                {
                    Declare(parameter, ReadOf(lambda.Body, parameter)?.VariableKind ?? ValueKind.Object, path);
                }

                WalkExpr(lambda.Body, path);
                _scopes.RemoveAt(_scopes.Count - 1);
                break;
            }

            default:
                throw new NotSupportedException($"{path}: IrValidator does not know the expression kind {expression.GetType().Name}; handle it in WalkExpr.");
        }
    }

    private static VariableExpr? ReadOf(Expr expression, string name) =>
        expression is VariableExpr variable && variable.Name == name
            ? variable
            : ExprFactory.Children(expression).Select(child => ReadOf(child, name)).FirstOrDefault(read => read is not null);

    private void WalkAll(EquatableArray<Expr> expressions, string path)
    {
        foreach (var expression in expressions)
        {
            WalkExpr(expression, path);
        }
    }

    /// <summary>The value of a real assignment: an atom, or one operation on atoms.</summary>
    private void CheckThreeAddress(Expr value, string path)
    {
        if (!Checks(IrInvariants.ThreeAddress) || ThreeAddressForm.IsAtom(value))
        {
            return;
        }

        switch (value)
        {
            case UnaryExpr unary:
                Operands(unary.Operator.ToString(), path, unary.Operand);
                break;
            case BinaryExpr binary:
                Operands(binary.Operator.ToString(), path, binary.Left, binary.Right);
                break;
            case MathCallExpr call:
                Operands(call.Function.Name, path, call.Arguments.ToArray());
                break;
            case DifferentiableCallExpr invocation:
                Operands(invocation.Callee, path, invocation.Arguments.ToArray());
                break;
            case ConditionalExpr conditional:
                foreach (var branch in new[] { conditional.WhenTrue, conditional.WhenFalse }.Where(b => !ThreeAddressForm.IsAtom(b)))
                {
                    Report(path, $"conditional '{Print(value)}' has the computed branch '{Print(branch)}': it must be an if");
                }

                break;
            case GuardedExpr guarded:
                Operands("guard", path, guarded.Factors.Append(guarded.Value).ToArray());
                break;
            case ElementExpr or ConvertExpr or PullbackCallExpr or EmittedCallExpr or TapeSpanExpr:
                Report(path, $"{value.GetType().Name} '{Print(value)}' is neither an atom nor an operation on atoms");
                break;
            case LiteralExpr or VariableExpr or MemberExpr or ThisExpr or LengthExpr or DataElementExpr or DimensionLengthExpr:
                // Always atoms.
                break;
            case OpaqueCallExpr or LambdaExpr:
                // Run as written and never differentiated: nothing in it is split.
                break;
            default:
                throw new NotSupportedException($"{path}: IrValidator does not know the expression kind {value.GetType().Name}; handle it in CheckThreeAddress.");
        }
    }

    private void Operands(string operation, string path, params Expr[] operands)
    {
        foreach (var operand in operands.Where(o => !ThreeAddressForm.IsAtom(o)))
        {
            Report(path, $"'{operation}' reads non-atom '{Print(operand)}'");
        }
    }

    // ---------------------------------------------------------------- names

    private void Declare(string name, ValueKind kind, string path)
    {
        if (!Checks(IrInvariants.NamesDefined))
        {
            return;
        }

        if (_declarations.TryGetValue(name, out var first))
        {
            Report(path, $"'{name}' is declared twice (first at {first.Where})");
            return;
        }

        _declarations[name] = (path, kind);
        _scopes[_scopes.Count - 1].Add(name);
    }

    private void Use(string name, ValueKind kind, string path)
    {
        if (!Checks(IrInvariants.NamesDefined))
        {
            return;
        }

        if (!_scopes.Any(scope => scope.Contains(name)))
        {
            Report(path, _declarations.TryGetValue(name, out var declaration)
                ? $"'{name}' is used outside the scope of its declaration (at {declaration.Where})"
                : $"'{name}' is used but not declared before");
        }
        else if (_declarations[name].Kind != kind)
        {
            Report(path, $"'{name}' is used as {kind} but declared {_declarations[name].Kind} (at {_declarations[name].Where})");
        }
    }

    private void Record(Dictionary<string, List<(string List, int Index, string Path)>> sites, string name)
    {
        if (!sites.TryGetValue(name, out var list))
        {
            sites[name] = list = new List<(string List, int Index, string Path)>();
        }

        if (!list.Contains(_current))
        {
            list.Add(_current);
        }
    }

    private void CheckSingleUse(IEnumerable<string> singleUse)
    {
        foreach (string name in singleUse.OrderBy(n => n, StringComparer.Ordinal))
        {
            var assigned = _assignments.TryGetValue(name, out var a) ? a : new List<(string List, int Index, string Path)>();
            var read = _reads.TryGetValue(name, out var r) ? r : new List<(string List, int Index, string Path)>();
            if (assigned.Count != 1 || read.Count != 1)
            {
                Report(
                    assigned.FirstOrDefault().Path ?? Root,
                    $"single-use '{name}' is assigned {assigned.Count} time(s) ({string.Join(", ", assigned.Select(s => s.Path))}) "
                    + $"and read by {read.Count} statement(s) ({string.Join(", ", read.Select(s => s.Path))}); expected once each");
                continue;
            }

            if (read[0].List != assigned[0].List || read[0].Index <= assigned[0].Index)
            {
                Report(assigned[0].Path, $"single-use '{name}' is read at {read[0].Path}, not later in the same statement list");
            }
        }
    }

    private static string Print(Expr expression)
    {
        try
        {
            return IrText.Expression(expression);
        }
        catch (Exception)
        {
            return expression.ToString();
        }
    }
}
