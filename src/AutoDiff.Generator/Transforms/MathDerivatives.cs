using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// The derivative rules of the supported <c>System.Math</c> functions, as adjoint contributions: for
/// <c>r = f(a, b, ...)</c> with adjoint <c>seed</c>, what each argument's adjoint receives. Arguments and result are
/// atoms, so a rule may read them as often as it likes. Choices at non-smooth points (documented in README):
/// Abs'(0) = +1; Max and Min ties give the derivative to the first argument; Clamp at a bound gives it to the
/// value; d/db Pow(a, b) = 0 for a &lt;= 0; d/da Pow(a, 0) = 0; Hypot'(0, 0) = 0.
/// </summary>
internal static class MathDerivatives
{
    private static readonly Expr One = Real(1.0);
    private static readonly Expr Zero = Real(0.0);

    /// <summary>
    /// (argument index, contribution) pairs; piecewise-constant functions contribute nothing. Every contribution is
    /// linear in <paramref name="seed"/>; for a function with an unbounded partial it is guarded, so a zero seed (the
    /// adjoint of a value a branch did not use, or a zero tangent) contributes zero even where the partial is infinite.
    /// </summary>
    public static IEnumerable<(int Argument, Expr Contribution)> Contributions(CallExpr call, Expr result, Expr seed) =>
        MathFunctionFacts.HasUnboundedPartial(call.Function) && !IsPowerWithBoundedDerivative(call)
            ? Rules(call, result, seed).Select(c => (c.Argument, Guard(seed, c.Contribution)))
            : Rules(call, result, seed);

    /// <summary>
    /// a^k for a literal integer k &gt;= 1: k a^(k-1) is finite for every finite a, so no guard is needed. (Not for a
    /// fractional k: a^1.5 and its partial are NaN for a &lt; 0, where a branch may leave the value unused.)
    /// </summary>
    private static bool IsPowerWithBoundedDerivative(CallExpr call) =>
        call.Function == MathFunction.Pow && call.Arguments[1] is LiteralExpr { Value: >= 1.0 and var k } && k == Math.Floor(k);

