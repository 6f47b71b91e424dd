using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Brings structured control flow into the shape the reverse sweep can walk backwards:
/// <list type="number">
/// <item>One exit: every <c>return e</c> becomes <c>result = e</c> followed by leaving; inside loops that is
/// <c>returned = true; break;</c> and each loop it leaves is followed by <c>if (returned) break;</c> (or by leaving the method).</item>
/// <item>Exits last: statements that follow an <c>if</c> that may break, continue or leave are moved into the
/// branches that fall through, so that every <c>break</c>, <c>continue</c> and exit ends its statement list.</item>
/// <item>A <c>continue</c> or exit that ends a list then just falls through, and is dropped.</item>
/// </list>
/// After this, a path through the method is fully described by the branch decisions and loop trip counts.
/// </summary>
internal sealed class ControlFlowNormalization
{
    private readonly string _result;
    private readonly NameAllocator _names;
    private readonly List<DeclareStatement> _exitFlags = new();
    private string? _returnedFlag;

    private ControlFlowNormalization(string result, NameAllocator names)
    {
        _result = result;
        _names = names;
    }

    /// <summary>The normalized body, and the locals it introduced (the result and, if needed, the returned flag).</summary>
    public static (List<Statement> Body, List<DeclareStatement> Locals) Apply(IEnumerable<Statement> body, string result, NameAllocator names)
    {
        var pass = new ControlFlowNormalization(result, names);
        var singleExit = new SingleExitRewriter(pass).Rewrite(body);
        var normalized = new FallThroughExitsDropped().Rewrite(pass.NestContinuations(singleExit));
        var locals = new List<DeclareStatement> { new(result, ValueKind.Real) };
        if (pass._returnedFlag is not null)
        {
            locals.Add(new DeclareStatement(pass._returnedFlag, ValueKind.Boolean));
        }

        locals.AddRange(pass._exitFlags);

        return (normalized, locals);
    }

    /// <summary>Every <c>return e</c> becomes <c>result = e</c> followed by leaving the method, or the loops it is in.</summary>
    private sealed class SingleExitRewriter(ControlFlowNormalization pass) : SourceStatementRewriter
    {
        private bool _inLoop;

        public override void VisitReturn(ReturnStatement statement)
        {
            Output.Add(new AssignStatement(pass._result, ValueKind.Real, statement.Value, Declare: false));
            if (_inLoop)
            {
                Output.Add(new AssignStatement(pass.ReturnedFlag(), ValueKind.Boolean, new LiteralExpr(1, ValueKind.Boolean), Declare: false));
                Output.Add(new BreakStatement());
            }
            else
            {
                Output.Add(new ExitStatement());
            }
        }

        public override void VisitIf(IfStatement statement) => KeepRewritingInside(statement);

        public override void VisitLoop(LoopStatement statement)
        {
            var loop = IncrementInBody(statement);
            bool outerInLoop = _inLoop;
            _inLoop = true;
            Output.Add(loop with { Body = RewriteList(loop.Body) });
            _inLoop = outerInLoop;
            if (StatementTree.Descendants(loop.Body).Any(s => s is ReturnStatement))
            {
                Statement leave = _inLoop ? new BreakStatement() : new ExitStatement();
                Output.Add(new IfStatement(
                    new VariableExpr(pass.ReturnedFlag(), ValueKind.Boolean),
                    new[] { leave }.ToEquatableArray(),
                    EquatableArray<Statement>.Empty));
            }
        }

        public override void VisitDeclare(DeclareStatement statement) => Keep(statement);

        public override void VisitAssign(AssignStatement statement) => Keep(statement);

        public override void VisitElementAssign(ElementAssignStatement statement) => Keep(statement);

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Keep(statement);

        public override void VisitBreak(BreakStatement statement) => Keep(statement);

        public override void VisitContinue(ContinueStatement statement) => Keep(statement);

        public override void VisitComment(CommentStatement statement) => Keep(statement);

        public override void VisitEffect(EffectStatement statement) => Keep(statement);

        // This pass makes the exits.
        public override void VisitExit(ExitStatement statement) => throw NotExpected(statement);
    }

