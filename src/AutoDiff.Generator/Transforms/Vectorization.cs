using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Replaces the two unit-stride innermost loops that carry the dense work of layers and dot products by calls of the
/// runtime's vector kernels (<c>AutoDiff.Runtime.VectorKernels</c>), in every generated member, as the last pass before
/// emission (the forward-mode members are built from the scalar pullback and gradient, so they are vectorised
/// themselves, not differentiated through a kernel):
/// <list type="bullet">
/// <item>a forward running sum <c>while (i &lt; n) { t = a[p + i] * b[q + i]; s = s + t; i = i + 1; }</c> becomes
/// <c>s = s + Dot(a[p + i .. n], b[q + i .. n])</c>: the only change of value is the order of the additions;</item>
/// <item>a reverse loop whose iterations are independent,
/// <c>for (c = count - 1; c &gt;= 0; c--) { i = start + c; k = ...; g[p + i] += k * x[q + i]; ... }</c>, with scalars
/// that do not change between iterations and accumulations into arrays the loop does not read, becomes one
/// <c>MultiplyAdd(x[q + start ..], k, g[p + start ..])</c> per accumulation, run forwards: each element gets the same
/// contributions, rounded the same way; only the order in which an element's contributions from different statements
/// arrive may change.</item>
/// </list>
/// A loop of any other shape stays scalar. The <c>Vectorization</c> switch of <c>AutoDiffDisabledOptimizations</c>
/// turns the pass off, for code that must add in exactly the scalar order.
/// </summary>
internal static class Vectorization
{
    public static GeneratedMethod Apply(GeneratedMethod method)
    {
        var rewriter = new Rewriter(new HashSet<string>(StringComparer.Ordinal));
        var body = rewriter.Rewrite(method.Body);
        if (rewriter.Vectorised == 0)
        {
            return method;
        }

        // A forward running sum's product temporary disappears with its loop; if anything else reads it, it must stay.
        var stillRead = DeadStores.Used(body);
        var excluded = new HashSet<string>(Temporaries(method.Body).Except(Temporaries(body)).Where(stillRead.Contains), StringComparer.Ordinal);
        if (excluded.Count > 0)
        {
            body = new Rewriter(excluded).Rewrite(method.Body);
        }

        return method with { Body = (DeadStores.Remove(body, Array.Empty<string>()) ?? body).ToEquatableArray() };
    }

    /// <summary>The product temporaries of the forward running sums in <paramref name="statements"/>.</summary>
    private static IEnumerable<string> Temporaries(IEnumerable<Statement> statements) =>
        StatementTree.Descendants(statements).OfType<LoopStatement>().Select(RunningDot).OfType<DotLoop>().Select(dot => dot.Temporary);

    /// <summary>Rewrites the loops it can at any depth and counts them; <paramref name="excluded"/> names product temporaries whose loops stay.</summary>
    private sealed class Rewriter(ISet<string> excluded)
    {
        public int Vectorised { get; private set; }

        public List<Statement> Rewrite(IEnumerable<Statement> statements)
        {
            var output = new List<Statement>();
            foreach (var statement in statements)
            {
                var rewritten = statement switch
                {
                    LoopStatement loop when RunningDot(loop) is { } dot && !excluded.Contains(dot.Temporary) => dot.Vectorised(),
                    CountdownLoopStatement countdown => IndependentAxpys(countdown),
                    _ => null,
                };
                if (rewritten is null)
                {
                    output.Add(StatementTree.WithChildLists(statement, Rewrite));
                }
                else
                {
                    Vectorised++;
                    output.Add(rewritten);
                }
            }

            return output;
        }
    }

    /// <summary>A forward running dot product: <c>s = s + Dot(a[offsetA + i ..], b[offsetB + i ..])</c> up to the bound.</summary>
    private sealed record DotLoop(string Index, Expr Bound, string Temporary, string Sum, Expr ArrayA, Expr OffsetA, Expr ArrayB, Expr OffsetB, IReadOnlyList<Statement> Comments)
    {
        public Statement Vectorised()
        {
            var index = new VariableExpr(Index, ValueKind.Integer);
            var length = ExprFactory.Integer(BinaryOperator.Subtract, Bound, index);
            var dot = new EmittedCallExpr(KnownTypes.VectorDot, new[]
            {
                new CallArgument(new SliceExpr(ArrayA, ExprFactory.Integer(BinaryOperator.Add, OffsetA, index), length)),
                new CallArgument(new SliceExpr(ArrayB, ExprFactory.Integer(BinaryOperator.Add, OffsetB, index), length)),
            }.ToEquatableArray());
            var then = Comments.Concat(new Statement[]
            {
                new AssignStatement(Sum, ValueKind.Real, ExprFactory.Add(new VariableExpr(Sum, ValueKind.Real), dot), Declare: false),
                new AssignStatement(Index, ValueKind.Integer, Bound, Declare: false),
            });
            return new IfStatement(new BinaryExpr(BinaryOperator.Less, index, Bound, ValueKind.Boolean), then.ToEquatableArray(), EquatableArray<Statement>.Empty);
        }
    }

