using System;
using System.Collections.Generic;
using AutoDiff.Generator.IR;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Rules;

/// <summary>
/// The rules of the <c>System.Math</c> and <c>double</c> functions, one record each (see <see cref="DerivativeRule"/>):
/// to support another, add a record here and a test (a record is found by reflection; the tests check it against
/// finite differences and against the runtime's methods). Choices at non-smooth points (documented in README):
/// Abs'(0) = +1; Max and Min ties give the derivative to the first argument; Clamp at a bound gives it to the value;
/// d/db Pow(a, b) = 0 for a &lt;= 0; d/da Pow(a, 0) = 0; Hypot'(0, 0) = 0.
/// </summary>
internal static class MathRules
{
    // A rule may call another function, or itself (Sin's rule calls Cos, CopySign's CopySign): the call happens when the
    // rule runs, after every field is set, but nullable analysis of the initializers sees a field declared further down
    // as null.
#pragma warning disable CS8604
    private static readonly Expr One = Real(1.0);
    private static readonly Expr Zero = Real(0.0);

    public static readonly DerivativeRule Sin = new("Sin")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Multiply(seed, Call(Cos, x.A)))],
    };

    public static readonly DerivativeRule Cos = new("Cos")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Negate(Multiply(seed, Call(Sin, x.A))))],
    };

    public static readonly DerivativeRule Tan = new("Tan")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Multiply(seed, Add(One, Square(x.Result))))],
    };

    public static readonly DerivativeRule Asin = new("Asin")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Call(Sqrt, Subtract(One, Square(x.A)))))],
    };

    public static readonly DerivativeRule Acos = new("Acos")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Negate(Divide(seed, Call(Sqrt, Subtract(One, Square(x.A))))))],
    };

    public static readonly DerivativeRule Atan = new("Atan")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Divide(seed, Add(One, Square(x.A))))],
    };

    public static readonly DerivativeRule Atan2 = new("Atan2")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = ParameterShapes.TwoDoubles,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,

        // r = atan2(y, x): dr/dy = x / (x^2 + y^2), dr/dx = -y / (x^2 + y^2).
        Contributions = (x, seed) =>
        {
            Expr radiusSquared = Add(Square(x.A), Square(x.B));
            return [(0, Divide(Multiply(seed, x.B), radiusSquared)), (1, Negate(Divide(Multiply(seed, x.A), radiusSquared)))];
        },
    };

    public static readonly DerivativeRule Sinh = new("Sinh")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Multiply(seed, Call(Cosh, x.A)))],
    };

    public static readonly DerivativeRule Cosh = new("Cosh")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Multiply(seed, Call(Sinh, x.A)))],
    };

    public static readonly DerivativeRule Tanh = new("Tanh")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Multiply(seed, Subtract(One, Square(x.Result))))],
    };

    public static readonly DerivativeRule Asinh = new("Asinh")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Divide(seed, Call(Sqrt, Add(Square(x.A), One))))],
    };

    public static readonly DerivativeRule Acosh = new("Acosh")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Call(Sqrt, Subtract(Square(x.A), One))))],
    };

    public static readonly DerivativeRule Atanh = new("Atanh")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Subtract(One, Square(x.A))))],
    };

    public static readonly DerivativeRule Exp = new("Exp")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Multiply(seed, x.Result))],
    };

    public static readonly DerivativeRule Log = new("Log")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = [[ValueKind.Real], [ValueKind.Real, ValueKind.Real]],
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => x.Arguments.Count == 1 ? [(0, Divide(seed, x.A))] : LogarithmToBase(x, seed),
    };

    public static readonly DerivativeRule Log10 = new("Log10")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Multiply(x.A, Real(Math.Log(10.0)))))],
    };

    public static readonly DerivativeRule Log2 = new("Log2")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Multiply(x.A, Real(Math.Log(2.0)))))],
    };

    public static readonly DerivativeRule Sqrt = new("Sqrt")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(Multiply(Real(0.5), seed), x.Result))],
    };

    public static readonly DerivativeRule Cbrt = new("Cbrt")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Multiply(Real(3.0), Square(x.Result))))],
    };

    public static readonly DerivativeRule Pow = new("Pow")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = ParameterShapes.TwoDoubles,
        RandomPrograms = RandomProgramUse.Drawn,
        HasUnboundedPartial = true,

        // a^k for a literal integer k >= 1: k a^(k-1) is finite for every finite a, so no guard is needed. (Not for a
        // fractional k: a^1.5 and its partial are NaN for a < 0, where a branch may leave the value unused.)
        GuardsOnly = (arguments, _) => arguments[1] is not LiteralExpr { Value: >= 1.0 and var k } || k != Math.Floor(k),
        Contributions = PowContributions,
    };

    public static readonly DerivativeRule Abs = new("Abs")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Choose(Compare(BinaryOperator.GreaterOrEqual, x.A, Zero), seed, Negate(seed)))],
    };

    public static readonly DerivativeRule Max = new("Max")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = ParameterShapes.TwoDoubles,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) =>
        [
            (0, Choose(Compare(BinaryOperator.GreaterOrEqual, x.A, x.B), seed, Zero)),
            (1, Choose(Compare(BinaryOperator.GreaterOrEqual, x.A, x.B), Zero, seed)),
        ],
    };

    public static readonly DerivativeRule Min = new("Min")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = ParameterShapes.TwoDoubles,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) =>
        [
            (0, Choose(Compare(BinaryOperator.LessOrEqual, x.A, x.B), seed, Zero)),
            (1, Choose(Compare(BinaryOperator.LessOrEqual, x.A, x.B), Zero, seed)),
        ],
    };

    public static readonly DerivativeRule Clamp = new("Clamp")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = ParameterShapes.ThreeDoubles,
        RandomPrograms = RandomProgramUse.Drawn,

        // Clamp(value, low, high).
        Contributions = (x, seed) =>
        [
            (0, Choose(And(Compare(BinaryOperator.GreaterOrEqual, x.A, x.B), Compare(BinaryOperator.LessOrEqual, x.A, x.C)), seed, Zero)),
            (1, Choose(Compare(BinaryOperator.Less, x.A, x.B), seed, Zero)),
            (2, Choose(Compare(BinaryOperator.Greater, x.A, x.C), seed, Zero)),
        ],
    };

    public static readonly DerivativeRule Hypot = new("Hypot")
    {
        DeclaredOn = DeclaringTypes.Double,
        Shapes = ParameterShapes.TwoDoubles,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) =>
        {
            Expr atOrigin = Compare(BinaryOperator.Equal, x.Result, Zero);
            return [(0, Choose(atOrigin, Zero, Divide(Multiply(seed, x.A), x.Result))), (1, Choose(atOrigin, Zero, Divide(Multiply(seed, x.B), x.Result)))];
        },
    };

    public static readonly DerivativeRule FusedMultiplyAdd = new("FusedMultiplyAdd")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = ParameterShapes.ThreeDoubles,
        RandomPrograms = RandomProgramUse.Drawn,
        Contributions = (x, seed) => [(0, Multiply(seed, x.B)), (1, Multiply(seed, x.A)), (2, seed)],
    };

    // The generic-math spellings on double only.

    public static readonly DerivativeRule LogP1 = new("LogP1")
    {
        DeclaredOn = DeclaringTypes.Double,
        RandomPrograms = RandomProgramUse.DrawnRarely,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Add(One, x.A)))],
    };

    public static readonly DerivativeRule Log2P1 = new("Log2P1")
    {
        DeclaredOn = DeclaringTypes.Double,
        RandomPrograms = RandomProgramUse.DrawnRarely,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Multiply(Add(One, x.A), Real(Math.Log(2.0)))))],
    };

    public static readonly DerivativeRule Log10P1 = new("Log10P1")
    {
        DeclaredOn = DeclaringTypes.Double,
        RandomPrograms = RandomProgramUse.DrawnRarely,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Divide(seed, Multiply(Add(One, x.A), Real(Math.Log(10.0)))))],
    };

    public static readonly DerivativeRule ExpM1 = new("ExpM1")
    {
        DeclaredOn = DeclaringTypes.Double,
        RandomPrograms = RandomProgramUse.DrawnRarely,
        HasUnboundedPartial = true,

        // d/da (e^a - 1) = e^a = r + 1.
        Contributions = (x, seed) => [(0, Multiply(seed, Add(x.Result, One)))],
    };

    public static readonly DerivativeRule Exp2 = new("Exp2")
    {
        DeclaredOn = DeclaringTypes.Double,
        RandomPrograms = RandomProgramUse.DrawnRarely,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Multiply(seed, Multiply(Real(Math.Log(2.0)), x.Result)))],
    };

    public static readonly DerivativeRule Exp10 = new("Exp10")
    {
        DeclaredOn = DeclaringTypes.Double,
        RandomPrograms = RandomProgramUse.DrawnRarely,
        HasUnboundedPartial = true,
        Contributions = (x, seed) => [(0, Multiply(seed, Multiply(Real(Math.Log(10.0)), x.Result)))],
    };

    public static readonly DerivativeRule CopySign = new("CopySign")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = ParameterShapes.TwoDoubles,

        // |a| with b's sign: d/da = sign(a) sign(b) (taking +1 for +0 and -1 for -0, as CopySign does); d/db = 0
        // (piecewise constant in b).
        Contributions = (x, seed) => [(0, Multiply(seed, Multiply(Call(CopySign, One, x.A), Call(CopySign, One, x.B))))],
    };

    public static readonly DerivativeRule ScaleB = new("ScaleB")
    {
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = [ParameterShapes.DoubleAndInt],
        RandomPrograms = RandomProgramUse.DrawnRarely,

        // a 2^n with n an int: linear in a.
        Contributions = (x, seed) => [(0, Multiply(seed, Call(ScaleB, One, x.B)))],
    };

    public static readonly DerivativeRule GammaLn = new("GammaLn")
    {
        DeclaredOn = DeclaringTypes.MathNetSpecialFunctions,
        HasUnboundedPartial = true,

        // d/dx ln |Gamma(x)| = psi(x), the digamma function: the runtime's polygamma of order 0. Infinite at the poles.
        // Math.NET's GammaLn is NaN where Gamma(x) < 0 (x in (-1, 0), (-3, -2), ...), where psi is finite: adding
        // r - r (0, or NaN where r is) makes the derivative NaN there too, not a finite slope of a NaN value.
        Contributions = (x, seed) => [(0, Multiply(seed, Add(Call(Polygamma, new LiteralExpr(0, ValueKind.Integer), x.A), Subtract(x.Result, x.Result))))],
    };

    public static readonly DerivativeRule Polygamma = new("Polygamma")
    {
        DeclaredOn = DeclaringTypes.GammaFunctions,
        Shapes = [ParameterShapes.IntAndDouble],
        HasUnboundedPartial = true,

        // d/dx psi^(n)(x) = psi^(n+1)(x); the order is an int, never differentiated.
        Contributions = (x, seed) => [(1, Multiply(seed, Call(Polygamma, ExprFactory.Integer(BinaryOperator.Add, x.A, new LiteralExpr(1, ValueKind.Integer)), x.B)))],
    };

    public static readonly DerivativeRule IEEERemainder = new("IEEERemainder")
    {
        DeclaredOn = DeclaringTypes.Math,
        Shapes = ParameterShapes.TwoDoubles,
        HasUnboundedPartial = true,

        // r = a - b q with q = a / b rounded to the nearest integer (piecewise constant): d/da = 1, d/db = -q = (r - a) / b.
        Contributions = (x, seed) => [(0, seed), (1, Divide(Multiply(seed, Subtract(x.Result, x.A)), x.B))],
    };

    // Piecewise constant: derivative zero wherever it exists.

    public static readonly DerivativeRule Sign = new("Sign")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        IsPiecewiseConstant = true,
    };

    public static readonly DerivativeRule Floor = new("Floor")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        IsPiecewiseConstant = true,
    };

    public static readonly DerivativeRule Ceiling = new("Ceiling")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        IsPiecewiseConstant = true,
    };

    public static readonly DerivativeRule Round = new("Round")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        Shapes = [[ValueKind.Real], ParameterShapes.DoubleAndInt],
        RandomPrograms = RandomProgramUse.Drawn,
        IsPiecewiseConstant = true,
    };

    public static readonly DerivativeRule Truncate = new("Truncate")
    {
        IsInlined = true,
        DeclaredOn = DeclaringTypes.MathAndDouble,
        RandomPrograms = RandomProgramUse.Drawn,
        IsPiecewiseConstant = true,
    };

