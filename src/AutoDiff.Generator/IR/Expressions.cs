using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.IR;

/// <summary>An expression of the intermediate representation. Records compare by value so models cache.</summary>
internal abstract record Expr
{
    public abstract ValueKind Kind { get; }
}

/// <summary>A numeric or boolean literal; integers and booleans are held exactly in the double.</summary>
internal sealed record LiteralExpr(double Value, ValueKind LiteralKind) : Expr
{
    public override ValueKind Kind => LiteralKind;

    public static LiteralExpr Real(double value) => new(value, ValueKind.Real);
}

/// <summary>A local or a parameter, by its (already unique) name in the generated code.</summary>
internal sealed record VariableExpr(string Name, ValueKind VariableKind) : Expr
{
    public override ValueKind Kind => VariableKind;
}

/// <summary><c>array[index]</c> on a span or array of doubles.</summary>
internal sealed record ElementExpr(Expr Array, Expr Index) : Expr
{
    public override ValueKind Kind => ValueKind.Real;
}

/// <summary><c>array.Length</c>.</summary>
internal sealed record LengthExpr(Expr Array) : Expr
{
    public override ValueKind Kind => ValueKind.Integer;
}

/// <summary>
/// An element of constant data, read as it is and never differentiated: <c>data[i]</c> of an array or span whose
/// elements are not differentiated doubles (a row of a <c>double[][]</c>, a struct of an <c>Observation[]</c>, an
/// element of an <c>int[]</c> or <c>float[]</c>), or <c>a[i, j]</c> of a <c>double[,]</c> parameter.
/// <paramref name="ElementKind"/> is the element's kind (<see cref="ValueKind.Object"/> for a struct or a <c>float</c>).
/// </summary>
/// <remarks>
/// Only data the method cannot write reaches here (parameters and fields), so the value depends on nothing the method
/// computes except its indices.
/// </remarks>
internal sealed record DataElementExpr(Expr Data, EquatableArray<Expr> Indices, ValueKind ElementKind) : Expr
{
    public override ValueKind Kind => ElementKind;
}

/// <summary><c>array.GetLength(dimension)</c> of a multi-dimensional array of constant data.</summary>
internal sealed record DimensionLengthExpr(Expr Array, Expr Dimension) : Expr
{
    public override ValueKind Kind => ValueKind.Integer;
}

/// <summary>
/// A read of a field or property treated as a constant: static when <see cref="Receiver"/> is null
/// (emitted through <see cref="QualifiedTypeName"/>), otherwise on the receiver.
/// </summary>
internal sealed record MemberExpr(Expr? Receiver, string QualifiedTypeName, string MemberName, ValueKind MemberKind) : Expr
{
    public override ValueKind Kind => MemberKind;
}

/// <summary><c>this</c>, as the receiver of an instance member read.</summary>
internal sealed record ThisExpr : Expr
{
    public override ValueKind Kind => ValueKind.Object;
}

internal enum UnaryOperator
{
    Negate,
    Not,
}

internal sealed record UnaryExpr(UnaryOperator Operator, Expr Operand, ValueKind ResultKind) : Expr
{
    public override ValueKind Kind => ResultKind;
}

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

internal sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, ValueKind ResultKind) : Expr
{
    public override ValueKind Kind => ResultKind;
}

/// <summary>
/// A call of a function the generator knows the derivative of: <paramref name="Function"/> is its record in
/// <see cref="DerivativeRules"/>, a singleton, so calls compare by value.
/// </summary>
internal sealed record MathCallExpr(DerivativeRule Function, EquatableArray<Expr> Arguments, ValueKind ResultKind) : Expr
{
    public override ValueKind Kind => ResultKind;
}

/// <summary>
/// A numeric conversion, printed as the cast to <paramref name="TargetKind"/>'s C# type: an integer to <c>double</c>,
/// <c>double</c> to an integer (truncation), or between integer types; <paramref name="Checked"/> makes it throw
/// <c>OverflowException</c> when the value does not fit (a 64-bit or unsigned array index as the <c>int</c> a span takes).
/// </summary>
internal sealed record ConvertExpr(Expr Operand, ValueKind TargetKind, bool Checked = false) : Expr
{
    public override ValueKind Kind => TargetKind;
}

/// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
internal sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, ValueKind ResultKind) : Expr
{
    public override ValueKind Kind => ResultKind;
}

/// <summary>
/// <c>Value</c>, except that it is exactly zero when every one of <paramref name="Factors"/> is zero, even where
/// <c>Value</c> would be infinite or NaN. A derivative contribution <c>seed * partial</c> whose partial can be unbounded
/// at a finite argument (Sqrt at 0, Log at 0, a division by 0) is built this way, with its seed as the factor: a
/// branch not taken gives its operations a zero adjoint, and they must then contribute zero, not 0 * infinity = NaN.
/// </summary>
/// <remarks>
/// <c>Value</c> must be linear in the factors (zero when they are zero, wherever it is finite), so that the guard
/// only ever changes a NaN or infinite result. Forward mode keeps the guard with the factors' tangents added to it.
/// </remarks>
internal sealed record GuardedExpr(EquatableArray<Expr> Factors, Expr Value) : Expr
{
    public override ValueKind Kind => ValueKind.Real;
}

