using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Rules;

/// <summary>
/// How one differentiable operation is written and differentiated: a method of <c>System.Math</c> or <c>double</c>
/// (<see cref="DeclaredOn"/>, <see cref="Shapes"/>) or an operator (<see cref="BinaryOperator"/>,
/// <see cref="UnaryOperator"/>), with its reverse-mode <see cref="Contributions"/> and, when the default does not do,
/// an explicit forward-mode <see cref="Tangent"/>. Every instance is a static singleton of <see cref="DerivativeRules"/>.
/// </summary>
/// <remarks>
/// <see cref="MathCallExpr"/> holds the rule itself, so the model compares rules by reference: each rule exists once per
/// process, which is all incremental caching needs (the default <see cref="object.Equals(object)"/> is deliberate).
/// </remarks>
internal sealed class DerivativeRule
{
    public DerivativeRule(string name) => Name = name;

    /// <summary>The method's name as C# spells it (<c>Sin</c>, <c>LogP1</c>), or the operator's symbol.</summary>
    public string Name { get; }

    /// <summary>The types whose static method of this <see cref="Name"/> the parser accepts; none for an operator.</summary>
    public DeclaringTypes DeclaredOn { get; init; }

    /// <summary>
    /// The parameter lists the rule differentiates (for a call returning <c>double</c>), each a list of
    /// <see cref="ValueKind.Real"/> (differentiated) and <see cref="ValueKind.Integer"/> (an int argument, never
    /// differentiated, such as <c>ScaleB</c>'s exponent or <c>Round</c>'s digits). One double when not set.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ValueKind>> Shapes { get; init; } = ParameterShapes.OneDouble;

    /// <summary>The operator this rule is, for <c>+ - * / %</c>.</summary>
    public BinaryOperator? BinaryOperator { get; init; }

    /// <summary>The operator this rule is, for unary <c>-</c>.</summary>
    public UnaryOperator? UnaryOperator { get; init; }

    /// <summary>The derivative is zero wherever it exists (Floor, Sign): no contributions, and the result is not varied.</summary>
    public bool IsPiecewiseConstant { get; init; }

    /// <summary>
    /// The JIT compiles the call to a few instructions (Sqrt, Abs, Max): in a loop the reverse sweep recomputes such a
    /// value from stable data rather than saving it. Any other call (Exp, Sin, Pow: a library routine of tens of cycles)
    /// costs more than a save and a restore, so its value is saved like any overwritten one (see
    /// <c>ProgramFacts.Recomputable</c>). Operators are cheap and have no such flag.
    /// </summary>
    public bool IsInlined { get; init; }

    /// <summary>
    /// Some partial derivative is infinite or NaN at a finite argument (Sqrt and Log at 0, Asin at 1, Atan2 at the
    /// origin, a quotient at a zero divisor) or overflows before the function does (Exp, Cosh). Its contributions are
    /// then guarded (<see cref="GuardedExpr"/>) by their seed: a zero adjoint or tangent contributes zero, not
    /// 0 * infinity = NaN. <see cref="GuardsOnly"/> narrows which.
    /// </summary>
    public bool HasUnboundedPartial { get; init; }

    /// <summary>
    /// With <see cref="HasUnboundedPartial"/>: which contributions (arguments, argument index) the guard wraps, when
    /// not all of them (<c>%</c> guards only its divisor's; Pow none for a literal integer exponent). Null: all.
    /// </summary>
    public Func<IReadOnlyList<Expr>, int, bool>? GuardsOnly { get; init; }

    /// <summary>
    /// The rule itself: for <c>r = f(a, b, ...)</c> whose adjoint is <c>seed</c>, what each argument's adjoint receives,
    /// as (argument index, contribution) pairs, linear in the seed; none for a piecewise-constant function. Arguments
    /// and result are atoms, so a rule may read them as often as it likes.
    /// </summary>
    public ContributionRule Contributions { get; init; } = (_, _) => Array.Empty<(int, Expr)>();

    /// <summary>
    /// An explicit forward-mode rule, when the default (each argument's contribution with that argument's tangent as
    /// its seed, summed) would print differently; null for the default. An argument's tangent is null where it is
    /// zero, and the rule returns null for a zero tangent.
    /// </summary>
    public TangentRule? Tangent { get; init; }

    /// <summary>How the random-program tests use this function (a test reads it, the generator does not).</summary>
    public RandomProgramUse RandomPrograms { get; init; }

    /// <summary>Whether a call with these parameter kinds is one the rule differentiates.</summary>
    public bool Accepts(IReadOnlyList<ValueKind?> parameterKinds) =>
        Shapes.Any(shape => shape.Count == parameterKinds.Count && shape.Select(k => (ValueKind?)k).SequenceEqual(parameterKinds));

    /// <summary>The type a generated call is spelled on: <c>Math</c> where it has the method, else <c>double</c>, or the one type that declares it.</summary>
    public string EmittedType => DeclaredOn switch
    {
        DeclaringTypes.GammaFunctions => "global::AutoDiff.GammaFunctions",
        DeclaringTypes.MathNetSpecialFunctions => "global::MathNet.Numerics.SpecialFunctions",
        _ => (DeclaredOn & DeclaringTypes.Math) != 0 ? "global::System.Math" : "global::System.Double",
    };

