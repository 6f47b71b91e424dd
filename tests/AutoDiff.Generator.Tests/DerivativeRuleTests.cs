using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Every record of the derivative-rule table (<see cref="DerivativeRules"/>) against the functions it describes: its
/// reverse contributions and its forward tangent against central finite differences of the function itself, its
/// guard against a zero seed at singular points, and its declaring types and shapes against the runtime's methods.
/// A wrong rule fails here directly, before any generated code runs.
/// </summary>
public sealed class DerivativeRuleTests
{
    /// <summary>Candidate values for double arguments; a point is kept where the function is finite and smooth.</summary>
    private static readonly double[] Values = [-2.4, -1.3, -0.6, -0.3, 0.35, 0.7, 1.3, 1.9, 2.4];

    /// <summary>Values for int arguments (ScaleB's exponent, Round's digits); never differentiated.</summary>
    private static readonly double[] IntegerValues = [0, 1, 3];

    private const int MinimumPoints = 3;
    private const double Tolerance = 1e-6;

    public static TheoryData<string> RuleNames() => new(DerivativeRules.All.Select(Key));

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Contributions_MatchCentralFiniteDifferences(string key)
    {
        var rule = Rule(key);
        foreach (var shape in rule.Shapes)
        {
            int checkedPoints = 0;
            foreach (var point in Points(shape))
            {
                var (smooth, failure) = CheckPoint(rule, shape, point, aliased: false);
                Assert.True(failure is null, failure);
                checkedPoints += smooth ? 1 : 0;
            }

            Assert.True(checkedPoints >= MinimumPoints, $"{key}({Describe(shape)}): only {checkedPoints} points where the function is finite and smooth; add values to {nameof(Values)}");
        }
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Contributions_WithOneArgumentInEveryPlace_MatchCentralFiniteDifferences(string key)
    {
        // f(u, u): what an operand's adjoint receives when it is more than one argument (u * u, Max(u, u)).
        var rule = Rule(key);
        foreach (var shape in rule.Shapes.Where(s => s.Count >= 2 && s.All(k => k == ValueKind.Real)))
        {
            foreach (double u in Values)
            {
                var (_, failure) = CheckPoint(rule, shape, shape.Select(_ => u).ToArray(), aliased: true);
                Assert.True(failure is null, failure);
            }
        }
    }

    [Fact]
    public void Pow_WithLiteralExponents_MatchesCentralFiniteDifferences()
    {
        // A literal exponent takes its own rule (x^2 is 2 x; x^0 is constant) and, when a positive integer, no guard.
        foreach (double exponent in new[] { 0.0, 1.0, 2.0, 3.0, 1.5, -2.0, 0.5 })
        {
            foreach (double a in Values.Where(v => v > 0 || exponent == Math.Floor(exponent)))
            {
                var arguments = new Expr[] { Variable(0), LiteralExpr.Real(exponent) };
                var environment = new Dictionary<string, double> { ["a0"] = a, ["seed"] = 1.0 };
                double f(double x) => Math.Pow(x, exponent);
                double result = f(a);
                environment["r"] = result;
                var contributions = MathRules.Pow.ContributionsOf(arguments, new VariableExpr("r", ValueKind.Real), new VariableExpr("seed", ValueKind.Real)).ToList();
                double partial = contributions.Where(c => c.Argument == 0).Sum(c => Evaluate(c.Contribution, environment));
                double expected = CentralDifference(f, a);
                Assert.True(Close(partial, expected), $"Pow({a}, {exponent}): d/da is {partial:R}, finite differences {expected:R}");
                bool guarded = contributions.Any(c => c.Contribution is GuardedExpr);
                Assert.Equal(exponent != Math.Floor(exponent) || exponent < 1, guarded);
            }
        }
    }

    /// <summary>Points where a partial derivative is infinite or NaN: a zero seed must still contribute exactly zero.</summary>
    public static TheoryData<string, double[]> SingularPoints() => new()
    {
        { "Sqrt", [0.0] }, { "Cbrt", [0.0] }, { "Log", [0.0] }, { "Log", [0.0, 2.0] }, { "Log", [2.0, 1.0] }, { "Log10", [0.0] },
        { "Log2", [0.0] }, { "Asin", [1.0] }, { "Acos", [-1.0] }, { "Acosh", [1.0] }, { "Atanh", [1.0] }, { "Atan2", [0.0, 0.0] },
        { "Pow", [0.0, 0.5] }, { "Pow", [-1.0, 0.5] }, { "LogP1", [-1.0] }, { "Log2P1", [-1.0] }, { "Log10P1", [-1.0] },
        { "Exp", [1000.0] }, { "ExpM1", [1000.0] }, { "Exp2", [2000.0] }, { "Exp10", [400.0] }, { "Sinh", [1000.0] }, { "Cosh", [1000.0] },
        { "IEEERemainder", [1.0, 0.0] }, { "binary /", [1.0, 0.0] }, { "binary %", [1.0, 0.0] },
        { "GammaLn", [0.0] }, { "Polygamma", [1.0, -1.0] },
    };

    [Theory]
    [MemberData(nameof(SingularPoints))]
    public void Contributions_WithAZeroSeed_AreZeroWhereThePartialIsUnbounded(string key, double[] point)
    {
        var rule = Rule(key);
        Assert.True(rule.HasUnboundedPartial, $"{key} has an unbounded partial at ({string.Join(", ", point)}) but no guard");
        var shape = rule.Shapes.First(s => s.Count == point.Length);
        var arguments = point.Select((_, i) => (Expr)new VariableExpr("a" + i, shape[i])).ToArray();
        var environment = point.Select((v, i) => ("a" + i, v)).ToDictionary(p => p.Item1, p => p.v);
        environment["r"] = Evaluate(Operation(rule, arguments), environment);
        environment["seed"] = 0.0;
        foreach (var (argument, contribution) in rule.ContributionsOf(arguments, new VariableExpr("r", ValueKind.Real), new VariableExpr("seed", ValueKind.Real)))
        {
            double value = Evaluate(contribution, environment);
            Assert.True(value == 0.0, $"{key}({string.Join(", ", point)}): argument {argument} receives {value} from a zero seed");
        }
    }

    [Fact]
    public void SingularPoints_CoverEveryGuardedRule()
    {
        var covered = SingularPoints().Select(row => (string)row[0]).ToHashSet();
        Assert.All(DerivativeRules.All.Where(r => r.HasUnboundedPartial), r => Assert.True(
            covered.Contains(Key(r)), $"{Key(r)} has an unbounded partial: add a point where it is infinite or NaN to {nameof(SingularPoints)}"));
    }

    [Fact]
    public void Functions_AreDeclaredOnTheTypesTheRecordsName_WithTheirShapes()
    {
        foreach (var rule in DerivativeRules.Functions)
        {
            foreach (var (type, flag) in new[] { (typeof(Math), DeclaringTypes.Math), (typeof(double), DeclaringTypes.Double) })
            {
                bool declared = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == rule.Name);
                Assert.True(declared == ((rule.DeclaredOn & flag) != 0), $"{rule.Name}: declared on {type.Name} is {declared}, the record says {rule.DeclaredOn}");
            }

            foreach (var shape in rule.Shapes)
            {
                Assert.True(Method(rule, shape) is not null, $"{rule.Name}({Describe(shape)}) is not a method of {rule.EmittedType}");
            }
        }
    }