/// <summary>
/// A call of another differentiable method: a <c>[Differentiable]</c> one, whose generated pullback the reverse
/// sweep calls, or one that has a <c>[CustomDerivative]</c> pullback. <paramref name="Differentiable"/> says, per
/// argument, whether the callee differentiates that parameter (and so whether its pullback takes an adjoint for it).
/// </summary>
/// <remarks>
/// <paramref name="DirectionalDerivative"/> and <paramref name="PullbackTangent"/> name the callee's forward-mode rules
/// (generated, or given with <c>[CustomDerivative(Tangent = ..., PullbackTangent = ...)]</c>); null when it has none.
/// </remarks>
internal sealed record DifferentiableCallExpr(
    string Callee,
    string Pullback,
    EquatableArray<Expr> Arguments,
    EquatableArray<bool> Differentiable,
    string? DirectionalDerivative,
    string? PullbackTangent) : Expr
{
    public override ValueKind Kind => ValueKind.Real;
}

/// <summary>
/// A call of a pullback in the reverse sweep: <c>Pullback(arguments..., seed, adjoints...)</c>, where each adjoint
/// is passed by <c>ref</c> (a scalar) or as a span.
/// </summary>
internal sealed record PullbackCallExpr(
    string Pullback,
    EquatableArray<Expr> Arguments,
    EquatableArray<bool> Differentiable,
    Expr Seed,
    EquatableArray<AdjointArgument> Adjoints,
    string? PullbackTangent = null) : Expr
{
    public override ValueKind Kind => ValueKind.Real;
}

/// <summary>An adjoint passed to a pullback: <c>ref target</c> for a scalar, the span itself for a vector.</summary>
internal sealed record AdjointArgument(Expr Target, bool ByRef);

/// <summary>A zeroed span of <paramref name="Length"/> doubles borrowed from the tape for the rest of the call.</summary>
internal sealed record TapeSpanExpr(string Tape, Expr Length) : Expr
{
    public override ValueKind Kind => ValueKind.RealArray;
}

/// <summary>
/// A call the generated code makes by name, with argument modifiers: how the tangent sweep calls the directional
/// derivatives and pullback tangents of the methods the differentiated method calls, and how generated members call
/// runtime helpers (the dense Hessian, the lanes of a vector loop). Unlike <see cref="DifferentiableCallExpr"/>, nothing
/// differentiates it.
/// </summary>
internal sealed record EmittedCallExpr(string Method, EquatableArray<CallArgument> Arguments, ValueKind ResultKind = ValueKind.Real) : Expr
{
    public override ValueKind Kind => ResultKind;
}

/// <summary>An argument of a <see cref="EmittedCallExpr"/>; <paramref name="Modifier"/> is empty, <c>ref</c> or <c>out</c>.</summary>
internal sealed record CallArgument(Expr Value, string Modifier = "");

/// <summary>
/// <c>Array.Slice(Start, Length)</c>, or <c>Array.Slice(Start)</c> to the end when <paramref name="Length"/> is null:
/// elements of a parameter, local array or field passed as a callee's <c>ReadOnlySpan&lt;double&gt;</c> argument
/// (<c>x.Slice(i, n)</c>, <c>x[i..j]</c>, <c>a.AsSpan(k)</c>). Its adjoint is the same slice of the array's adjoint,
/// and its tangent the same slice of the array's tangent; a pullback only adds into its adjoint arguments, so
/// overlapping slices of one adjoint (<c>G(x[0..3]) + G(x[1..4])</c>) each receive their own contribution.
/// </summary>
/// <param name="Writable">Printed as a <c>Span&lt;double&gt;</c> (an adjoint or its tangent, which the callee adds into); otherwise as a <c>ReadOnlySpan&lt;double&gt;</c>.</param>
internal sealed record SliceExpr(Expr Array, Expr Start, Expr? Length, bool Writable = false) : Expr
{
    public override ValueKind Kind => ValueKind.RealArray;
}

/// <summary>
/// A call of a method the generator does not look into and never differentiates (an integer helper, <c>targets.Sum()</c>
/// over constant data, a LINQ call with a lambda): printed as written, <paramref name="Method"/> being its qualified
/// name with any type arguments. The parser only builds one whose arguments do not depend on a differentiable input
/// (or, for an <c>int</c> or <c>bool</c> result, a piecewise-constant function of them), and assigns it to a local of
/// its own right where C# evaluates it, so it runs exactly as often as in the original and no pass moves or repeats it.
/// </summary>
internal sealed record OpaqueCallExpr(string Method, EquatableArray<Expr> Arguments, ValueKind ResultKind) : Expr
{
    public override ValueKind Kind => ResultKind;
}

/// <summary>
/// A lambda passed to an <see cref="OpaqueCallExpr"/> (<c>t =&gt; Math.Pow(t - mean, 2)</c>): <paramref name="Parameters"/>
/// are names of its own, no local shares them, and its body is printed as written.
/// </summary>
internal sealed record LambdaExpr(EquatableArray<string> Parameters, Expr Body) : Expr
{
    public override ValueKind Kind => ValueKind.Object;
}