    /// <summary>
    /// The reverse-mode contributions (see <see cref="Contributions"/>), guarded where <see cref="HasUnboundedPartial"/>
    /// says, so a zero seed (the adjoint of a value a branch did not use, or a zero tangent) contributes zero even
    /// where the partial is infinite.
    /// </summary>
    public IEnumerable<(int Argument, Expr Contribution)> ContributionsOf(IReadOnlyList<Expr> arguments, Expr result, Expr seed)
    {
        var contributions = Contributions(new Operands(arguments, result), seed);
        return HasUnboundedPartial
            ? contributions.Select(c => (c.Argument, IsGuarded(arguments, c.Argument) ? ExprFactory.Guard(seed, c.Contribution) : c.Contribution))
            : contributions;
    }

    /// <summary>
    /// The forward-mode tangent given each argument's tangent (null where zero), or null when it is zero: the explicit
    /// <see cref="Tangent"/>, or else each argument's contribution with its tangent as the seed (rules are linear in
    /// the seed, and guarded ones then give zero for a zero tangent even where the partial is infinite), summed.
    /// </summary>
    public Expr? TangentOf(IReadOnlyList<Expr> arguments, Expr result, IReadOnlyList<Expr?> tangents)
    {
        if (Tangent is not null)
        {
            return Tangent(new Operands(arguments, result), tangents);
        }

        return ExprFactory.Sum(tangents.Select((tangent, i) => tangent is null
            ? null
            : ContributionsOf(arguments, result, tangent).Where(c => c.Argument == i).Select(c => c.Contribution).FirstOrDefault()).ToArray());
    }

    private bool IsGuarded(IReadOnlyList<Expr> arguments, int argument) => GuardsOnly is null || GuardsOnly(arguments, argument);

    public override string ToString() => Name;
}

/// <summary>What a rule reads: the arguments (atoms) and the result (the assigned variable, or a copy of it).</summary>
internal readonly struct Operands(IReadOnlyList<Expr> arguments, Expr result)
{
    public IReadOnlyList<Expr> Arguments { get; } = arguments;

    public Expr Result { get; } = result;

    /// <summary>The first argument.</summary>
    public Expr A => Arguments[0];

    /// <summary>The second argument.</summary>
    public Expr B => Arguments[1];

    /// <summary>The third argument.</summary>
    public Expr C => Arguments[2];
}

/// <summary>(argument index, contribution) pairs for the adjoint <paramref name="seed"/>; see <see cref="DerivativeRule.Contributions"/>.</summary>
internal delegate IEnumerable<(int Argument, Expr Contribution)> ContributionRule(Operands operands, Expr seed);

/// <summary>The tangent of the result given the arguments' tangents (null where zero); null when it is zero.</summary>
internal delegate Expr? TangentRule(Operands operands, IReadOnlyList<Expr?> tangents);

/// <summary>The types that declare a math method, as the parser sees the call.</summary>
[Flags]
internal enum DeclaringTypes
{
    /// <summary>An operator.</summary>
    None = 0,

    /// <summary><c>System.Math</c>.</summary>
    Math = 1,

    /// <summary><c>double</c> (<c>System.Double</c>, the generic-math spellings).</summary>
    Double = 2,

    /// <summary>Both: most functions (<c>Math.Sin</c> and <c>double.Sin</c>).</summary>
    MathAndDouble = Math | Double,

    /// <summary><c>AutoDiff.GammaFunctions</c>, the runtime's polygamma function.</summary>
    GammaFunctions = 4,

    /// <summary><c>MathNet.Numerics.SpecialFunctions</c> (the log-gamma function), which the runtime references.</summary>
    MathNetSpecialFunctions = 8,
}

/// <summary>How the random-program tests treat a function (tests/AutoDiff.Generator.Tests/RandomPrograms).</summary>
internal enum RandomProgramUse
{
    /// <summary>The random programs never call it (an operator, or a function only the dedicated tests cover).</summary>
    NotDrawn,

    /// <summary>Drawn often enough that the test requires a minimum number of programs to call it.</summary>
    Drawn,

    /// <summary>Drawn less often: how many programs call it is printed, not required.</summary>
    DrawnRarely,
}

/// <summary>The parameter lists of <see cref="DerivativeRule.Shapes"/> that recur.</summary>
internal static class ParameterShapes
{
    /// <summary><c>f(double)</c>.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<ValueKind>> OneDouble = [[ValueKind.Real]];

    /// <summary><c>f(double, double)</c>.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<ValueKind>> TwoDoubles = [[ValueKind.Real, ValueKind.Real]];

    /// <summary><c>f(double, double, double)</c>.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<ValueKind>> ThreeDoubles = [[ValueKind.Real, ValueKind.Real, ValueKind.Real]];

    /// <summary><c>f(double, int)</c>.</summary>
    public static readonly IReadOnlyList<ValueKind> DoubleAndInt = [ValueKind.Real, ValueKind.Integer];

    /// <summary><c>f(int, double)</c>.</summary>
    public static readonly IReadOnlyList<ValueKind> IntAndDouble = [ValueKind.Integer, ValueKind.Real];
}