    private static DotLoop? RunningDot(LoopStatement loop)
    {
        if (CountingLoop.UpperBound(loop) is not { } bound)
        {
            return null;
        }

        string index = loop.Index!;

        var comments = loop.Body.OfType<CommentStatement>().ToList();
        var work = loop.Body.Where(s => s is not CommentStatement).ToList();
        if (work.Count != 2
            || work[0] is not AssignStatement { TargetKind: ValueKind.Real, Declare: false, Value: BinaryExpr { Operator: BinaryOperator.Multiply, Left: ElementExpr left, Right: ElementExpr right } } product
            || work[1] is not AssignStatement { TargetKind: ValueKind.Real, Declare: false, Value: BinaryExpr { Operator: BinaryOperator.Add, Left: VariableExpr { Name: var summed }, Right: VariableExpr { Name: var added } } } sum
            || summed != sum.Target
            || added != product.Target
            || product.Target == sum.Target
            || !IsArray(left.Array)
            || !IsArray(right.Array)
            || UnitStrideOffset(left.Index, index) is not { } offsetLeft
            || UnitStrideOffset(right.Index, index) is not { } offsetRight)
        {
            return null;
        }

        // The bound and offsets must not change inside the loop, which assigns only the sum, the product and the index.
        var changing = new[] { index, sum.Target, product.Target };
        if (new[] { bound, offsetLeft, offsetRight, left.Array, right.Array }.Any(e => ProgramFacts.Reads(e).Overlaps(changing)))
        {
            return null;
        }

        return new DotLoop(index, bound, product.Target, sum.Target, left.Array, offsetLeft, right.Array, offsetRight, comments);
    }

    /// <summary>
    /// The kernels of a reverse loop whose iterations are independent: after the index, only assignments of scalars
    /// that are the same in every iteration (moved before the kernels) and accumulations <c>g[p + i] += k * x[q + i]</c>
    /// into arrays that the loop reads nowhere; null for any other shape.
    /// </summary>
    private static Statement? IndependentAxpys(CountdownLoopStatement countdown)
    {
        var work = countdown.Body.Where(s => s is not CommentStatement).ToList();
        if (work.Count < 2
            || work[0] is not AssignStatement { TargetKind: ValueKind.Integer, Target: var index, Value: BinaryExpr { Operator: BinaryOperator.Add, Left: VariableExpr start, Right: var stride } }
            || stride is not BinaryExpr { Operator: BinaryOperator.Multiply, Left: VariableExpr { Name: var counter }, Right: LiteralExpr { Value: 1 } }
            || counter != countdown.Counter)
        {
            return null;
        }

        var varying = new HashSet<string>(StringComparer.Ordinal) { index, counter };
        var accumulated = new HashSet<string>(work.Skip(1).OfType<ElementAccumulateStatement>().Select(a => a.Array), StringComparer.Ordinal);
        var scalarTargets = work.Skip(1).OfType<AssignStatement>().Select(a => a.Target).ToList();
        if (scalarTargets.Distinct(StringComparer.Ordinal).Count() != scalarTargets.Count)
        {
            return null;
        }

        var scalars = new List<Statement>();
        var kernels = new List<Statement>();
        foreach (var statement in work.Skip(1))
        {
            switch (statement)
            {
                // A scalar that reads no scalar assigned at or after it in the loop has the same value in every
                // iteration; scalars must all come before the accumulations that may read them.
                case AssignStatement { TargetKind: ValueKind.Real } assign
                    when kernels.Count == 0
                        && IsInvariant(assign.Value, varying, accumulated)
                        && !ProgramFacts.Reads(assign.Value).Overlaps(scalarTargets.Skip(scalars.Count)):
                    scalars.Add(assign);
                    break;
                case ElementAccumulateStatement accumulate
                    when UnitStrideOffset(accumulate.Index, index) is { } offset
                        && !ProgramFacts.Reads(offset).Overlaps(varying)
                        && Axpy(accumulate.Value, index, varying, accumulated) is { } axpy:
                    kernels.Add(new CallStatement(new EmittedCallExpr(KnownTypes.VectorMultiplyAdd, new[]
                    {
                        new CallArgument(new SliceExpr(axpy.Array, ExprFactory.Integer(BinaryOperator.Add, axpy.Offset, start), countdown.Count)),
                        new CallArgument(axpy.Factor),
                        new CallArgument(new SliceExpr(new VariableExpr(accumulate.Array, ValueKind.RealArray), ExprFactory.Integer(BinaryOperator.Add, offset, start), countdown.Count, Writable: true)),
                    }.ToEquatableArray())));
                    break;
                default:
                    return null;
            }
        }

        if (kernels.Count == 0)
        {
            return null;
        }

        // Run only when the loop would have (its scalars may be declared here: the block is their scope), and leave the
        // index where the loop's last iteration left it.
        var then = countdown.Body.OfType<CommentStatement>()
            .Concat(scalars)
            .Concat(kernels)
            .Append(new AssignStatement(index, ValueKind.Integer, start, Declare: false));
        return new IfStatement(
            new BinaryExpr(BinaryOperator.Greater, countdown.Count, new LiteralExpr(0, ValueKind.Integer), ValueKind.Boolean),
            then.ToEquatableArray(),
            EquatableArray<Statement>.Empty);
    }

