namespace AutoDiff.Generator.IR;

/// <summary>
/// The functions of <c>System.Math</c> (and the same names on <c>double</c>) whose derivatives the generator knows.
/// The name of each member is the name of the method it stands for.
/// </summary>
internal enum MathFunction
{
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Exp,
    Log,
    Log10,
    Log2,
    Sqrt,
    Cbrt,
    Pow,
    Abs,
    Max,
    Min,
    Clamp,
    Hypot,
    FusedMultiplyAdd,

    // On double only (the INumber generic math spellings).
    LogP1,
    Log2P1,
    Log10P1,
    ExpM1,
    Exp2,
    Exp10,

    CopySign,
    ScaleB,
    IEEERemainder,

    // Piecewise constant: derivative zero wherever it exists.
    Sign,
    Floor,
    Ceiling,
    Round,
    Truncate,
}

internal static class MathFunctionFacts
{
    /// <summary>True for the functions whose derivative is zero wherever it exists.</summary>
    public static bool IsPiecewiseConstant(MathFunction function) =>
        function is MathFunction.Sign or MathFunction.Floor or MathFunction.Ceiling or MathFunction.Round
            or MathFunction.Truncate;

    /// <summary>
    /// True for the functions with a partial derivative that is infinite or NaN at some finite argument (Sqrt and Log
    /// at 0, Asin at 1, Atan2 at the origin) or that overflows before the function itself does (Exp, Cosh). Their
    /// derivative contributions are guarded (<see cref="GuardedExpr"/>): a zero adjoint or tangent contributes zero.
    /// </summary>
    public static bool HasUnboundedPartial(MathFunction function) =>
        function is MathFunction.Asin or MathFunction.Acos or MathFunction.Atan2 or MathFunction.Sinh or MathFunction.Cosh
            or MathFunction.Acosh or MathFunction.Atanh or MathFunction.Exp or MathFunction.Log or MathFunction.Log10
            or MathFunction.Log2 or MathFunction.Sqrt or MathFunction.Cbrt or MathFunction.Pow or MathFunction.LogP1
            or MathFunction.Log2P1 or MathFunction.Log10P1 or MathFunction.ExpM1 or MathFunction.Exp2 or MathFunction.Exp10
            or MathFunction.IEEERemainder;

    /// <summary>The type that declares the method: <c>Hypot</c> and the <c>...P1</c>, <c>ExpM1</c>, <c>Exp2</c>, <c>Exp10</c> family live on <c>double</c> only.</summary>
    public static string DeclaringType(MathFunction function) =>
        function is MathFunction.Hypot or MathFunction.LogP1 or MathFunction.Log2P1 or MathFunction.Log10P1 or MathFunction.ExpM1
            or MathFunction.Exp2 or MathFunction.Exp10
            ? "global::System.Double"
            : "global::System.Math";
}
