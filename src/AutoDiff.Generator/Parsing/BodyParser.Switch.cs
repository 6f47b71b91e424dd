using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// switch statements and switch expressions, lowered to if-chains on a value evaluated once; patterns become conditions.
internal sealed partial class BodyParser
{
    // The exits of the switch statements being parsed: a 'break' to one of them is only allowed last in a section.
    private readonly HashSet<ILabelSymbol> _switchExits = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// <c>switch (v) { case ...: body; break; ... default: ... }</c> becomes <c>if (matches1) body1 else if ... else
    /// default</c>: C# takes the first section whose pattern (and guard) matches, and the default section, wherever it
    /// stands, only when none does. Each section ends its own branch, so its closing <c>break</c> is dropped.
    /// </summary>
    private void ParseSwitch(ISwitchOperation switchOperation, List<Statement> output)
    {
        var guards = switchOperation.Cases.SelectMany(c => c.Clauses).OfType<IPatternCaseClauseOperation>().Select(c => c.Guard);
        if (SwitchValue(switchOperation.Value, guards, output) is not { } value)
        {
            return;
        }

        var sections = switchOperation.Cases.Where(c => !c.Clauses.Any(clause => clause is IDefaultCaseClauseOperation)).ToList();
        var defaultSection = switchOperation.Cases.FirstOrDefault(c => c.Clauses.Any(clause => clause is IDefaultCaseClauseOperation));
        _switchExits.Add(switchOperation.ExitLabel);
        try
        {
            BuildSection(0, output);
        }
        finally
        {
            _switchExits.Remove(switchOperation.ExitLabel);
        }

        void BuildSection(int index, List<Statement> into)
        {
            if (index == sections.Count)
            {
                if (defaultSection is not null)
                {
                    ParseSection(defaultSection, switchOperation.ExitLabel, into);
                }

                return;
            }

            // The chain's later tests are in the else branch of the earlier ones, and so are the statements they hoist.
            var section = sections[index];
            var condition = WithHoistTarget(into, () => SectionCondition(section, value));
            var then = new List<Statement>();
            ParseSection(section, switchOperation.ExitLabel, then);
            var otherwise = new List<Statement>();
            BuildSection(index + 1, otherwise);
            if (condition is not null)
            {
                into.Add(new IfStatement(condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
            }
        }
    }

    /// <summary>The section's body without the <c>break</c> that ends it.</summary>
    private void ParseSection(ISwitchCaseOperation section, ILabelSymbol exit, List<Statement> output)
    {
        var body = section.Body.ToList();
        if (body.Count == 1 && body[0] is IBlockOperation block)
        {
            body = block.Operations.ToList();
        }

        if (body.Count > 0 && body[body.Count - 1] is IBranchOperation { BranchKind: BranchKind.Break } last
            && SymbolEqualityComparer.Default.Equals(last.Target, exit))
        {
            body.RemoveAt(body.Count - 1);
        }

        foreach (var statement in body)
        {
            ParseStatement(statement, output);
        }
    }

    /// <summary>Whether any clause of a section matches (each one's guard only evaluated when its pattern matches).</summary>
    private Expr? SectionCondition(ISwitchCaseOperation section, Expr value)
    {
        Expr? condition = null;
        foreach (var clause in section.Clauses)
        {
            var clauseCondition = clause switch
            {
                ISingleValueCaseClauseOperation single => ParseExpression(single.Value) is { } constant ? ConstantMatch(value, constant) : null,
                IPatternCaseClauseOperation { Guard: null } pattern => PatternCondition(pattern.Pattern, value),
                IPatternCaseClauseOperation { Guard: { } guard } pattern => PatternCondition(pattern.Pattern, value) is { } matches
                    ? ShortCircuit(matches, BinaryOperator.And, guard)
                    : null,
                _ => Unsupported(DiagnosticDescriptors.UnsupportedStatement, clause, "this case label", "use constants, relational patterns or 'default'"),
            };
            if (clauseCondition is null)
            {
                return null;
            }

            condition = condition is null ? clauseCondition : ShortCircuitExpr(condition, BinaryOperator.Or, clauseCondition);
        }

        return condition;
    }

    /// <summary>
    /// <c>v switch { pattern when guard =&gt; value, ..., _ =&gt; value }</c> in a value position: a local assigned in an
    /// if-chain placed before the current statement, and read where the expression stood.
    /// </summary>
    private Expr? LowerSwitchExpression(ISwitchExpressionOperation switchExpression)
    {
        if (ClassifyValue(switchExpression.Type) is not { } kind || !kind.IsScalar())
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, switchExpression, "this switch expression", "it must produce a double, int or bool");
        }

        if (switchExpression.Arms.FirstOrDefault(arm => arm.Value.DescendantsAndSelf().Any(o => o is IThrowOperation)) is { } throwing)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                throwing,
                "'switch' expression arm that throws",
                "give the arm a value (for example '_ => 0')");
        }

        if (!switchExpression.IsExhaustive)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                switchExpression,
                "'switch' expression that does not cover every value",
                "add a discard arm ('_ => value')");
        }

        if (_hoistTarget is not { } output)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                switchExpression,
                "'switch' expression here",
                "compute it into a local in a statement before this one");
        }

        if (SwitchValue(switchExpression.Value, switchExpression.Arms.Select(a => a.Guard), output) is not { } value)
        {
            return null;
        }

        string result = SyntheticLocal("switchValue", kind);
        bool failed = false;
        BuildArm(0, output);
        return failed ? null : new VariableExpr(result, kind);

        void BuildArm(int index, List<Statement> into)
        {
            var arm = switchExpression.Arms[index];
            bool last = index == switchExpression.Arms.Length - 1;

            // The switch is exhaustive, so when every earlier arm failed the last one matches.
            var condition = WithHoistTarget(into, () => PatternCondition(arm.Pattern, value));
            if (condition is not null && arm.Guard is { } guard && !last)
            {
                condition = WithHoistTarget(into, () => ShortCircuit(condition, BinaryOperator.And, guard));
            }

            var then = new List<Statement>();
            if (WithHoistTarget(then, () => ParseExpression(arm.Value)) is { } armValue)
            {
                then.Add(new AssignStatement(result, kind, ConvertedTo(armValue, switchExpression.Type), Declare: false));
            }
            else
            {
                failed = true;
            }

            if (condition is null)
            {
                failed = true;
                return;
            }

            if (last)
            {
                into.AddRange(then);
                return;
            }

            var otherwise = new List<Statement>();
            BuildArm(index + 1, otherwise);
            into.Add(new IfStatement(condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
        }
    }

    /// <summary>
    /// The value switched on, evaluated once: a variable is tested where it is, anything else (or a variable a guard
    /// might assign) goes into a local first. A constant too: tests of a constant would be dead code in the generated
    /// method (warning CS0162) where the compiler folds the user's switch without one.
    /// </summary>
    private Expr? SwitchValue(IOperation operation, IEnumerable<IOperation?> guards, List<Statement> output)
    {
        var value = WithHoistTarget(output, () => ParseExpression(operation));
        if (value is null)
        {
            return null;
        }

        if (!value.Kind.IsScalar())
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "this switch", "switch on a double, int, bool or enum value");
        }

        if (value is VariableExpr && !guards.Any(g => g is not null && HasSideEffects(g)))
        {
            return value;
        }

        string local = SyntheticLocal("switchOn", value.Kind);
        output.Add(new AssignStatement(local, value.Kind, value, Declare: false));
        return new VariableExpr(local, value.Kind);
    }

    /// <summary>The condition under which <paramref name="pattern"/> matches <paramref name="value"/>.</summary>
    private Expr? PatternCondition(IPatternOperation pattern, Expr value)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                return ParseExpression(constant.Value) is { } c ? ConstantMatch(value, c) : null;

            case IRelationalPatternOperation relational when BinaryOperatorOf(relational.OperatorKind) is { } op:
                return ParseExpression(relational.Value) is { } bound ? new BinaryExpr(op, value, bound, ValueKind.Boolean) : null;

            case IBinaryPatternOperation binary:
            {
                var left = PatternCondition(binary.LeftPattern, value);
                var right = PatternCondition(binary.RightPattern, value);
                return left is null || right is null
                    ? null
                    : new BinaryExpr(binary.OperatorKind == BinaryOperatorKind.Or ? BinaryOperator.Or : BinaryOperator.And, left, right, ValueKind.Boolean);
            }

            case INegatedPatternOperation negated:
                return PatternCondition(negated.Pattern, value) is { } inner ? new UnaryExpr(UnaryOperator.Not, inner, ValueKind.Boolean) : null;

            case IDiscardPatternOperation:
                return True;

            case IDeclarationPatternOperation { DeclaredSymbol: null } when SameType(pattern):
                return True;

            case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } when SameType(pattern) && _hoistTarget is { } output:
                // 'var n' (or the value's own type): always matches, and names the value for the guard and the arm.
                string name = LocalName(local);
                output.Add(new AssignStatement(name, value.Kind, value, Declare: false));
                return True;

            case ITypePatternOperation when SameType(pattern):
                return True;

            default:
                return Unsupported(
                    DiagnosticDescriptors.UnsupportedExpression,
                    pattern,
                    "this pattern",
                    "use constants, relational patterns ('< 0'), 'and', 'or', 'not', 'var x' or '_'");
        }

        static bool SameType(IPatternOperation pattern) =>
            pattern.NarrowedType.IsValueType && SymbolEqualityComparer.Default.Equals(pattern.InputType, pattern.NarrowedType);
    }

    private static readonly LiteralExpr True = new(1, ValueKind.Boolean);

    /// <summary><c>value == constant</c>; a <c>double.NaN</c> constant matches NaN, as the pattern does.</summary>
    private static Expr ConstantMatch(Expr value, Expr constant) => constant switch
    {
        LiteralExpr { Value: var d } when double.IsNaN(d) => new BinaryExpr(BinaryOperator.NotEqual, value, value, ValueKind.Boolean),
        LiteralExpr { Kind: ValueKind.Boolean, Value: var b } => b != 0 ? value : new UnaryExpr(UnaryOperator.Not, value, ValueKind.Boolean),
        _ => new BinaryExpr(BinaryOperator.Equal, value, constant, ValueKind.Boolean),
    };

    /// <summary>
    /// <c>left &amp;&amp; right</c> (or <c>||</c>) with <paramref name="right"/> evaluated only when needed: an expression
    /// when it has no side effects, else a local assigned before the current statement, with the right operand's own
    /// statements inside the branch that evaluates it.
    /// </summary>
    private Expr? ShortCircuit(Expr left, BinaryOperator op, IOperation right)
    {
        if (!HasSideEffects(right) || _hoistTarget is not { } output)
        {
            var parsed = WithoutHoisting(() => ParseExpression(right));
            return parsed is null ? null : ShortCircuitExpr(left, op, parsed);
        }

        string local = SyntheticLocal("condition", ValueKind.Boolean);
        var result = new VariableExpr(local, ValueKind.Boolean);
        output.Add(new AssignStatement(local, ValueKind.Boolean, left, Declare: false));
        var evaluated = new List<Statement>();
        if (WithHoistTarget(evaluated, () => ParseCondition(right)) is not { } rightValue)
        {
            return null;
        }

        evaluated.Add(new AssignStatement(local, ValueKind.Boolean, rightValue, Declare: false));
        var when = op == BinaryOperator.And ? (Expr)result : new UnaryExpr(UnaryOperator.Not, result, ValueKind.Boolean);
        output.Add(new IfStatement(when, evaluated.ToEquatableArray(), EquatableArray<Statement>.Empty));
        return result;
    }

    private static Expr ShortCircuitExpr(Expr left, BinaryOperator op, Expr right) => left switch
    {
        LiteralExpr { Value: 1 } when op == BinaryOperator.And => right,
        _ => new BinaryExpr(op, left, right, ValueKind.Boolean),
    };
}
