using System.Linq;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.IR;

/// <summary>
/// Builds real-valued expressions for the transforms. Only simplifications that are exact in IEEE arithmetic are
/// made (x * 1 = x, -(-x) = x); 0 * x is kept because it is NaN for infinite x.
/// </summary>
internal static class ExprFactory
{
    public static LiteralExpr Real(double value) => LiteralExpr.Real(value);

    public static Expr Add(Expr left, Expr right) => new BinaryExpr(BinaryOperator.Add, left, right, ValueKind.Real);

    public static Expr Subtract(Expr left, Expr right) => new BinaryExpr(BinaryOperator.Subtract, left, right, ValueKind.Real);

    public static Expr Multiply(Expr left, Expr right) => (left, right) switch
    {
        (LiteralExpr { Value: 1.0, LiteralKind: ValueKind.Real }, _) => right,
        (_, LiteralExpr { Value: 1.0, LiteralKind: ValueKind.Real }) => left,
        _ => new BinaryExpr(BinaryOperator.Multiply, left, right, ValueKind.Real),
    };

    public static Expr Divide(Expr left, Expr right) => new BinaryExpr(BinaryOperator.Divide, left, right, ValueKind.Real);

    /// <summary>An integer operation (indices, counts), with adding or subtracting the constant 0 folded away.</summary>
    public static Expr Integer(BinaryOperator op, Expr left, Expr right) => (op, left, right) switch
    {
        (BinaryOperator.Add, LiteralExpr { Value: 0 }, _) => right,
        (BinaryOperator.Add or BinaryOperator.Subtract, _, LiteralExpr { Value: 0 }) => left,
        _ => new BinaryExpr(op, left, right, ValueKind.Integer),
    };

    /// <summary>
    /// <paramref name="value"/> converted to <paramref name="kind"/> where C# converts it implicitly (an <c>int</c> passed
    /// to a <c>double</c> or <c>long</c> parameter, assigned to such an element of a tuple); unchanged otherwise.
    /// </summary>
    public static Expr ConvertTo(Expr value, ValueKind kind) =>
        value.Kind != kind && value.Kind.IsNumber() && kind.IsNumber() ? new ConvertExpr(value, kind) : value;

    public static Expr Negate(Expr operand) => operand is UnaryExpr { Operator: UnaryOperator.Negate } inner
        ? inner.Operand
        : new UnaryExpr(UnaryOperator.Negate, operand, ValueKind.Real);

    public static Expr Call(DerivativeRule function, params Expr[] arguments) =>
        new MathCallExpr(function, arguments.ToEquatableArray(), ValueKind.Real);

    /// <summary>The sum of the terms that are not null (zero), a negated term subtracted; null when all are.</summary>
    public static Expr? Sum(params Expr?[] terms)
    {
        Expr? total = null;
        foreach (var term in terms)
        {
            if (term is null)
            {
                continue;
            }

            total = total is null
                ? term
                : term is UnaryExpr { Operator: UnaryOperator.Negate } negated ? Subtract(total, negated.Operand) : Add(total, term);
        }

        return total;
    }

    /// <summary>
    /// A comparison; of an atom with itself (Max(a, a) has a tie by construction) it is decided here, which also
    /// keeps the compiler's "comparison made to same variable" warning out of generated code.
    /// </summary>
    public static Expr Compare(BinaryOperator comparison, Expr left, Expr right) => left == right
        ? new LiteralExpr(comparison is BinaryOperator.Equal or BinaryOperator.LessOrEqual or BinaryOperator.GreaterOrEqual ? 1 : 0, ValueKind.Boolean)
        : new BinaryExpr(comparison, left, right, ValueKind.Boolean);


    public static Expr Choose(Expr condition, Expr whenTrue, Expr whenFalse) => condition switch
    {
        LiteralExpr { LiteralKind: ValueKind.Boolean, Value: var decided } => decided != 0 ? whenTrue : whenFalse,
        _ => new ConditionalExpr(condition, whenTrue, whenFalse, ValueKind.Real),
    };

    public static Expr And(Expr left, Expr right) => (left, right) switch
    {
        (LiteralExpr { LiteralKind: ValueKind.Boolean, Value: 0 }, _) or (_, LiteralExpr { LiteralKind: ValueKind.Boolean, Value: 0 }) => new LiteralExpr(0, ValueKind.Boolean),
        (LiteralExpr { LiteralKind: ValueKind.Boolean }, _) => right,
        (_, LiteralExpr { LiteralKind: ValueKind.Boolean }) => left,
        _ => new BinaryExpr(BinaryOperator.And, left, right, ValueKind.Boolean),
    };

    /// <summary><paramref name="value"/>, but zero where <paramref name="factor"/> is zero (see <see cref="GuardedExpr"/>).</summary>
    public static Expr Guard(Expr factor, Expr value) => factor switch
    {
        LiteralExpr { Value: 0.0 } => Real(0.0),
        LiteralExpr => value,
        _ => new GuardedExpr(new[] { factor }.ToEquatableArray(), value),
    };