    private static IEnumerable<(int Argument, Expr Contribution)> Rules(CallExpr call, Expr result, Expr seed)
    {
        var args = call.Arguments;
        Expr a = args[0];
        switch (call.Function)
        {
            case MathFunction.Sin:
                yield return (0, Multiply(seed, Call(MathFunction.Cos, a)));
                break;
            case MathFunction.Cos:
                yield return (0, Negate(Multiply(seed, Call(MathFunction.Sin, a))));
                break;
            case MathFunction.Tan:
                yield return (0, Multiply(seed, Add(One, Square(result))));
                break;
            case MathFunction.Asin:
                yield return (0, Divide(seed, Call(MathFunction.Sqrt, Subtract(One, Square(a)))));
                break;
            case MathFunction.Acos:
                yield return (0, Negate(Divide(seed, Call(MathFunction.Sqrt, Subtract(One, Square(a))))));
                break;
            case MathFunction.Atan:
                yield return (0, Divide(seed, Add(One, Square(a))));
                break;
            case MathFunction.Atan2:
            {
                // r = atan2(y, x): dr/dy = x / (x^2 + y^2), dr/dx = -y / (x^2 + y^2).
                Expr x = args[1];
                Expr radiusSquared = Add(Square(a), Square(x));
                yield return (0, Divide(Multiply(seed, x), radiusSquared));
                yield return (1, Negate(Divide(Multiply(seed, a), radiusSquared)));
                break;
            }

            case MathFunction.Sinh:
                yield return (0, Multiply(seed, Call(MathFunction.Cosh, a)));
                break;
            case MathFunction.Cosh:
                yield return (0, Multiply(seed, Call(MathFunction.Sinh, a)));
                break;
            case MathFunction.Tanh:
                yield return (0, Multiply(seed, Subtract(One, Square(result))));
                break;
            case MathFunction.Asinh:
                yield return (0, Divide(seed, Call(MathFunction.Sqrt, Add(Square(a), One))));
                break;
            case MathFunction.Acosh:
                yield return (0, Divide(seed, Call(MathFunction.Sqrt, Subtract(Square(a), One))));
                break;
            case MathFunction.Atanh:
                yield return (0, Divide(seed, Subtract(One, Square(a))));
                break;
            case MathFunction.Exp:
                yield return (0, Multiply(seed, result));
                break;
            case MathFunction.Log when args.Count == 1:
                yield return (0, Divide(seed, a));
                break;
            case MathFunction.Log:
            {
                // r = ln a / ln b: dr/da = 1 / (a ln b), dr/db = -r / (b ln b).
                Expr b = args[1];
                Expr logBase = Call(MathFunction.Log, b);
                yield return (0, Divide(seed, Multiply(a, logBase)));
                yield return (1, Negate(Divide(Multiply(seed, result), Multiply(b, logBase))));
                break;
            }

            case MathFunction.Log10:
                yield return (0, Divide(seed, Multiply(a, Real(Math.Log(10.0)))));
                break;
            case MathFunction.Log2:
                yield return (0, Divide(seed, Multiply(a, Real(Math.Log(2.0)))));
                break;
            case MathFunction.Sqrt:
                yield return (0, Divide(Multiply(Real(0.5), seed), result));
                break;
            case MathFunction.Cbrt:
                yield return (0, Divide(seed, Multiply(Real(3.0), Square(result))));
                break;
            case MathFunction.Pow:
                foreach (var contribution in PowContributions(a, args[1], result, seed))
                {
                    yield return contribution;
                }

                break;
            case MathFunction.Abs:
                yield return (0, Choose(Compare(BinaryOperator.GreaterOrEqual, a, Zero), seed, Negate(seed)));
                break;
            case MathFunction.Max:
                yield return (0, Choose(Compare(BinaryOperator.GreaterOrEqual, a, args[1]), seed, Zero));
                yield return (1, Choose(Compare(BinaryOperator.GreaterOrEqual, a, args[1]), Zero, seed));
                break;
            case MathFunction.Min:
                yield return (0, Choose(Compare(BinaryOperator.LessOrEqual, a, args[1]), seed, Zero));
                yield return (1, Choose(Compare(BinaryOperator.LessOrEqual, a, args[1]), Zero, seed));
                break;
            case MathFunction.Clamp:
            {
                Expr low = args[1], high = args[2];
                yield return (0, Choose(
                    And(Compare(BinaryOperator.GreaterOrEqual, a, low), Compare(BinaryOperator.LessOrEqual, a, high)),
                    seed,
                    Zero));
                yield return (1, Choose(Compare(BinaryOperator.Less, a, low), seed, Zero));
                yield return (2, Choose(Compare(BinaryOperator.Greater, a, high), seed, Zero));
                break;
            }

            case MathFunction.Hypot:
            {
                Expr atOrigin = Compare(BinaryOperator.Equal, result, Zero);
                yield return (0, Choose(atOrigin, Zero, Divide(Multiply(seed, a), result)));
                yield return (1, Choose(atOrigin, Zero, Divide(Multiply(seed, args[1]), result)));
                break;
            }

            case MathFunction.FusedMultiplyAdd:
                yield return (0, Multiply(seed, args[1]));
                yield return (1, Multiply(seed, a));
                yield return (2, seed);
                break;
            case MathFunction.LogP1:
                yield return (0, Divide(seed, Add(One, a)));
                break;
            case MathFunction.Log2P1:
                yield return (0, Divide(seed, Multiply(Add(One, a), Real(Math.Log(2.0)))));
                break;
            case MathFunction.Log10P1:
                yield return (0, Divide(seed, Multiply(Add(One, a), Real(Math.Log(10.0)))));
                break;
            case MathFunction.ExpM1:
                // d/da (e^a - 1) = e^a = r + 1.
                yield return (0, Multiply(seed, Add(result, One)));
                break;
            case MathFunction.Exp2:
                yield return (0, Multiply(seed, Multiply(Real(Math.Log(2.0)), result)));
                break;
            case MathFunction.Exp10:
                yield return (0, Multiply(seed, Multiply(Real(Math.Log(10.0)), result)));
                break;
            case MathFunction.CopySign:
                // |a| with b's sign: d/da = sign(a) sign(b) (taking +1 for +0 and -1 for -0, as CopySign does); d/db = 0
                // (piecewise constant in b).
                yield return (0, Multiply(seed, Multiply(Call(MathFunction.CopySign, One, a), Call(MathFunction.CopySign, One, args[1]))));
                break;
            case MathFunction.ScaleB:
                // a 2^n with n an int: linear in a.
                yield return (0, Multiply(seed, new CallExpr(MathFunction.ScaleB, new[] { One, args[1] }.ToEquatableArray(), ValueKind.Real)));
                break;
            case MathFunction.IEEERemainder:
            {
                // r = a - b q with q = a / b rounded to the nearest integer (piecewise constant): d/da = 1, d/db = -q = (r - a) / b.
                Expr b = args[1];
                yield return (0, seed);
                yield return (1, Divide(Multiply(seed, Subtract(result, a)), b));
                break;
            }

            case MathFunction.Sign:
            case MathFunction.Floor:
            case MathFunction.Ceiling:
            case MathFunction.Round:
            case MathFunction.Truncate:
                break;
            default:
                throw new InvalidOperationException("No derivative rule for " + call.Function);
        }
    }

    private static IEnumerable<(int Argument, Expr Contribution)> PowContributions(Expr a, Expr b, Expr result, Expr seed)
    {
        // d/da a^b = b a^(b-1); with a literal exponent the rule is written out so x^2 costs one multiplication.
        Expr baseDerivative = b switch
        {
            // a^0 is the constant 1, also at a = 0 where b a^(b-1) would be 0 * infinity.
            LiteralExpr { Value: 0.0 } => Real(0.0),
            LiteralExpr { Value: 1.0 } => One,
            LiteralExpr { Value: 2.0 } => Multiply(Real(2.0), a),
            LiteralExpr { Value: var k } => Multiply(Real(k), Call(MathFunction.Pow, a, Real(k - 1.0))),
            _ => Choose(Compare(BinaryOperator.Equal, b, Real(0.0)), Real(0.0), Multiply(b, Call(MathFunction.Pow, a, Subtract(b, One)))),
        };
        yield return (0, Multiply(seed, baseDerivative));

        // d/db a^b = a^b ln a, defined for a > 0 only; elsewhere the documented choice is 0.
        yield return (1, Choose(
            Compare(BinaryOperator.Greater, a, Real(0.0)),
            Multiply(Multiply(seed, result), Call(MathFunction.Log, a)),
            Real(0.0)));
    }
}