    /// <summary>
    /// Moves the increment of a loop other than a counting loop into its body (and before each of its continues), so
    /// that it is an ordinary statement of the iteration: one that breaks out skips it, and the reverse sweep knows it.
    /// A counting loop keeps its increment apart: the reverse sweep recomputes the index instead of replaying it.
    /// </summary>
    private static LoopStatement IncrementInBody(LoopStatement loop)
    {
        if (loop.Index is not null || loop.Increment.Count == 0)
        {
            return loop;
        }

        var body = new IncrementBeforeContinues(loop.Increment).Rewrite(loop.Body).Concat(loop.Increment).ToEquatableArray();
        return loop with { Body = body, Increment = EquatableArray<Statement>.Empty };
    }

    /// <summary>A copy of the increment before each <c>continue</c> of the loop (not of loops nested in it).</summary>
    private sealed class IncrementBeforeContinues(EquatableArray<Statement> increment) : SourceStatementRewriter
    {
        public override void VisitContinue(ContinueStatement statement)
        {
            // A copy: the increment also ends the body, and each place needs its own decisions.
            Output.AddRange(increment.Select(StatementTree.DeepCopy));
            Keep(statement);
        }

        public override void VisitIf(IfStatement statement) => KeepRewritingInside(statement);

        // A continue inside a nested loop belongs to that loop.
        public override void VisitLoop(LoopStatement statement) => Keep(statement);

        public override void VisitDeclare(DeclareStatement statement) => Keep(statement);

        public override void VisitAssign(AssignStatement statement) => Keep(statement);

        public override void VisitElementAssign(ElementAssignStatement statement) => Keep(statement);

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Keep(statement);

        public override void VisitBreak(BreakStatement statement) => Keep(statement);

        public override void VisitReturn(ReturnStatement statement) => Keep(statement);

        public override void VisitExit(ExitStatement statement) => Keep(statement);

        public override void VisitComment(CommentStatement statement) => Keep(statement);

        public override void VisitEffect(EffectStatement statement) => Keep(statement);
    }

    private string ReturnedFlag() => _returnedFlag ??= _names.Fresh("returned");

    /// <summary>
    /// Moves what follows an <c>if</c> that may exit into its branch that can fall through. When both branches can
    /// fall through, copying the rest into each would double the code per such <c>if</c> (2^K for K of them in a row),
    /// so the exits inside record which one was taken in an int flag instead, and the rest runs under
    /// <c>if (flag == 0)</c>, followed by the exits themselves: code size stays linear in the method's.
    /// </summary>
    private List<Statement> NestContinuations(IReadOnlyList<Statement> statements)
    {
        var output = new List<Statement>();
        for (int i = 0; i < statements.Count; i++)
        {
            var statement = statements[i] switch
            {
                IfStatement conditional => conditional with
                {
                    Then = NestContinuations(conditional.Then.Items).ToEquatableArray(),
                    Else = NestContinuations(conditional.Else.Items).ToEquatableArray(),
                },
                LoopStatement loop => loop with { Body = NestContinuations(loop.Body.Items).ToEquatableArray() },
                var other => other,
            };

            if (statement is BreakStatement or ContinueStatement or ExitStatement)
            {
                // Whatever follows is unreachable.
                output.Add(statement);
                return output;
            }

            if (statement is IfStatement branch && MayExit(branch) && i + 1 < statements.Count)
            {
                var rest = statements.Skip(i + 1).ToList();
                if (AlwaysExits(branch.Then) || AlwaysExits(branch.Else))
                {
                    output.Add(branch with
                    {
                        Then = AppendUnlessExits(branch.Then, rest),
                        Else = AppendUnlessExits(branch.Else, rest),
                    });
                }
                else
                {
                    output.AddRange(ExitThroughFlag(branch, rest));
                }

                return output;
            }

            output.Add(statement);
        }

        return output;
    }

    private EquatableArray<Statement> AppendUnlessExits(EquatableArray<Statement> branch, List<Statement> rest) =>
        AlwaysExits(branch) ? branch : NestContinuations(branch.Concat(rest).ToList()).ToEquatableArray();

    // The values of an exit flag: which exit a branch took.
    private const int FellThrough = 0;
    private const int Broke = 1;
    private const int Continued = 2;
    private const int Exited = 3;