    [Fact]
    public void Table_HasOneRecordPerNameAndOperator()
    {
        Assert.Equal(DerivativeRules.Functions.Count, DerivativeRules.Functions.Select(r => r.Name).Distinct().Count());
        foreach (var op in new[] { BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.Divide, BinaryOperator.Remainder })
        {
            Assert.Single(DerivativeRules.All, r => r.BinaryOperator == op);
        }

        Assert.Single(DerivativeRules.All, r => r.UnaryOperator == UnaryOperator.Negate);
        Assert.All(DerivativeRules.All, r => Assert.True(
            (r.DeclaredOn != DeclaringTypes.None ? 1 : 0) + (r.BinaryOperator is null ? 0 : 1) + (r.UnaryOperator is null ? 0 : 1) == 1,
            $"{Key(r)} must be a function or one operator"));
        Assert.All(DerivativeRules.All.Where(r => r.IsPiecewiseConstant), r => Assert.Empty(r.ContributionsOf([Variable(0)], Variable(1), Variable(2))));
    }

    /// <summary>
    /// Checks contributions and tangents at one point: whether it was checked (the function is finite and smooth there)
    /// and what failed, if anything.
    /// </summary>
    private static (bool Smooth, string? Failure) CheckPoint(DerivativeRule rule, IReadOnlyList<ValueKind> shape, double[] point, bool aliased)
    {
        // Arguments a0, a1, ... (or u in every place), result r, seed and tangents t0, t1, ... as variables.
        var arguments = shape.Select((kind, i) => (Expr)new VariableExpr(aliased ? "u" : "a" + i, kind)).ToArray();
        var environment = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < point.Length; i++)
        {
            environment[aliased ? "u" : "a" + i] = point[i];
        }

        // The partials finite differences see: one per double argument, or one for u.
        var operation = Operation(rule, arguments);
        var differentiated = aliased ? new[] { 0 } : Enumerable.Range(0, shape.Count).Where(i => shape[i] == ValueKind.Real).ToArray();
        var variables = differentiated.Select(i => aliased ? "u" : "a" + i).ToArray();
        if (!variables.All(name => SmoothAlong(operation, environment, name)))
        {
            return (false, null);
        }

