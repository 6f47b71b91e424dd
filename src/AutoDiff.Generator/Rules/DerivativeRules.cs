using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Rules;

/// <summary>
/// The table of derivative rules: every record of <see cref="MathRules"/> and <see cref="OperatorRules"/>, and the
/// look-ups the parser (a method by name) and both modes (the rule of an operation) make in it.
/// </summary>
internal static class DerivativeRules
{
    /// <summary>Every rule, operators first, each in declaration order.</summary>
    public static readonly IReadOnlyList<DerivativeRule> All = RulesOf(typeof(OperatorRules)).Concat(RulesOf(typeof(MathRules))).ToArray();

    /// <summary>The math functions.</summary>
    public static readonly IReadOnlyList<DerivativeRule> Functions = All.Where(rule => rule.DeclaredOn != DeclaringTypes.None).ToArray();

    private static readonly Dictionary<string, DerivativeRule> ByName = Functions.ToDictionary(rule => rule.Name, StringComparer.Ordinal);

    private static readonly Dictionary<BinaryOperator, DerivativeRule> ByBinaryOperator =
        All.Where(rule => rule.BinaryOperator is not null).ToDictionary(rule => rule.BinaryOperator!.Value);

    private static readonly Dictionary<UnaryOperator, DerivativeRule> ByUnaryOperator =
        All.Where(rule => rule.UnaryOperator is not null).ToDictionary(rule => rule.UnaryOperator!.Value);

    /// <summary>The rule of the static method <paramref name="name"/> of <paramref name="declaringType"/>, if it has one.</summary>
    public static DerivativeRule? Function(string name, DeclaringTypes declaringType) =>
        ByName.TryGetValue(name, out var rule) && (rule.DeclaredOn & declaringType) != 0 ? rule : null;

    /// <summary>
    /// The rule of a differentiable operation (a math call, <c>+ - * / %</c>, unary <c>-</c>) and its arguments in
    /// the order the rule numbers them; null for anything else (comparisons, atoms, calls of other methods).
    /// </summary>
    public static (DerivativeRule Rule, IReadOnlyList<Expr> Arguments)? Of(Expr operation) => operation switch
    {
        MathCallExpr call => (call.Function, call.Arguments.Items),
        BinaryExpr binary when ByBinaryOperator.TryGetValue(binary.Operator, out var rule) => (rule, new[] { binary.Left, binary.Right }),
        UnaryExpr unary when ByUnaryOperator.TryGetValue(unary.Operator, out var rule) => (rule, new[] { unary.Operand }),
        _ => null,
    };

    private static IEnumerable<DerivativeRule> RulesOf(Type table) =>
        table.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DerivativeRule))
            .OrderBy(field => field.MetadataToken)
            .Select(field => (DerivativeRule)field.GetValue(null)!);
}
