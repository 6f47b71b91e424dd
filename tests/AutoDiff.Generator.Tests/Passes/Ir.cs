using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>Short constructors for hand-built IR programs in pass tests (<c>using static</c>).</summary>
internal static class Ir
{
    public static VariableExpr Real(string name) => new(name, ValueKind.Real);

    public static VariableExpr Int(string name) => new(name, ValueKind.Integer);

    public static VariableExpr Bool(string name) => new(name, ValueKind.Boolean);

    public static VariableExpr Array(string name) => new(name, ValueKind.RealArray);

    public static LiteralExpr Num(double value) => LiteralExpr.Real(value);

    public static LiteralExpr IntLit(int value) => new(value, ValueKind.Integer);

    public static LiteralExpr True => new(1, ValueKind.Boolean);

    public static ElementExpr At(string array, int index) => new(Array(array), IntLit(index));

    public static ElementExpr At(string array, Expr index) => new(Array(array), index);

    public static BinaryExpr Add(Expr left, Expr right) => new(BinaryOperator.Add, left, right, left.Kind);

    public static BinaryExpr Sub(Expr left, Expr right) => new(BinaryOperator.Subtract, left, right, left.Kind);

    public static BinaryExpr Mul(Expr left, Expr right) => new(BinaryOperator.Multiply, left, right, left.Kind);

    public static BinaryExpr Div(Expr left, Expr right) => new(BinaryOperator.Divide, left, right, left.Kind);

    public static BinaryExpr Less(Expr left, Expr right) => new(BinaryOperator.Less, left, right, ValueKind.Boolean);

    public static BinaryExpr Greater(Expr left, Expr right) => new(BinaryOperator.Greater, left, right, ValueKind.Boolean);

    public static UnaryExpr Neg(Expr operand) => new(UnaryOperator.Negate, operand, operand.Kind);

    public static MathCallExpr Call(DerivativeRule function, params Expr[] arguments) => new(function, arguments.ToEquatableArray(), ValueKind.Real);

    /// <summary>A call of another differentiable method, differentiable in every argument.</summary>
    public static DifferentiableCallExpr Invoke(string callee, params Expr[] arguments) => new(
        callee, callee + "Pullback", arguments.ToEquatableArray(), arguments.Select(_ => true).ToEquatableArray(), null, null);

    public static ConditionalExpr Choose(Expr condition, Expr whenTrue, Expr whenFalse) => new(condition, whenTrue, whenFalse, whenTrue.Kind);

    public static DeclareStatement Declare(string name, ValueKind kind) => new(name, kind);

    /// <summary><c>target = value;</c>, the target of the value's kind.</summary>
    public static AssignStatement Set(string target, Expr value) => new(target, value.Kind, value, Declare: false);

    public static ElementAssignStatement SetAt(string array, Expr index, Expr value) => new(array, index, value);

    public static IfStatement If(Expr condition, Statement[] then, Statement[]? otherwise = null) =>
        new(condition, then.ToEquatableArray(), (otherwise ?? System.Array.Empty<Statement>()).ToEquatableArray());

    public static LoopStatement While(Expr condition, params Statement[] body) =>
        new(condition, TestFirst: true, body.ToEquatableArray(), EquatableArray<Statement>.Empty, Index: null, Step: 0);

    /// <summary>A while loop with an increment that is not a counting loop's (the parser's <c>for</c> whose index the body also assigns).</summary>
    public static LoopStatement WhileWithIncrement(Expr condition, Statement[] body, params Statement[] increment) =>
        new(condition, TestFirst: true, body.ToEquatableArray(), increment.ToEquatableArray(), Index: null, Step: 0);

    /// <summary><c>for (; index &lt; bound; index++) body</c>: a counting loop (the index set before it by the caller).</summary>
    public static LoopStatement For(string index, Expr bound, params Statement[] body) => new(
        Less(Int(index), bound),
        TestFirst: true,
        body.ToEquatableArray(),
        new Statement[] { Set(index, Add(Int(index), IntLit(1))) }.ToEquatableArray(),
        index,
        Step: 1);

    public static ReturnStatement Return(Expr value) => new(value);

    public static BreakStatement Break => new();

    public static ContinueStatement Continue => new();

    public static List<Statement> Body(params Statement[] statements) => statements.ToList();
}