        var expected = variables.Select(name => CentralDifference(x => Evaluate(operation, With(environment, name, x)), environment[name])).ToArray();
        var result = new VariableExpr("r", ValueKind.Real);
        environment["r"] = Evaluate(operation, environment);
        string where = $"{Key(rule)}({string.Join(", ", point.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}){(aliased ? " with one argument in every place" : "")}";

        // Reverse: with seed s, each argument's contributions add up to s times its partial (linear in the seed).
        foreach (double seed in new[] { 1.0, -2.5 })
        {
            environment["seed"] = seed;
            var contributions = rule.ContributionsOf(arguments, result, new VariableExpr("seed", ValueKind.Real)).ToList();
            if (contributions.FirstOrDefault(c => shape[c.Argument] != ValueKind.Real) is { Contribution: not null } toInteger)
            {
                return (true, $"{where}: the int argument {toInteger.Argument} receives a contribution");
            }

            for (int j = 0; j < differentiated.Length; j++)
            {
                double actual = contributions.Where(c => aliased || c.Argument == differentiated[j]).Sum(c => Evaluate(c.Contribution, environment));
                if (!Close(actual, seed * expected[j]))
                {
                    return (true, $"{where}: with seed {seed}, argument {differentiated[j]} receives {actual:R}; finite differences give {seed * expected[j]:R}");
                }
            }
        }

        // Forward: the tangent along directions t (all arguments, then each alone) is the directional derivative.
        var directions = new List<double[]> { differentiated.Select((_, j) => 0.7 - (0.45 * j)).ToArray() };
        if (differentiated.Length > 1)
        {
            directions.AddRange(differentiated.Select((_, j) => differentiated.Select((_, k) => k == j ? 1.0 : 0.0).ToArray()));
        }

        foreach (var direction in directions)
        {
            var tangents = new Expr?[shape.Count];
            for (int j = 0; j < differentiated.Length; j++)
            {
                if (direction[j] != 0.0)
                {
                    string name = "t" + differentiated[j];
                    environment[name] = direction[j];
                    if (aliased)
                    {
                        // Every argument is u, so every argument's tangent is u's.
                        for (int i = 0; i < shape.Count; i++)
                        {
                            tangents[i] = new VariableExpr(name, ValueKind.Real);
                        }
                    }
                    else
                    {
                        tangents[differentiated[j]] = new VariableExpr(name, ValueKind.Real);
                    }
                }
            }

            double expectedTangent = direction.Select((t, j) => t * expected[j]).Sum();
            double actualTangent = rule.TangentOf(arguments, result, tangents) is { } tangent ? Evaluate(tangent, environment) : 0.0;
            if (!Close(actualTangent, expectedTangent))
            {
                return (true, $"{where}: the tangent along ({string.Join(", ", direction)}) is {actualTangent:R}; finite differences give {expectedTangent:R}");
            }
        }