    /// <summary><c>k * x[q + i]</c> or <c>x[q + i] * k</c> with k the same in every iteration and x not accumulated into.</summary>
    private static (Expr Array, Expr Offset, Expr Factor)? Axpy(Expr value, string index, ISet<string> varying, ISet<string> accumulated)
    {
        if (value is not BinaryExpr { Operator: BinaryOperator.Multiply } product)
        {
            return null;
        }

        foreach (var (element, factor) in new[] { (product.Right, product.Left), (product.Left, product.Right) })
        {
            if (element is ElementExpr { Array: var array } read
                && IsArray(array)
                && !ProgramFacts.Reads(array).Overlaps(accumulated)
                && UnitStrideOffset(read.Index, index) is { } offset
                && !ProgramFacts.Reads(offset).Overlaps(varying)
                && IsInvariant(factor, varying, accumulated))
            {
                return (array, offset, factor);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is the same in every iteration: it reads neither the index nor the counter nor an
    /// accumulated array, and calls nothing (a scalar assigned in the loop from such values is itself such a value only
    /// when it is assigned before every read, which the caller's order check ensures).
    /// </summary>
    private static bool IsInvariant(Expr value, ISet<string> varying, ISet<string> accumulated) =>
        !ProgramFacts.Reads(value).Overlaps(varying)
        && !ProgramFacts.Reads(value).Overlaps(accumulated)
        && Pure(value);

    private static bool Pure(Expr value) => value switch
    {
        LiteralExpr or VariableExpr or ThisExpr => true,
        ElementExpr or LengthExpr or UnaryExpr or BinaryExpr or ConvertExpr or ConditionalExpr or MemberExpr or MathCallExpr or GuardedExpr or DataElementExpr or DimensionLengthExpr =>
            ExprFactory.Children(value).All(Pure),
        _ => false,
    };

    /// <summary>p when <paramref name="index"/> is <c>p + i</c> (or <c>i + p</c>, <c>i</c>, <c>p + i - q</c>...) with i appearing once with coefficient 1.</summary>
    internal static Expr? UnitStrideOffset(Expr index, string counter)
    {
        switch (index)
        {
            case VariableExpr { Name: var name } when name == counter:
                return new LiteralExpr(0, ValueKind.Integer);
            case BinaryExpr { Operator: BinaryOperator.Add, ResultKind: ValueKind.Integer } add:
                if (!ProgramFacts.Reads(add.Right).Contains(counter) && UnitStrideOffset(add.Left, counter) is { } leftOffset)
                {
                    return ExprFactory.Integer(BinaryOperator.Add, leftOffset, add.Right);
                }

                if (!ProgramFacts.Reads(add.Left).Contains(counter) && UnitStrideOffset(add.Right, counter) is { } rightOffset)
                {
                    return ExprFactory.Integer(BinaryOperator.Add, add.Left, rightOffset);
                }

                return null;
            case BinaryExpr { Operator: BinaryOperator.Subtract, ResultKind: ValueKind.Integer } subtract
                when !ProgramFacts.Reads(subtract.Right).Contains(counter) && UnitStrideOffset(subtract.Left, counter) is { } offset:
                return ExprFactory.Integer(BinaryOperator.Subtract, offset, subtract.Right);
            default:
                return null;
        }
    }

    private static bool IsArray(Expr array) => array is VariableExpr { VariableKind: ValueKind.RealArray };

}
