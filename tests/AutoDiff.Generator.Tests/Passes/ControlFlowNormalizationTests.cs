using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Transforms;
using Xunit;
using static AutoDiff.Generator.Tests.Passes.Ir;
using static AutoDiff.Generator.Tests.Passes.IrText;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// <see cref="ControlFlowNormalization"/> on hand-built programs: the exact shape it gives each kind of early exit, and
/// the validator's single-exit invariants on the result.
/// </summary>
public class ControlFlowNormalizationTests
{
    // double F(ReadOnlySpan<double> x, int n, double a, bool c) with locals s, b (double) and i, j, k (int).
    private static readonly (string Name, ValueKind Kind)[] Parameters =
    {
        ("x", ValueKind.RealArray), ("n", ValueKind.Integer), ("a", ValueKind.Real), ("c", ValueKind.Boolean),
    };

    private static readonly DeclareStatement[] UserLocals =
    {
        Declare("s", ValueKind.Real), Declare("b", ValueKind.Real),
        Declare("i", ValueKind.Integer), Declare("j", ValueKind.Integer), Declare("k", ValueKind.Integer),
    };

    private static (string Text, List<DeclareStatement> Locals) Normalize(List<Statement> body, params string[] alsoReserved) =>
        Normalize(body, IrInvariants.AfterControlFlowNormalization, alsoReserved);

    private static (string Text, List<DeclareStatement> Locals) Normalize(List<Statement> body, IrInvariants invariants, params string[] alsoReserved)
    {
        var (normalized, locals) = Apply(body, alsoReserved);
        var program = UserLocals.Concat<Statement>(locals).Concat(normalized).ToList();
        IrValidator.Assert(program, Parameters, invariants, nameof(ControlFlowNormalization));
        return (Print(normalized), locals);
    }

    private static (List<Statement> Body, List<DeclareStatement> Locals) Apply(List<Statement> body, params string[] alsoReserved)
    {
        var names = new NameAllocator(Parameters.Select(p => p.Name).Concat(UserLocals.Select(l => l.Name)).Concat(alsoReserved));
        return ControlFlowNormalization.Apply(body, names.Fresh("value"), names);
    }

    /// <summary>k &lt; n with increment k = k + 1, not a counting loop: <c>if (x[k] &lt; 0) continue; s = s + x[k];</c>.</summary>
    private static List<Statement> LoopWithIncrementAndContinue() => Body(
        Set("k", IntLit(0)),
        WhileWithIncrement(
            Less(Int("k"), Int("n")),
            new Statement[] { If(Less(At("x", Int("k")), Num(0)), new Statement[] { Continue }), Set("s", Add(Real("s"), At("x", Int("k")))) },
            Set("k", Add(Int("k"), IntLit(1)))),
        Return(Real("s")));

    private static string[] Describe(IEnumerable<DeclareStatement> locals) => locals.Select(l => $"{l.Kind} {l.Name}").ToArray();

    [Fact]
    public void FinalReturnAssignsTheResult()
    {
        var (text, locals) = Normalize(Body(Set("b", Mul(Real("a"), Real("a"))), Return(Real("b"))));

        Assert.Equal(Lines("b = a * a;", "value = b;"), text);
        Assert.Equal(new[] { "Real value" }, Describe(locals));
    }

    [Fact]
    public void StatementsAfterAnIfThatReturnsMoveIntoItsFallThroughBranch()
    {
        var (text, _) = Normalize(Body(
            If(Greater(Real("a"), Num(0)), new Statement[] { Return(Real("a")) }),
            Set("b", Mul(Real("a"), Real("a"))),
            Return(Real("b"))));

        Assert.Equal(
            Lines(
                "if (a > 0.0) {",
                "  value = a;",
                "} else {",
                "  b = a * a;",
                "  value = b;",
                "}"),
            text);
    }