        return (true, null);
    }

    /// <summary>Finite at the point, and the one-sided differences in <paramref name="name"/> agree (no kink or jump nearby).</summary>
    private static bool SmoothAlong(Expr operation, Dictionary<string, double> environment, string name)
    {
        double at(double x) => Evaluate(operation, With(environment, name, x));
        double x0 = environment[name];
        double h = 1e-4 * Math.Max(1.0, Math.Abs(x0));
        double forward = (at(x0 + h) - at(x0)) / h, backward = (at(x0) - at(x0 - h)) / h;
        return double.IsFinite(at(x0)) && double.IsFinite(forward) && double.IsFinite(backward)
            && Math.Abs(forward - backward) <= 1e-2 * Math.Max(1.0, Math.Abs(forward));
    }

    private static IEnumerable<double[]> Points(IReadOnlyList<ValueKind> shape)
    {
        IEnumerable<double[]> points = [[]];
        foreach (var kind in shape)
        {
            var values = kind == ValueKind.Real ? Values : IntegerValues;
            points = points.SelectMany(p => values.Select(v => p.Append(v).ToArray()));
        }

        // Every combination for one or two arguments; a fixed spread of them for three.
        return shape.Count <= 2 ? points : points.Where((_, i) => i % 7 == 0);
    }

    private static double CentralDifference(Func<double, double> f, double x)
    {
        double h = 1e-5 * Math.Max(1.0, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static bool Close(double actual, double expected) =>
        Math.Abs(actual - expected) <= Tolerance * Math.Max(1.0, Math.Abs(expected));

    private static Dictionary<string, double> With(Dictionary<string, double> environment, string name, double value) =>
        new(environment, StringComparer.Ordinal) { [name] = value };

    private static VariableExpr Variable(int i) => new("a" + i, ValueKind.Real);

    /// <summary>The operation a rule differentiates, applied to <paramref name="arguments"/>.</summary>
    private static Expr Operation(DerivativeRule rule, IReadOnlyList<Expr> arguments) => rule switch
    {
        { BinaryOperator: { } op } => new BinaryExpr(op, arguments[0], arguments[1], ValueKind.Real),
        { UnaryOperator: { } op } => new UnaryExpr(op, arguments[0], ValueKind.Real),
        _ => new MathCallExpr(rule, arguments.ToEquatableArray(), ValueKind.Real),
    };

    private static string Key(DerivativeRule rule) =>
        rule.BinaryOperator is not null ? "binary " + rule.Name : rule.UnaryOperator is not null ? "unary " + rule.Name : rule.Name;

    private static DerivativeRule Rule(string key) => DerivativeRules.All.Single(r => Key(r) == key);

    private static string Describe(IReadOnlyList<ValueKind> shape) => string.Join(", ", shape.Select(k => k == ValueKind.Real ? "double" : "int"));

    private static MethodInfo? Method(DerivativeRule rule, IReadOnlyList<ValueKind> shape)
    {
        var type = rule.DeclaredOn switch
        {
            DeclaringTypes.GammaFunctions => typeof(GammaFunctions),
            DeclaringTypes.MathNetSpecialFunctions => typeof(MathNet.Numerics.SpecialFunctions),
            _ => (rule.DeclaredOn & DeclaringTypes.Math) != 0 ? typeof(Math) : typeof(double),
        };
        var parameters = shape.Select(k => k == ValueKind.Real ? typeof(double) : typeof(int)).ToArray();
        return type.GetMethod(rule.Name, BindingFlags.Public | BindingFlags.Static, parameters);
    }

    /// <summary>A small evaluator of the real-valued IR the rules build; calls go to the runtime's own methods.</summary>
    private static double Evaluate(Expr expression, IReadOnlyDictionary<string, double> environment)
    {
        double Eval(Expr e) => Evaluate(e, environment);
        static double Truth(bool value) => value ? 1.0 : 0.0;
        switch (expression)
        {
            case LiteralExpr literal:
                return literal.Value;
            case VariableExpr variable:
                return environment[variable.Name];
            case UnaryExpr { Operator: UnaryOperator.Negate } negate:
                return -Eval(negate.Operand);
            case UnaryExpr { Operator: UnaryOperator.Not } not:
                return Truth(Eval(not.Operand) == 0.0);
            case BinaryExpr binary:
            {
                double left = Eval(binary.Left);
                if (binary.Operator is BinaryOperator.And or BinaryOperator.Or)
                {
                    return binary.Operator == BinaryOperator.And
                        ? Truth(left != 0.0 && Eval(binary.Right) != 0.0)
                        : Truth(left != 0.0 || Eval(binary.Right) != 0.0);
                }

                double right = Eval(binary.Right);
                return binary.Operator switch
                {
                    BinaryOperator.Add => left + right,
                    BinaryOperator.Subtract => left - right,
                    BinaryOperator.Multiply => left * right,
                    BinaryOperator.Divide => left / right,
                    BinaryOperator.Remainder => left % right,
                    BinaryOperator.Equal => Truth(left == right),
                    BinaryOperator.NotEqual => Truth(left != right),
                    BinaryOperator.Less => Truth(left < right),
                    BinaryOperator.LessOrEqual => Truth(left <= right),
                    BinaryOperator.Greater => Truth(left > right),
                    BinaryOperator.GreaterOrEqual => Truth(left >= right),
                    _ => throw new InvalidOperationException("No evaluation of " + binary.Operator),
                };
            }

            case MathCallExpr call:
            {
                var shape = call.Arguments.Select(a => a.Kind).ToArray();
                var method = Method(call.Function, shape) ?? throw new InvalidOperationException($"No method {call.Function.Name}({Describe(shape)})");
                var arguments = call.Arguments.Select(a => a.Kind == ValueKind.Real ? (object)Eval(a) : (int)Eval(a)).ToArray();
                try
                {
                    return Convert.ToDouble(method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null), CultureInfo.InvariantCulture);
                }
                catch (ArgumentException)
                {
                    // Clamp with low > high: no value, like a point outside the domain.
                    return double.NaN;
                }
            }

            case ConvertExpr { TargetKind: ValueKind.Integer } convert:
                return Math.Truncate(Eval(convert.Operand));
            case ConvertExpr convert:
                return Eval(convert.Operand);
            case ConditionalExpr conditional:
                return Eval(conditional.Condition) != 0.0 ? Eval(conditional.WhenTrue) : Eval(conditional.WhenFalse);
            case GuardedExpr guarded:
                return guarded.Factors.All(f => Eval(f) == 0.0) ? 0.0 : Eval(guarded.Value);
            default:
                throw new InvalidOperationException("No evaluation of " + expression.GetType().Name);
        }
    }
}