#pragma warning restore CS8604

    /// <summary>r = ln a / ln b: dr/da = 1 / (a ln b), dr/db = -r / (b ln b).</summary>
    private static IEnumerable<(int Argument, Expr Contribution)> LogarithmToBase(Operands x, Expr seed)
    {
        Expr logBase = Call(Log, x.B);
        yield return (0, Divide(seed, Multiply(x.A, logBase)));
        yield return (1, Negate(Divide(Multiply(seed, x.Result), Multiply(x.B, logBase))));
    }

    private static IEnumerable<(int Argument, Expr Contribution)> PowContributions(Operands x, Expr seed)
    {
        Expr a = x.A, b = x.B;

        // d/da a^b = b a^(b-1); with a literal exponent the rule is written out so x^2 costs one multiplication.
        Expr baseDerivative = b switch
        {
            // a^0 is the constant 1, also at a = 0 where b a^(b-1) would be 0 * infinity.
            LiteralExpr { Value: 0.0 } => Real(0.0),
            LiteralExpr { Value: 1.0 } => One,
            LiteralExpr { Value: 2.0 } => Multiply(Real(2.0), a),
            LiteralExpr { Value: var k } => Multiply(Real(k), Call(Pow, a, Real(k - 1.0))),
            _ => Choose(Compare(BinaryOperator.Equal, b, Real(0.0)), Real(0.0), Multiply(b, Call(Pow, a, Subtract(b, One)))),
        };
        yield return (0, Multiply(seed, baseDerivative));

        // d/db a^b = a^b ln a, defined for a > 0 only; elsewhere the documented choice is 0.
        yield return (1, Choose(
            Compare(BinaryOperator.Greater, a, Real(0.0)),
            Multiply(Multiply(seed, x.Result), Call(Log, a)),
            Real(0.0)));
    }
}
