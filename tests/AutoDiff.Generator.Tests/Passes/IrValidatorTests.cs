using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Xunit;
using static AutoDiff.Generator.Tests.Passes.Ir;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// The validator itself: it reports each broken invariant with the path of the statement, and its walk knows every
/// statement and expression kind of the IR (a new kind fails <see cref="TheValidatorHandlesEveryStatementAndExpressionKind"/>
/// until <see cref="IrValidator"/> handles it).
/// </summary>
public class IrValidatorTests
{
    private static readonly (string Name, ValueKind Kind)[] Parameters = { ("x", ValueKind.RealArray), ("n", ValueKind.Integer), ("a", ValueKind.Real) };

    private static IReadOnlyList<string> Check(IrInvariants invariants, params Statement[] program) =>
        IrValidator.Validate(program, Parameters, invariants);

    [Fact]
    public void AValidThreeAddressProgramHasNoViolations()
    {
        var violations = Check(
            IrInvariants.AfterThreeAddressForm,
            Declare("t0", ValueKind.Real),
            Declare("b", ValueKind.Real),
            Declare("i", ValueKind.Integer),
            Set("t0", Mul(At("x", 0), At("x", 0))),
            Set("b", Sub(At("x", 1), Real("t0"))),
            Set("i", IntLit(0)),
            For("i", Int("n"), If(Greater(Real("b"), Num(1)), new Statement[] { Set("b", Real("a")), Break })));

        Assert.Empty(violations);
    }

    [Fact]
    public void ANonAtomOperandIsReportedWithItsPath()
    {
        var violations = Check(
            IrInvariants.ThreeAddress,
            If(Greater(Real("a"), Num(0)), new Statement[] { Set("b", Sub(At("x", 1), Mul(At("x", 0), At("x", 0)))) }));

        Assert.Equal(new[] { "body[0].Then[0]: 'Subtract' reads non-atom 'x[0] * x[0]'" }, violations);
    }

    [Fact]
    public void AConditionalWithAComputedBranchIsReported()
    {
        var violations = Check(IrInvariants.ThreeAddress, Set("b", Choose(Bool("c"), Mul(Real("a"), Real("a")), Real("a"))));

        Assert.Equal(new[] { "body[0]: conditional 'c ? a * a : a' has the computed branch 'a * a': it must be an if" }, violations);
    }

    [Fact]
    public void IntegerAndBooleanExpressionsNeedNotBeSplit()
    {
        var violations = Check(
            IrInvariants.ThreeAddress,
            Set("i", Mul(Add(Int("n"), IntLit(1)), IntLit(2))),
            If(Greater(Mul(Real("a"), Real("a")), Num(1)), System.Array.Empty<Statement>()));

        Assert.Empty(violations);
    }

    [Fact]
    public void ACallResultAssignedToAnElementIsReported()
    {
        var violations = Check(IrInvariants.ThreeAddress, SetAt("y", IntLit(0), Invoke("G", Real("a"))));

        Assert.Equal(new[] { "body[0]: the result of 'G' is assigned to an element of 'y' directly: it must go through a local" }, violations);
    }

    [Fact]
    public void ExitsLeftOrNotLastAreReported()
    {
        var violations = Check(
            IrInvariants.SingleExit,
            While(
                True,
                If(Greater(Real("a"), Num(0)), new Statement[] { Break }),
                Set("a", Num(1)),
                Continue),
            Return(Real("a")),
            new ExitStatement(),
            Break);

        Assert.Equal(
            new[]
            {
                "body[0].Body[0]: an if that may break, continue or exit is followed by 2 statement(s) in its list: exits must end their list",
                "body[0].Body[2]: continue left after normalization (one that ends its list falls through and is dropped)",
                "body[1]: return 'a' left after normalization (returns assign the result and leave)",
                "body[2]: exit is followed by 1 statement(s) in its list: exits must end their list",
                "body[2]: exit left after normalization (every exit ends its list, falls through and is dropped)",
                "body[3]: break outside a loop",
            },
            violations);
    }

    [Fact]
    public void OnlyACountingLoopKeepsAnIncrement()
    {
        var violations = Check(IrInvariants.SingleExit, WhileWithIncrement(True, new Statement[] { Break }, Set("a", Num(1))));

        Assert.Equal(new[] { "body[0]: a loop that is not a counting loop keeps an increment: normalization moves it into the body" }, violations);
    }

    [Fact]
    public void NamesMustBeDeclaredOnceBeforeUseInScopeWithTheirKind()
    {
        var violations = Check(
            IrInvariants.NamesDefined,
            Set("b", Real("a")),
            Declare("b", ValueKind.Real),
            Declare("a", ValueKind.Real),
            If(Bool("flag"), new Statement[] { new AssignStatement("t", ValueKind.Real, Num(1), Declare: true) }),
            Set("b", Real("t")),
            Set("b", Int("n")));

        Assert.Equal(
            new[]
            {
                "body[0]: 'b' is used but not declared before",
                "body[2]: 'a' is declared twice (first at parameter)",
                "body[3]: 'flag' is used but not declared before",
                "body[4]: 't' is used outside the scope of its declaration (at body[3].Then[0])",
                "body[5]: 'b' is used as Integer but declared Real (at body[1])",
            },
            violations);
    }

