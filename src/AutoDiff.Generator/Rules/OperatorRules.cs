using AutoDiff.Generator.IR;
using AutoDiff.Generator.Transforms;

namespace AutoDiff.Generator.Rules;

/// <summary>
/// The rules of the arithmetic operators on doubles, records of <see cref="DerivativeRules"/> like the math functions.
/// (<see cref="ExprFactory"/> is spelled out here: its builders have the operators' names.)
/// </summary>
internal static class OperatorRules
{
    public static readonly DerivativeRule Negate = new("-")
    {
        UnaryOperator = IR.UnaryOperator.Negate,
        Contributions = (_, seed) => [(0, ExprFactory.Negate(seed))],
    };

    public static readonly DerivativeRule Add = new("+")
    {
        BinaryOperator = IR.BinaryOperator.Add,
        Shapes = ParameterShapes.TwoDoubles,
        Contributions = (_, seed) => [(0, seed), (1, seed)],
    };

    public static readonly DerivativeRule Subtract = new("-")
    {
        BinaryOperator = IR.BinaryOperator.Subtract,
        Shapes = ParameterShapes.TwoDoubles,
        Contributions = (_, seed) => [(0, seed), (1, ExprFactory.Negate(seed))],
    };

    public static readonly DerivativeRule Multiply = new("*")
    {
        BinaryOperator = IR.BinaryOperator.Multiply,
        Shapes = ParameterShapes.TwoDoubles,

        // u * u: one accumulation of 2 u instead of two of u (exact: doubling is exact in floating point).
        Contributions = (x, seed) => x.A == x.B
            ? [(0, ExprFactory.Multiply(ExprFactory.Multiply(ExprFactory.Real(2.0), seed), x.A))]
            : [(0, ExprFactory.Multiply(seed, x.B)), (1, ExprFactory.Multiply(seed, x.A))],

        // Written out for the textbook order du v + u dv (the default would print dv u); u * u as 2 u du, which is
        // du u + u du exactly (the two products are equal, and doubling is exact).
        Tangent = (x, t) => x.A == x.B && t[0] is { } square
            ? ExprFactory.Multiply(ExprFactory.Multiply(ExprFactory.Real(2.0), x.A), square)
            : ExprFactory.Sum(
                t[0] is { } ta ? ExprFactory.Multiply(ta, x.B) : null,
                t[1] is { } tb ? ExprFactory.Multiply(x.A, tb) : null),
    };

    public static readonly DerivativeRule Divide = new("/")
    {
        BinaryOperator = IR.BinaryOperator.Divide,
        Shapes = ParameterShapes.TwoDoubles,

        // r = u / w: dr/du = 1 / w, dr/dw = -r / w; guarded, since w may be 0 where a branch ignores r.
        HasUnboundedPartial = true,
        Contributions = (x, seed) =>
        [
            (0, ExprFactory.Divide(seed, x.B)),
            (1, ExprFactory.Negate(ExprFactory.Divide(ExprFactory.Multiply(seed, x.Result), x.B))),
        ],

        // du / w - (u / w) dw / w, written out for that order (the default would print dw r), and with only an atom's
        // tangent guarded: a compound one belongs to a derivative expression (forward over reverse) whose own guard
        // already covers it.
        Tangent = (x, t) => ExprFactory.Sum(
            t[0] is { } ta ? GuardAtom(ta, ExprFactory.Divide(ta, x.B)) : null,
            t[1] is { } tb ? GuardAtom(tb, ExprFactory.Negate(ExprFactory.Divide(ExprFactory.Multiply(x.Result, tb), x.B))) : null),
    };

    public static readonly DerivativeRule Remainder = new("%")
    {
        BinaryOperator = IR.BinaryOperator.Remainder,
        Shapes = ParameterShapes.TwoDoubles,

        // r = u % w = u - w trunc(u / w): dr/du = 1, dr/dw = -trunc(u / w) = (r - u) / w (the jumps where the truncated
        // quotient changes are not differentiated); the divisor's contribution is guarded like a quotient's.
        HasUnboundedPartial = true,
        GuardsOnly = (_, argument) => argument == 1,
        Contributions = (x, seed) =>
            [(0, seed), (1, ExprFactory.Divide(ExprFactory.Multiply(seed, ExprFactory.Subtract(x.Result, x.A)), x.B))],
    };

    private static Expr GuardAtom(Expr tangent, Expr value) => ThreeAddressForm.IsAtom(tangent) ? ExprFactory.Guard(tangent, value) : value;
}