    [Fact]
    public void ReturnInsideALoopSetsTheReturnedFlagAndBreaks()
    {
        var (text, locals) = Normalize(Body(
            Set("i", IntLit(0)),
            For(
                "i",
                Int("n"),
                If(Greater(At("x", Int("i")), Num(1)), new Statement[] { Return(At("x", Int("i"))) }),
                Set("s", Add(Real("s"), At("x", Int("i"))))),
            Return(Real("s"))));

        Assert.Equal(
            Lines(
                "i = 0;",
                "for i (i < n) {",
                "  if (x[i] > 1.0) {",
                "    value = x[i];",
                "    returned = true;",
                "    break;",
                "  } else {",
                "    s = s + x[i];",
                "  }",
                "} increment {",
                "  i = i + 1;",
                "}",
                "if (returned) {",
                "} else {",
                "  value = s;",
                "}"),
            text);
        Assert.Equal(new[] { "Real value", "Boolean returned" }, Describe(locals));
    }

    [Fact]
    public void ReturnInsideAnInnerLoopBreaksEachLoopItLeaves()
    {
        var (text, _) = Normalize(Body(
            Set("j", IntLit(0)),
            While(
                Less(Int("j"), Int("n")),
                Set("i", IntLit(0)),
                For("i", Int("n"), If(Greater(At("x", Int("i")), Num(1)), new Statement[] { Return(At("x", Int("i"))) })),
                Set("j", Add(Int("j"), IntLit(1)))),
            Return(Num(0))));

        Assert.Equal(
            Lines(
                "j = 0;",
                "while (j < n) {",
                "  i = 0;",
                "  for i (i < n) {",
                "    if (x[i] > 1.0) {",
                "      value = x[i];",
                "      returned = true;",
                "      break;",
                "    }",
                "  } increment {",
                "    i = i + 1;",
                "  }",
                "  if (returned) {",
                "    break;",
                "  } else {",
                "    j = j + 1;",
                "  }",
                "}",
                "if (returned) {",
                "} else {",
                "  value = 0.0;",
                "}"),
            text);
    }

    [Fact]
    public void TheReturnedFlagAvoidsTheUsersNames()
    {
        var (text, locals) = Normalize(
            Body(While(True, Return(Real("a")))),
            "returned", "value");

        Assert.Equal(new[] { "Real value_1", "Boolean returned_1" }, Describe(locals));
        Assert.Equal(
            Lines(
                "while (true) {",
                "  value_1 = a;",
                "  returned_1 = true;",
                "  break;",
                "}",
                "if (returned_1) {",
                "}"),
            text);
    }

    [Fact]
    public void StatementsAfterAnIfThatBreaksMoveIntoItsElse()
    {
        var (text, _) = Normalize(Body(
            Set("k", IntLit(0)),
            While(
                Less(Int("k"), Int("n")),
                If(Greater(At("x", Int("k")), Num(1)), new Statement[] { Set("s", Add(Real("s"), Num(1))), Break }),
                Set("s", Mul(Real("s"), Num(2))),
                Set("k", Add(Int("k"), IntLit(1)))),
            Return(Real("s"))));

        Assert.Equal(
            Lines(
                "k = 0;",
                "while (k < n) {",
                "  if (x[k] > 1.0) {",
                "    s = s + 1.0;",
                "    break;",
                "  } else {",
                "    s = s * 2.0;",
                "    k = k + 1;",
                "  }",
                "}",
                "value = s;"),
            text);
    }