    public static Expr Square(Expr value) => Multiply(value, value);

    /// <summary>True when <paramref name="predicate"/> holds for the expression or any expression inside it.</summary>
    public static bool Mentions(Expr expression, System.Func<Expr, bool> predicate) =>
        predicate(expression) || Children(expression).Any(child => Mentions(child, predicate));

    /// <summary>
    /// <paramref name="expression"/> with each expression for which <paramref name="replace"/> gives one replaced by it
    /// (outermost first, and a replacement is not looked into), every other rebuilt around its rewritten children. Every
    /// kind is named, as in <see cref="Children"/>.
    /// </summary>
    public static Expr Rewrite(Expr expression, System.Func<Expr, Expr?> replace)
    {
        if (replace(expression) is { } replacement)
        {
            return replacement;
        }

        Expr Inner(Expr child) => Rewrite(child, replace);
        EquatableArray<Expr> All(EquatableArray<Expr> children) => children.Select(Inner).ToEquatableArray();
        return expression switch
        {
            LiteralExpr or VariableExpr or ThisExpr or MemberExpr { Receiver: null } => expression,
            MemberExpr m => m with { Receiver = Inner(m.Receiver!) },
            ElementExpr e => new ElementExpr(Inner(e.Array), Inner(e.Index)),
            LengthExpr l => new LengthExpr(Inner(l.Array)),
            DataElementExpr d => d with { Data = Inner(d.Data), Indices = All(d.Indices) },
            DimensionLengthExpr d => new DimensionLengthExpr(Inner(d.Array), Inner(d.Dimension)),
            UnaryExpr u => u with { Operand = Inner(u.Operand) },
            BinaryExpr b => b with { Left = Inner(b.Left), Right = Inner(b.Right) },
            MathCallExpr c => c with { Arguments = All(c.Arguments) },
            DifferentiableCallExpr i => i with { Arguments = All(i.Arguments) },
            ConvertExpr c => c with { Operand = Inner(c.Operand) },
            ConditionalExpr c => c with { Condition = Inner(c.Condition), WhenTrue = Inner(c.WhenTrue), WhenFalse = Inner(c.WhenFalse) },
            GuardedExpr g => new GuardedExpr(All(g.Factors), Inner(g.Value)),
            PullbackCallExpr p => p with
            {
                Arguments = All(p.Arguments),
                Seed = Inner(p.Seed),
                Adjoints = p.Adjoints.Select(a => a with { Target = Inner(a.Target) }).ToEquatableArray(),
            },
            EmittedCallExpr m => m with { Arguments = m.Arguments.Select(a => a with { Value = Inner(a.Value) }).ToEquatableArray() },
            TapeSpanExpr t => t with { Length = Inner(t.Length) },
            SliceExpr s => s with { Array = Inner(s.Array), Start = Inner(s.Start), Length = s.Length is null ? null : Inner(s.Length) },
            OpaqueCallExpr o => o with { Arguments = All(o.Arguments) },
            LambdaExpr l => l with { Body = Inner(l.Body) },
            _ => throw new System.InvalidOperationException("ExprFactory.Rewrite does not know the expression kind " + expression.GetType().Name),
        };
    }

    /// <summary>
    /// The expressions directly inside <paramref name="expression"/>. Every kind is named: an unknown one throws instead
    /// of looking like a leaf (a test enumerates every kind).
    /// </summary>
    public static System.Collections.Generic.IEnumerable<Expr> Children(Expr expression) => expression switch
    {
        LiteralExpr or VariableExpr or ThisExpr or MemberExpr { Receiver: null } => System.Array.Empty<Expr>(),
        MemberExpr { Receiver: { } receiver } => new[] { receiver },
        ElementExpr e => new[] { e.Array, e.Index },
        LengthExpr l => new[] { l.Array },
        DataElementExpr d => d.Indices.Prepend(d.Data),
        DimensionLengthExpr d => new[] { d.Array, d.Dimension },
        UnaryExpr u => new[] { u.Operand },
        BinaryExpr b => new[] { b.Left, b.Right },
        MathCallExpr c => c.Arguments,
        DifferentiableCallExpr i => i.Arguments,
        ConvertExpr c => new[] { c.Operand },
        ConditionalExpr c => new[] { c.Condition, c.WhenTrue, c.WhenFalse },
        GuardedExpr g => g.Factors.Append(g.Value),
        PullbackCallExpr p => p.Arguments.Append(p.Seed).Concat(p.Adjoints.Select(a => a.Target)),
        EmittedCallExpr m => m.Arguments.Select(a => a.Value),
        TapeSpanExpr t => new[] { t.Length },
        SliceExpr s => s.Length is null ? new[] { s.Array, s.Start } : new[] { s.Array, s.Start, s.Length },
        OpaqueCallExpr o => o.Arguments,
        LambdaExpr l => new[] { l.Body },
        _ => throw new System.InvalidOperationException("ExprFactory.Children does not know the expression kind " + expression.GetType().Name),
    };
}