    /// <summary>
    /// <c>flag = 0; if (c) { ... flag = 1 (was: break) ... }; if (flag == 0) { rest } else { break; }</c>: the exits of
    /// <paramref name="branch"/> (each already last in its list) set the flag, and are taken after it.
    /// </summary>
    private IEnumerable<Statement> ExitThroughFlag(IfStatement branch, List<Statement> rest)
    {
        string flag = _names.Fresh("exit");
        _exitFlags.Add(new DeclareStatement(flag, ValueKind.Integer));
        var taken = new SortedSet<int>();
        yield return new AssignStatement(flag, ValueKind.Integer, new LiteralExpr(FellThrough, ValueKind.Integer), Declare: false);
        yield return (IfStatement)RecordExits(branch, flag, taken);

        // The exits, each last in its list: if (flag == 1) break; else continue; (only the kinds that occur).
        var kinds = taken.ToList();
        var exits = new List<Statement> { ExitOf(kinds[kinds.Count - 1]) };
        for (int k = kinds.Count - 2; k >= 0; k--)
        {
            exits = new List<Statement> { new IfStatement(FlagIs(flag, kinds[k]), new[] { ExitOf(kinds[k]) }.ToEquatableArray(), exits.ToEquatableArray()) };
        }

        yield return new IfStatement(FlagIs(flag, FellThrough), NestContinuations(rest).ToEquatableArray(), exits.ToEquatableArray());
    }

    private static Expr FlagIs(string flag, int value) => new BinaryExpr(
        BinaryOperator.Equal, new VariableExpr(flag, ValueKind.Integer), new LiteralExpr(value, ValueKind.Integer), ValueKind.Boolean);

    private static Statement ExitOf(int kind) => kind switch
    {
        Broke => new BreakStatement(),
        Continued => new ContinueStatement(),
        _ => new ExitStatement(),
    };

    /// <summary>Replaces each break, continue and exit of <paramref name="statement"/> (outside nested loops) by setting the flag.</summary>
    private static Statement RecordExits(Statement statement, string flag, SortedSet<int> taken)
    {
        int? kind = statement switch
        {
            BreakStatement => Broke,
            ContinueStatement => Continued,
            ExitStatement => Exited,
            _ => null,
        };
        if (kind is { } value)
        {
            taken.Add(value);
            return new AssignStatement(flag, ValueKind.Integer, new LiteralExpr(value, ValueKind.Integer), Declare: false);
        }

        return statement is IfStatement conditional
            ? conditional with
            {
                Then = conditional.Then.Select(s => RecordExits(s, flag, taken)).ToEquatableArray(),
                Else = conditional.Else.Select(s => RecordExits(s, flag, taken)).ToEquatableArray(),
            }
            : statement;
    }

    /// <summary>True when some path through the statement breaks, continues or leaves (loops inside do not count).</summary>
    private static bool MayExit(Statement statement) => statement switch
    {
        BreakStatement or ContinueStatement or ExitStatement => true,
        IfStatement conditional => conditional.Then.Any(MayExit) || conditional.Else.Any(MayExit),
        _ => false,
    };

    private static bool AlwaysExits(IReadOnlyList<Statement> statements) => statements.Count > 0 && statements[statements.Count - 1] switch
    {
        BreakStatement or ContinueStatement or ExitStatement => true,
        IfStatement conditional => AlwaysExits(conditional.Then) && AlwaysExits(conditional.Else),
        _ => false,
    };

    /// <summary>Drops the exits and the <c>continue</c>s that end their list (all of them, by now): falling through does the same.</summary>
    private sealed class FallThroughExitsDropped : SourceStatementRewriter
    {
        private bool _inLoop;

        public override void VisitExit(ExitStatement statement)
        {
        }

        public override void VisitContinue(ContinueStatement statement)
        {
            if (!_inLoop)
            {
                Keep(statement);
            }
        }

        public override void VisitIf(IfStatement statement) => KeepRewritingInside(statement);

        public override void VisitLoop(LoopStatement statement)
        {
            bool outerInLoop = _inLoop;
            _inLoop = true;
            Output.Add(statement with { Body = RewriteList(statement.Body) });
            _inLoop = outerInLoop;
        }

        public override void VisitDeclare(DeclareStatement statement) => Keep(statement);

        public override void VisitAssign(AssignStatement statement) => Keep(statement);

        public override void VisitElementAssign(ElementAssignStatement statement) => Keep(statement);

        public override void VisitArrayCreate(ArrayCreateStatement statement) => Keep(statement);

        public override void VisitBreak(BreakStatement statement) => Keep(statement);

        public override void VisitComment(CommentStatement statement) => Keep(statement);

        public override void VisitEffect(EffectStatement statement) => Keep(statement);

        // Single-exit rewriting has turned every return into an assignment and an exit.
        public override void VisitReturn(ReturnStatement statement) => throw NotExpected(statement);
    }
}