    [Fact]
    public void AnIfWhoseBranchesBothFallThroughExitsThroughAFlag()
    {
        var (text, locals) = Normalize(Body(
            Set("k", IntLit(0)),
            While(
                Less(Int("k"), Int("n")),
                If(
                    Bool("c"),
                    new Statement[] { If(Greater(At("x", Int("k")), Num(1)), new Statement[] { Break }), Set("s", Add(Real("s"), At("x", Int("k")))) },
                    new Statement[] { Set("s", Sub(Real("s"), At("x", Int("k")))) }),
                Set("k", Add(Int("k"), IntLit(1)))),
            Return(Real("s"))));

        Assert.Equal(
            Lines(
                "k = 0;",
                "while (k < n) {",
                "  exit = 0;",
                "  if (c) {",
                "    if (x[k] > 1.0) {",
                "      exit = 1;",
                "    } else {",
                "      s = s + x[k];",
                "    }",
                "  } else {",
                "    s = s - x[k];",
                "  }",
                "  if (exit == 0) {",
                "    k = k + 1;",
                "  } else {",
                "    break;",
                "  }",
                "}",
                "value = s;"),
            text);
        Assert.Equal(new[] { "Real value", "Integer exit" }, Describe(locals));
    }

    [Fact]
    public void TheIncrementOfALoopThatIsNotCountingMovesIntoItsBodyAndBeforeEachContinue()
    {
        var (text, _) = Normalize(LoopWithIncrementAndContinue());

        Assert.Equal(
            Lines(
                "k = 0;",
                "while (k < n) {",
                "  if (x[k] < 0.0) {",
                "    k = k + 1;",
                "  } else {",
                "    s = s + x[k];",
                "    k = k + 1;",
                "  }",
                "}",
                "value = s;"),
            text);
    }

    /// <summary>
    /// The increment placed before a continue and at the end of the body are copies, not one statement object twice:
    /// every analysis keyed by statement identity (<see cref="ProgramFacts.Order"/>, loop depth, save and record
    /// decisions) then has an entry per place, through three-address form too (which passes an integer assignment through).
    /// </summary>
    [Fact]
    public void TheCopiesOfAnIncrementAreDistinctStatementObjects()
    {
        var (normalized, _) = Apply(LoopWithIncrementAndContinue());
        var branch = (IfStatement)((LoopStatement)normalized[1]).Body[0];

        Assert.NotSame(branch.Then[0], branch.Else[1]);
        Assert.Equal(branch.Then[0], branch.Else[1]);
        Assert.Empty(IrValidator.Validate(normalized, Parameters, IrInvariants.DistinctStatements));

        var (split, _, _) = ThreeAddressForm.Apply(normalized, new NameAllocator(new[] { "value" }));
        Assert.Empty(IrValidator.Validate(split, Parameters, IrInvariants.DistinctStatements));
        var facts = ProgramFacts.Collect(split);
        Assert.NotEqual(facts.Order[split[^1]], facts.Order[((IfStatement)((LoopStatement)split[1]).Body[0]).Else[1]]);
    }

    [Fact]
    public void ACountingLoopKeepsItsIncrementAndDropsAContinueThatEndsItsList()
    {
        var (text, _) = Normalize(Body(
            Set("i", IntLit(0)),
            For("i", Int("n"), If(Less(At("x", Int("i")), Num(0)), new Statement[] { Continue }), Set("s", Add(Real("s"), At("x", Int("i"))))),
            Return(Real("s"))));

        Assert.Equal(
            Lines(
                "i = 0;",
                "for i (i < n) {",
                "  if (x[i] < 0.0) {",
                "  } else {",
                "    s = s + x[i];",
                "  }",
                "} increment {",
                "  i = i + 1;",
                "}",
                "value = s;"),
            text);
    }

    [Fact]
    public void ReturnsInBothBranchesLeaveNothingAfterTheIf()
    {
        var (text, locals) = Normalize(Body(
            If(Bool("c"), new Statement[] { Return(Real("a")) }, new Statement[] { Return(Neg(Real("a"))) }),
            Set("b", Real("a")),
            Return(Real("b"))));

        // What follows an if both of whose branches return is unreachable, and goes.
        Assert.Equal(
            Lines(
                "if (c) {",
                "  value = a;",
                "} else {",
                "  value = -a;",
                "}"),
            text);
        Assert.Equal(new[] { "Real value" }, Describe(locals));
    }
}
