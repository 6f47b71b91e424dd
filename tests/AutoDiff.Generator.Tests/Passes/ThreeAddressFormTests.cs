using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;
using AutoDiff.Generator.Transforms;
using Xunit;
using static AutoDiff.Generator.Tests.Passes.Ir;
using static AutoDiff.Generator.Tests.Passes.IrText;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// <see cref="ThreeAddressForm"/> on hand-built programs: which temporaries it introduces, in what order, which of them
/// are single-use, and the validator's three-address invariants on the result.
/// </summary>
public class ThreeAddressFormTests
{
    private static readonly (string Name, ValueKind Kind)[] Parameters =
    {
        ("x", ValueKind.RealArray), ("y", ValueKind.RealArray), ("n", ValueKind.Integer),
        ("a", ValueKind.Real), ("b", ValueKind.Real), ("c", ValueKind.Boolean),
    };

    private static readonly DeclareStatement[] UserLocals =
    {
        Declare("r", ValueKind.Real), Declare("s", ValueKind.Real), Declare("i", ValueKind.Integer), Declare("k", ValueKind.Integer),
    };

    private sealed record Split(string Text, string[] Temporaries, string[] SingleUse);

    private static Split Apply(List<Statement> body, params string[] alsoReserved)
    {
        var names = new NameAllocator(Parameters.Select(p => p.Name).Concat(UserLocals.Select(l => l.Name)).Concat(alsoReserved));
        var (split, temporaries, singleUse) = ThreeAddressForm.Apply(body, names);
        var program = UserLocals.Concat<Statement>(temporaries).Concat(split).ToList();
        IrValidator.Assert(program, Parameters, IrInvariants.AfterThreeAddressForm, nameof(ThreeAddressForm), singleUse);
        Assert.All(temporaries, t => Assert.Equal(ValueKind.Real, t.Kind));
        return new Split(Print(split), temporaries.Select(t => t.Name).ToArray(), singleUse.OrderBy(n => n, System.StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void ACompoundOperandBecomesASingleUseTemporary()
    {
        // b = x[1] - x[0] * x[0]
        var split = Apply(Body(Set("r", Sub(At("x", 1), Mul(At("x", 0), At("x", 0))))));

        Assert.Equal(Lines("t0 = x[0] * x[0];", "r = x[1] - t0;"), split.Text);
        Assert.Equal(new[] { "t0" }, split.Temporaries);
        Assert.Equal(new[] { "t0" }, split.SingleUse);
    }

    [Fact]
    public void NestedOperationsAreSplitInnermostFirst()
    {
        var split = Apply(Body(Set("r", Add(Call(MathRules.Sin, Mul(Real("a"), Real("b"))), Div(Real("a"), Sub(Real("b"), Num(1)))))));

        Assert.Equal(
            Lines(
                "t0 = a * b;",
                "t1 = Math.Sin(t0);",
                "t2 = b - 1.0;",
                "t3 = a / t2;",
                "r = t1 + t3;"),
            split.Text);
        Assert.Equal(new[] { "t0", "t1", "t2", "t3" }, split.SingleUse);
    }

    [Fact]
    public void AnAtomOrAnOperationOnAtomsIsLeftAlone()
    {
        var body = Body(
            Set("r", At("x", Int("i"))),
            Set("r", Mul(Real("a"), At("x", Add(Int("i"), IntLit(1))))),
            Set("r", Mul(new ConvertExpr(Int("k"), ValueKind.Real), Real("a"))),
            Set("r", Call(MathRules.Exp, Real("r"))),
            Set("r", Choose(Bool("c"), Real("a"), Num(0))));

        var split = Apply(body);

        Assert.Equal(Print(body), split.Text);
        Assert.Empty(split.Temporaries);
    }

    [Fact]
    public void IntegerAndBooleanExpressionsStayWhole()
    {
        var split = Apply(Body(
            Set("k", Mul(Add(Int("k"), IntLit(1)), IntLit(2))),
            If(Greater(Mul(Real("a"), Real("a")), Num(1)), new Statement[] { Set("r", Mul(Mul(Real("a"), Real("b")), Real("a"))) })));

        Assert.Equal(
            Lines(
                "k = (k + 1) * 2;",
                "if (a * a > 1.0) {",
                "  t0 = a * b;",
                "  r = t0 * a;",
                "}"),
            split.Text);
    }

    [Fact]
    public void AConditionalWithComputedBranchesBecomesAnIf()
    {
        // r = c ? a * a : b evaluates a * a only when c holds.
        var split = Apply(Body(Set("r", Choose(Bool("c"), Mul(Real("a"), Real("a")), Real("b")))));

        Assert.Equal(
            Lines(
                "if (c) {",
                "  t0 = a * a;",
                "} else {",
                "  t0 = b;",
                "}",
                "r = t0;"),
            split.Text);
        Assert.Equal(new[] { "t0" }, split.Temporaries);

        // Assigned in both branches and read after the if: not single-use.
        Assert.Empty(split.SingleUse);
    }

    [Fact]
    public void AConditionalOperandSplitsItsBranchesInsideThem()
    {
        var split = Apply(Body(Set("r", Mul(Choose(Bool("c"), Call(MathRules.Exp, Mul(Real("a"), Real("a"))), Real("b")), Num(2)))));

        Assert.Equal(
            Lines(
                "if (c) {",
                "  t1 = a * a;",
                "  t0 = Math.Exp(t1);",
                "} else {",
                "  t0 = b;",
                "}",
                "r = t0 * 2.0;"),
            split.Text);
        Assert.Equal(new[] { "t0", "t1" }, split.Temporaries);
        Assert.Equal(new[] { "t1" }, split.SingleUse);
    }

    [Fact]
    public void LoopBodiesAndBranchesAreSplitInPlace()
    {
        var split = Apply(Body(
            Set("i", IntLit(0)),
            For(
                "i",
                Int("n"),
                If(Bool("c"), new Statement[] { Set("s", Add(Real("s"), Mul(At("x", Int("i")), At("x", Int("i"))))) }, new Statement[] { Set("s", Neg(Mul(Real("s"), Real("a")))) }))));

        Assert.Equal(
            Lines(
                "i = 0;",
                "for i (i < n) {",
                "  if (c) {",
                "    t0 = x[i] * x[i];",
                "    s = s + t0;",
                "  } else {",
                "    t1 = s * a;",
                "    s = -t1;",
                "  }",
                "} increment {",
                "  i = i + 1;",
                "}"),
            split.Text);
        Assert.Equal(new[] { "t0", "t1" }, split.SingleUse);
    }

    [Fact]
    public void ACallsResultReachesAnElementThroughALocal()
    {
        var split = Apply(Body(
            SetAt("y", IntLit(0), Invoke("G", Real("a"))),
            SetAt("y", IntLit(1), Mul(Real("a"), Add(Real("a"), Real("b")))),
            Set("r", Invoke("G", Mul(Real("a"), Real("b"))))));

        Assert.Equal(
            Lines(
                "t0 = G(a);",
                "y[0] = t0;",
                "t1 = a + b;",
                "y[1] = a * t1;",
                "t2 = a * b;",
                "r = G(t2);"),
            split.Text);
        Assert.Equal(new[] { "t0", "t1", "t2" }, split.SingleUse);
    }

    [Fact]
    public void TemporariesAvoidTheUsersNames()
    {
        var split = Apply(Body(Set("r", Mul(Add(Real("a"), Real("b")), Sub(Real("a"), Real("b"))))), "t0", "t2");

        Assert.Equal(Lines("t1 = a + b;", "t3 = a - b;", "r = t1 * t3;"), split.Text);
        Assert.Equal(new[] { "t1", "t3" }, split.Temporaries);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("x[i]", true)]
    [InlineData("x.Length", true)]
    [InlineData("(double)k", true)]
    [InlineData("k + 1", true)]
    [InlineData("a > b", true)]
    [InlineData("a * b", false)]
    [InlineData("-a", false)]
    [InlineData("Math.Sin(a)", false)]
    [InlineData("c ? a : b", false)]
    public void IsAtomHoldsForWhatIsReadNotComputed(string text, bool atom)
    {
        var expressions = new Dictionary<string, Expr>
        {
            ["a"] = Real("a"),
            ["x[i]"] = At("x", Int("i")),
            ["x.Length"] = new LengthExpr(Array("x")),
            ["(double)k"] = new ConvertExpr(Int("k"), ValueKind.Real),
            ["k + 1"] = Add(Int("k"), IntLit(1)),
            ["a > b"] = Greater(Real("a"), Real("b")),
            ["a * b"] = Mul(Real("a"), Real("b")),
            ["-a"] = Neg(Real("a")),
            ["Math.Sin(a)"] = Call(MathRules.Sin, Real("a")),
            ["c ? a : b"] = Choose(Bool("c"), Real("a"), Real("b")),
        };

        Assert.Equal(atom, ThreeAddressForm.IsAtom(expressions[text]));
    }
}