    [Fact]
    public void SingleUseTemporariesAreAssignedOnceAndReadOnceLaterInTheirList()
    {
        Statement[] program =
        {
            Declare("t0", ValueKind.Real), Declare("t1", ValueKind.Real), Declare("t2", ValueKind.Real), Declare("b", ValueKind.Real),
            Set("t0", Mul(Real("a"), Real("a"))),
            Set("b", Add(Real("t0"), Real("t0"))),
            Set("t1", Mul(Real("a"), Real("a"))),
            Set("b", Real("t1")),
            Set("b", Real("t1")),
            If(Greater(Real("a"), Num(0)), new Statement[] { Set("b", Real("t2")) }),
            Set("t2", Real("a")),
        };

        var violations = IrValidator.Validate(program, Parameters, IrInvariants.NamesDefined, singleUse: new[] { "t0", "t1", "t2" });

        Assert.Equal(
            new[]
            {
                "body[6]: single-use 't1' is assigned 1 time(s) (body[6]) and read by 2 statement(s) (body[7], body[8]); expected once each",
                "body[10]: single-use 't2' is read at body[9].Then[0], not later in the same statement list",
            },
            violations);
    }

    // ---------------------------------------------------------------- every node kind

    public static TheoryData<string> StatementKinds => new(ConcreteKinds(typeof(Statement)).Select(t => t.Name));

    public static TheoryData<string> ExpressionKinds => new(ConcreteKinds(typeof(Expr)).Select(t => t.Name));

    [Theory]
    [MemberData(nameof(StatementKinds))]
    [MemberData(nameof(ExpressionKinds))]
    public void TheValidatorHandlesEveryStatementAndExpressionKind(string kind)
    {
        var type = ConcreteKinds(typeof(Statement)).Concat(ConcreteKinds(typeof(Expr))).Single(t => t.Name == kind);
        var instance = Sample(type);
        Statement statement = instance as Statement ?? new AssignStatement("r", ValueKind.Real, (Expr)instance, Declare: true);

        // Names in the sample are undeclared and its shape may break invariants: the point is that the walk knows the kind.
        var violations = IrValidator.Validate(new[] { statement }, Parameters, IrInvariants.AfterThreeAddressForm);

        Assert.NotNull(violations);
    }

    [Fact]
    public void TheKindsEnumeratedIncludeTheOnesEveryPassKnows()
    {
        var statements = ConcreteKinds(typeof(Statement)).Select(t => t.Name).ToList();
        var expressions = ConcreteKinds(typeof(Expr)).Select(t => t.Name).ToList();

        Assert.Contains(nameof(IfStatement), statements);
        Assert.Contains(nameof(LengthCheckStatement), statements);
        Assert.Contains(nameof(BinaryExpr), expressions);
        Assert.Contains(nameof(EmittedCallExpr), expressions);
        Assert.True(statements.Count >= 25, $"{statements.Count} statement kinds: {string.Join(", ", statements)}");
        Assert.True(expressions.Count >= 16, $"{expressions.Count} expression kinds: {string.Join(", ", expressions)}");
    }

    [Fact]
    public void AnUnknownKindThrows()
    {
        Assert.Throws<NotSupportedException>(() => IrValidator.Validate(new Statement[] { new UnknownStatement() }, Parameters, IrInvariants.NamesDefined));
        Assert.Throws<NotSupportedException>(() => IrValidator.Validate(
            new Statement[] { Set("a", new UnknownExpr()) }, Parameters, IrInvariants.NamesDefined));
    }

    /// <summary>A kind no pass knows (its Accept visits nothing): the validator must refuse it, not skip it.</summary>
    private sealed record UnknownStatement : Statement
    {
        public override void Accept(StatementVisitor visitor)
        {
        }
    }

    private sealed record UnknownExpr : Expr
    {
        public override ValueKind Kind => ValueKind.Real;
    }

    private static IEnumerable<Type> ConcreteKinds(Type root) => root.Assembly.GetTypes()
        .Where(t => root.IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>An instance of <paramref name="type"/> built through its widest constructor from sample arguments.</summary>
    private static object Sample(Type type)
    {
        if (type == typeof(string))
        {
            return "v";
        }

        if (type == typeof(bool))
        {
            return false;
        }

        if (type == typeof(int))
        {
            return 0;
        }

        if (type == typeof(double))
        {
            return 1.0;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0)!;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Sample(underlying);
        }

        if (type == typeof(Expr))
        {
            return Real("v");
        }

        if (type == typeof(Statement))
        {
            return Break;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            var element = type.GetGenericArguments()[0];
            var items = System.Array.CreateInstance(element, 1);
            items.SetValue(Sample(element), 0);
            var immutable = typeof(ImmutableArray).GetMethods()
                .Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                .MakeGenericMethod(element)
                .Invoke(null, new object[] { items })!;
            return Activator.CreateInstance(type, immutable)!;
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(c => !c.GetParameters().Any(p => p.ParameterType == type))
            .OrderByDescending(c => c.GetParameters().Length)
            .First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Sample(p.ParameterType)).ToArray());
    }
}
