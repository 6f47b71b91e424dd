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

    /// <summary>The type that declares the method: <c>Hypot</c> lives on <c>double</c> only.</summary>
    public static string DeclaringType(MathFunction function) =>
        function == MathFunction.Hypot ? "global::System.Double" : "global::System.Math";
}
