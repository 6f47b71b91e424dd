using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Runs the vector kernels of a two-deep loop nest as one blocked matrix kernel (<c>AutoDiff.Runtime.MatrixKernels</c>),
/// after <see cref="Vectorization"/> has made them. A layer written over a batch,
/// <c>for h: for b: a = bias[h] + sum_i w[h * n + i] * x[b * m + i]</c>, calls one dot product per (h, b): each call
/// streams a row of w and a row of x, so the nest reads the batch once per unit, and its reverse reads and writes a row
/// of w's adjoint once per sample. Here:
/// <list type="bullet">
/// <item><b>Forward</b> (a counting loop over h holding one counting loop over b): every dot product of the inner body
/// whose one operand's rows move with h and the other's with b is computed before the nest, for all (h, b) at once
/// (<c>DotProducts</c>, a matrix product whose 4 x 2 blocks share their loads), into a span borrowed from the tape; the
/// nest reads its element instead. Only the order of each product's additions changes (as between
/// <c>VectorKernels.Dot</c> and a scalar sum).</item>
/// <item><b>Reverse</b> (a countdown loop holding one countdown loop): each row update <c>MultiplyAdd(x row, k, y row)</c>
/// of the inner body, where y's rows move with one loop and x's with the other (or neither), stores its factor k in a
/// borrowed span instead, and one <c>AddProductRows</c> after the nest adds every row: four rows of y stay in registers
/// while all of x's rows go by. Each element of y gets the same contributions in the same order, rounded the same way;
/// what moves is when they arrive relative to the nest's other additions into y (as for <see cref="Vectorization"/>'s
/// reverse loops).</item>
/// </list>
/// <para>
/// Taken when: no break, continue or return in the nest; the call runs exactly once per iteration (directly in the
/// inner body, or under conditions that are true once the body's own integer locals are substituted, like the
/// <c>if (i &lt; n)</c> a vectorised loop leaves); the inner loop's start and count and the call's lengths are the same in
/// every iteration; every start is an affine function of the two loop indices; the operands read are not written in the
/// nest; and, in reverse, the nest does nothing with y but add into it. The nest must run inside the method's tape scope
/// (the borrowed spans), so forward-mode members, which have no tape, are left as they are. Under the
/// <c>Vectorization</c> switch.
/// </para>
/// </summary>
internal static class MatrixBlocks
{
    public static GeneratedMethod Apply(GeneratedMethod method)
    {
        var rewriter = new Rewriter(NameAllocator.ForMember(method));
        var body = rewriter.Rewrite(method.Body, tape: null);
        return rewriter.Blocked == 0 ? method : method with { Body = body.ToEquatableArray() };
    }

    private sealed class Rewriter(NameAllocator names)
    {
        public int Blocked { get; private set; }

        public List<Statement> Rewrite(IEnumerable<Statement> statements, string? tape)
        {
            var output = new List<Statement>();
            foreach (var statement in statements)
            {
                var blocked = (tape, statement) switch
                {
                    (not null, LoopStatement loop) => ForwardNest(loop, tape, names),
                    (not null, CountdownLoopStatement loop) => ReverseNest(loop, tape, names),
                    _ => null,
                };
                if (blocked is not null)
                {
                    Blocked++;
                    output.AddRange(blocked);
                }
                else if (statement is TapeScopeStatement scope)
                {
                    output.Add(scope with { Body = Rewrite(scope.Body, scope.Tape).ToEquatableArray() });
                }
                else
                {
                    output.Add(StatementTree.WithChildLists(statement, list => Rewrite(list, tape)));
                }
            }

            return output;
        }
    }

    /// <summary>The forward nest with its dot products computed before it, or null when it is not of that shape.</summary>
    private static List<Statement>? ForwardNest(LoopStatement outer, string tape, NameAllocator names)
    {
        if (CountingLoop.UpperBound(outer) is not { } outerBound || outer.Index is not { } rowIndex)
        {
            return null;
        }

        var nest = NestFacts.Of(outer.Body.Concat(outer.Increment));
        var varying = nest.Changed;
        varying.Add(rowIndex);
        int at = SingleIndex(outer.Body, s => s is LoopStatement);
        if (nest.Jumps || at < 0 || ReadsAny(outerBound, varying)
            || outer.Body[at] is not LoopStatement inner || CountingLoop.UpperBound(inner) is not { } innerBound || inner.Index is not { } columnIndex
            || ReadsAny(innerBound, varying))
        {
            return null;
        }

        // The inner index's start: its last assignment before the inner loop, the same in every iteration.
        var prefix = outer.Body.Take(at).ToList();
        var known = new Dictionary<string, Expr>(StringComparer.Ordinal);
        var facts = new Substitution(varying, known);
        facts.Track(prefix, new[] { rowIndex }, onCall: null);
        if (!known.TryGetValue(columnIndex, out var columnStart) || ReadsAny(columnStart, varying))
        {
            return null;
        }

        // What the inner loop changes is known only as its own body assigns it, iteration by iteration.
        foreach (string name in NestFacts.Of(inner.Body.Concat(inner.Increment)).Changed.Append(columnIndex))
        {
            known.Remove(name);
        }

        var calls = new Dictionary<object, Expr>(ReferenceEqualityComparer.Instance);
        var prelude = new List<Statement>();
        string rowStart = names.Fresh("rowStart"), columnStartName = names.Fresh("columnStart"), rows = names.Fresh("rows"), columns = names.Fresh("columns");
        var rowVariable = new VariableExpr(rowStart, ValueKind.Integer);
        var columnVariable = new VariableExpr(columnStartName, ValueKind.Integer);
        var rowsVariable = new VariableExpr(rows, ValueKind.Integer);
        var columnsVariable = new VariableExpr(columns, ValueKind.Integer);
        facts.Track(inner.Body, new[] { rowIndex, columnIndex }, onCall: (call, substitute) =>
        {
            if (call is not EmittedCallExpr { Method: KnownTypes.VectorDot, Arguments: { Count: 2 } arguments }
                || arguments[0].Value is not SliceExpr { Array: VariableExpr { VariableKind: ValueKind.RealArray } left, Length: { } leftLength } leftSlice
                || arguments[1].Value is not SliceExpr { Array: VariableExpr { VariableKind: ValueKind.RealArray } right, Length: { } rightLength } rightSlice
                || varying.Contains(left.Name) || varying.Contains(right.Name))
            {
                return;
            }

            Expr length = substitute(leftLength);
            if (length != substitute(rightLength) || ReadsAny(length, varying))
            {
                return;
            }

            var (leftStart, rightStart) = (substitute(leftSlice.Start), substitute(rightSlice.Start));
            var allowed = new[] { rowIndex, columnIndex };
            if (!Affine(leftStart, varying, allowed) || !Affine(rightStart, varying, allowed))
            {
                return;
            }

            // One operand's rows follow h, the other's b (either way round: a dot product is symmetric).
            var (rowOperand, rowOperandStart, columnOperand, columnOperandStart) =
                IsZero(Coefficient(leftStart, columnIndex)) && IsZero(Coefficient(rightStart, rowIndex)) ? (left, leftStart, right, rightStart)
                : IsZero(Coefficient(leftStart, rowIndex)) && IsZero(Coefficient(rightStart, columnIndex)) ? (right, rightStart, left, leftStart)
                : (null, leftStart, null, rightStart);
            if (rowOperand is null || columnOperand is null)
            {
                return;
            }

            Expr rowStride = Coefficient(rowOperandStart, rowIndex)!, columnStride = Coefficient(columnOperandStart, columnIndex)!;
            if (IsZero(rowStride) && IsZero(columnStride))
            {
                return;
            }

            string products = names.Fresh("products");
            var productsVariable = new VariableExpr(products, ValueKind.RealArray);
            prelude.Add(new AssignStatement(products, ValueKind.RealArray, new TapeSpanExpr(tape, Integer(BinaryOperator.Multiply, rowsVariable, columnsVariable)), Declare: true));
            prelude.Add(new CallStatement(new EmittedCallExpr(KnownTypes.MatrixDotProducts, new[]
            {
                new CallArgument(rowOperand),
                new CallArgument(Replace(rowOperandStart, rowIndex, rowVariable)),
                new CallArgument(rowStride),
                new CallArgument(rowsVariable),
                new CallArgument(columnOperand),
                new CallArgument(Replace(columnOperandStart, columnIndex, columnVariable)),
                new CallArgument(columnStride),
                new CallArgument(columnsVariable),
                new CallArgument(length),
                new CallArgument(productsVariable),
            }.ToEquatableArray())));
            var position = Integer(
                BinaryOperator.Add,
                Integer(BinaryOperator.Multiply, Integer(BinaryOperator.Subtract, new VariableExpr(rowIndex, ValueKind.Integer), rowVariable), columnsVariable),
                Integer(BinaryOperator.Subtract, new VariableExpr(columnIndex, ValueKind.Integer), columnVariable));
            calls[call] = new ElementExpr(productsVariable, position);
        });
        if (calls.Count == 0)
        {
            return null;
        }

        // The nest's iterations: h from its value on entry to the bound, b likewise in each (both invariant).
        var output = new List<Statement>
        {
            new AssignStatement(rowStart, ValueKind.Integer, new VariableExpr(rowIndex, ValueKind.Integer), Declare: true),
            new AssignStatement(columnStartName, ValueKind.Integer, columnStart, Declare: true),
            new AssignStatement(rows, ValueKind.Integer, CountFrom(rowVariable, outerBound), Declare: true),
            new AssignStatement(columns, ValueKind.Integer, CountFrom(columnVariable, innerBound), Declare: true),
        };
        output.AddRange(prelude);
        var newInner = inner with { Body = ReplaceCalls(inner.Body, calls).ToEquatableArray() };
        output.Add(outer with { Body = outer.Body.Select((s, i) => i == at ? newInner : s).ToEquatableArray() });
        return output;
    }

    /// <summary>The reverse nest with its row updates gathered into one kernel after it, or null when it is not of that shape.</summary>
    private static List<Statement>? ReverseNest(CountdownLoopStatement outer, string tape, NameAllocator names)
    {
        var nest = NestFacts.Of(outer.Body);
        var varying = nest.Changed;
        varying.Add(outer.Counter);
        int at = SingleIndex(outer.Body, s => s is CountdownLoopStatement);
        if (nest.Jumps || at < 0 || outer.Body[at] is not CountdownLoopStatement inner)
        {
            return null;
        }

        var known = new Dictionary<string, Expr>(StringComparer.Ordinal);
        var facts = new Substitution(varying, known);
        facts.Track(outer.Body.Take(at), new[] { outer.Counter }, onCall: null);
        Expr innerCount = facts.Substitute(inner.Count);
        if (ReadsAny(innerCount, varying))
        {
            return null;
        }

        foreach (string name in NestFacts.Of(inner.Body).Changed.Append(inner.Counter))
        {
            known.Remove(name);
        }

        string outerCountName = names.Fresh("outerTrips"), innerCountName = names.Fresh("innerTrips");
        var outerCount = new VariableExpr(outerCountName, ValueKind.Integer);
        var innerCountVariable = new VariableExpr(innerCountName, ValueKind.Integer);
        var replaced = new Dictionary<object, Statement>(ReferenceEqualityComparer.Instance);
        var prelude = new List<Statement>();
        var after = new List<Statement>();
        var counters = new[] { outer.Counter, inner.Counter };
        facts.TrackStatements(inner.Body, counters, onStatement: (statement, substitute) =>
        {
            if (statement is not CallStatement { Call: EmittedCallExpr { Method: KnownTypes.VectorMultiplyAdd, Arguments: { Count: 3 } arguments } }
                || arguments[0].Value is not SliceExpr { Array: VariableExpr { VariableKind: ValueKind.RealArray } x, Length: { } xLength } xSlice
                || arguments[2].Value is not SliceExpr { Array: VariableExpr { VariableKind: ValueKind.RealArray } y, Length: { } yLength } ySlice
                || varying.Contains(x.Name) || x.Name == y.Name
                || nest.Written.Contains(y.Name) || nest.Read.Contains(y.Name))
            {
                return;
            }

            Expr length = substitute(xLength);
            var (xStart, yStart) = (substitute(xSlice.Start), substitute(ySlice.Start));
            if (length != substitute(yLength) || ReadsAny(length, varying) || !Affine(xStart, varying, counters) || !Affine(yStart, varying, counters))
            {
                return;
            }

            // y's rows follow one loop; x's the other, or neither.
            bool rowsOuter;
            if (IsZero(Coefficient(yStart, inner.Counter)) && IsZero(Coefficient(xStart, outer.Counter)))
            {
                rowsOuter = true;
            }
            else if (IsZero(Coefficient(yStart, outer.Counter)) && IsZero(Coefficient(xStart, inner.Counter)))
            {
                rowsOuter = false;
            }
            else
            {
                return;
            }

            var (rowCounter, columnCounter) = rowsOuter ? (outer.Counter, inner.Counter) : (inner.Counter, outer.Counter);
            var (rowCount, columnCount) = rowsOuter ? (outerCount, innerCountVariable) : (innerCountVariable, outerCount);
            string factors = names.Fresh("factors");
            var factorsVariable = new VariableExpr(factors, ValueKind.RealArray);
            prelude.Add(new AssignStatement(factors, ValueKind.RealArray, new TapeSpanExpr(tape, Integer(BinaryOperator.Multiply, outerCount, innerCountVariable)), Declare: true));
            var position = Integer(
                BinaryOperator.Add,
                Integer(BinaryOperator.Multiply, new VariableExpr(rowCounter, ValueKind.Integer), columnCount),
                new VariableExpr(columnCounter, ValueKind.Integer));
            replaced[statement] = new ElementAssignStatement(factors, position, arguments[1].Value);
            var zero = new LiteralExpr(0, ValueKind.Integer);
            after.Add(new CallStatement(new EmittedCallExpr(KnownTypes.MatrixAddProductRows, new[]
            {
                new CallArgument(factorsVariable),
                new CallArgument(rowCount),
                new CallArgument(columnCount),
                new CallArgument(x),
                new CallArgument(Replace(Replace(xStart, rowCounter, zero), columnCounter, zero)),
                new CallArgument(Coefficient(xStart, columnCounter)!),
                new CallArgument(y),
                new CallArgument(Replace(Replace(yStart, rowCounter, zero), columnCounter, zero)),
                new CallArgument(Coefficient(yStart, rowCounter)!),
                new CallArgument(length),
                new CallArgument(new LiteralExpr(rowsOuter ? 1 : 0, ValueKind.Boolean)),
            }.ToEquatableArray())));
        });
        if (replaced.Count == 0)
        {
            return null;
        }

        var zeroCount = new LiteralExpr(0, ValueKind.Integer);
        var output = new List<Statement>
        {
            new AssignStatement(outerCountName, ValueKind.Integer, CountFrom(zeroCount, outer.Count), Declare: true),
            new AssignStatement(innerCountName, ValueKind.Integer, CountFrom(zeroCount, innerCount), Declare: true),
        };
        output.AddRange(prelude);
        var newInner = inner with { Body = ReplaceStatements(inner.Body, replaced).ToEquatableArray() };
        output.Add(outer with { Body = outer.Body.Select((s, i) => i == at ? newInner : s).ToEquatableArray() });
        output.AddRange(after);
        return output;
    }

    /// <summary>
    /// The integer locals a loop body assigns from values fixed for the iteration (literals, names the nest never
    /// assigns, the loop indices), substituted into later expressions; and the calls and statements that run exactly once
    /// per iteration: those directly in the body, or under an <c>if</c> whose condition is then a true comparison of
    /// constants.
    /// </summary>
    private sealed class Substitution(ISet<string> varying, Dictionary<string, Expr> known)
    {
        public Expr Substitute(Expr expression) =>
            ExprFactory.Rewrite(expression, e => e is VariableExpr { Name: var name } && known.TryGetValue(name, out var value) ? value : null);

        /// <summary>
        /// Walks <paramref name="statements"/> in order, calling <paramref name="onCall"/> for the call of each running sum
        /// <c>s = s + Call(...)</c> (the form <see cref="Vectorization"/> gives a dot product) that always runs: a call
        /// anywhere else in an expression (a branch of <c>?:</c>) may not run, and moving it could read out of range.
        /// </summary>
        public void Track(IEnumerable<Statement> statements, IReadOnlyList<string> indices, Action<Expr, Func<Expr, Expr>>? onCall) =>
            TrackStatements(statements, indices, (statement, substitute) =>
            {
                if (onCall is not null && statement is AssignStatement { Value: BinaryExpr { Operator: BinaryOperator.Add, Left: VariableExpr, Right: EmittedCallExpr call } })
                {
                    onCall(call, substitute);
                }
            });

        /// <summary>Walks <paramref name="statements"/> in order, calling <paramref name="onStatement"/> for each statement that always runs.</summary>
        public void TrackStatements(IEnumerable<Statement> statements, IReadOnlyList<string> indices, Action<Statement, Func<Expr, Expr>> onStatement)
        {
            foreach (var statement in statements)
            {
                onStatement(statement, Substitute);
                if (statement is IfStatement branch && IsTrue(Substitute(branch.Condition)))
                {
                    TrackStatements(branch.Then, indices, onStatement);
                    continue;
                }

                if (statement is AssignStatement { TargetKind: ValueKind.Integer } assign)
                {
                    var value = Substitute(assign.Value);
                    if (ProgramFacts.Reads(value).All(name => !varying.Contains(name) || indices.Contains(name)) && Pure(value))
                    {
                        known[assign.Target] = value;
                        continue;
                    }
                }

                foreach (string name in NestFacts.Of(new[] { statement }).Changed)
                {
                    known.Remove(name);
                }
            }
        }
    }

    /// <summary>What a nest changes and reads, and whether it can leave an iteration early.</summary>
    private sealed class NestFacts : StatementWalker
    {
        /// <summary>Every name assigned, written element by element, or possibly written through a call (other than by adding into it with <c>MultiplyAdd</c> or <c>+=</c>).</summary>
        public HashSet<string> Written { get; } = new(StringComparer.Ordinal);

        /// <summary>Arrays added into: element accumulations and <c>MultiplyAdd</c> destinations.</summary>
        public HashSet<string> Accumulated { get; } = new(StringComparer.Ordinal);

        /// <summary>Every name read, except as the destination of a <c>MultiplyAdd</c>.</summary>
        public HashSet<string> Read { get; } = new(StringComparer.Ordinal);

        public bool Jumps { get; private set; }

        /// <summary>Everything whose value the nest may change.</summary>
        public HashSet<string> Changed => new(Written.Concat(Accumulated), StringComparer.Ordinal);

        public static NestFacts Of(IEnumerable<Statement> statements)
        {
            var facts = new NestFacts();
            facts.Walk(statements);
            return facts;
        }

        private void Reads(Expr? expression)
        {
            if (expression is null)
            {
                return;
            }

            Read.UnionWith(ProgramFacts.Reads(expression));

            // A call other than a dot product may write the spans it is given.
            if (ExprFactory.Mentions(expression, e => e is PullbackCallExpr or DifferentiableCallExpr or OpaqueCallExpr or EmittedCallExpr { Method: not KnownTypes.VectorDot }))
            {
                Written.UnionWith(CallWrites(expression));
            }
        }

        /// <summary>
        /// What a call may write: every array it is given (a span argument may be written through), and what it takes by
        /// <c>ref</c> or <c>out</c> (a pullback's scalar adjoints); a scalar passed by value stays as it is.
        /// </summary>
        private static IEnumerable<string> CallWrites(Expr expression)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            void Visit(Expr e)
            {
                switch (e)
                {
                    case VariableExpr { VariableKind: not (ValueKind.Real or ValueKind.Integer or ValueKind.Boolean or ValueKind.Long or ValueKind.UnsignedInteger or ValueKind.UnsignedLong) } variable:
                        names.Add(variable.Name);
                        break;
                    case PullbackCallExpr pullback:
                        foreach (var adjoint in pullback.Adjoints.Where(a => a.ByRef))
                        {
                            names.UnionWith(ProgramFacts.Reads(adjoint.Target));
                        }

                        break;
                    case EmittedCallExpr call:
                        foreach (var argument in call.Arguments.Where(a => a.Modifier.Length > 0))
                        {
                            names.UnionWith(ProgramFacts.Reads(argument.Value));
                        }

                        break;
                }

                foreach (var child in ExprFactory.Children(e))
                {
                    Visit(child);
                }
            }

            Visit(expression);
            return names;
        }

        public override void VisitDeclare(DeclareStatement statement) => Written.Add(statement.Name);

        public override void VisitAssign(AssignStatement statement)
        {
            Reads(statement.Value);
            Written.Add(statement.Target);
        }

        public override void VisitElementAssign(ElementAssignStatement statement)
        {
            Reads(statement.Index);
            Reads(statement.Value);
            Written.Add(statement.Array);
        }

        public override void VisitArrayCreate(ArrayCreateStatement statement)
        {
            Reads(statement.Length);
            Written.Add(statement.Array);
        }

        public override void VisitAccumulate(AccumulateStatement statement)
        {
            Reads(statement.Value);
            Written.Add(statement.Target);
        }

        public override void VisitElementAccumulate(ElementAccumulateStatement statement)
        {
            Reads(statement.Index);
            Reads(statement.Value);
            Accumulated.Add(statement.Array);
        }

        public override void VisitClear(ClearStatement statement) => Written.Add(statement.Array);

        public override void VisitIf(IfStatement statement)
        {
            Reads(statement.Condition);
            WalkChildren(statement);
        }

        public override void VisitLoop(LoopStatement statement)
        {
            Reads(statement.Condition);
            WalkChildren(statement);
        }

        public override void VisitCountdownLoop(CountdownLoopStatement statement)
        {
            Reads(statement.Count);
            Written.Add(statement.Counter);
            WalkChildren(statement);
        }

        public override void VisitBreak(BreakStatement statement) => Jumps = true;

        public override void VisitContinue(ContinueStatement statement) => Jumps = true;

        public override void VisitReturn(ReturnStatement statement) => Jumps = true;

        public override void VisitExit(ExitStatement statement) => Jumps = true;

        public override void VisitTapeScope(TapeScopeStatement statement)
        {
            Written.Add(statement.Mark);
            WalkChildren(statement);
        }

        public override void VisitScratchScope(ScratchScopeStatement statement)
        {
            Written.Add(statement.Mark);
            WalkChildren(statement);
        }

        public override void VisitPush(PushStatement statement) => Reads(statement.Value);

        public override void VisitPop(PopStatement statement)
        {
            Reads(statement.Index);
            Written.Add(statement.Target);
        }

        public override void VisitCall(CallStatement statement)
        {
            if (statement.Call is EmittedCallExpr { Method: KnownTypes.VectorMultiplyAdd, Arguments: { Count: 3 } arguments }
                && arguments[2].Value is SliceExpr { Array: VariableExpr destination } slice)
            {
                Reads(arguments[0].Value);
                Reads(arguments[1].Value);
                Reads(slice.Start);
                Reads(slice.Length);
                Accumulated.Add(destination.Name);
                return;
            }

            Reads(statement.Call);
            Written.UnionWith(CallWrites(statement.Call));
        }

        public override void VisitComment(CommentStatement statement)
        {
        }

        public override void VisitEffect(EffectStatement statement)
        {
            foreach (var part in statement.Parts)
            {
                Reads(part.Value);
                if (part.Value is not null)
                {
                    Written.UnionWith(ProgramFacts.Reads(part.Value));
                }
            }

            Jumps |= statement.Parts.Any(p => p.Text is not null);
        }

        public override void VisitArgumentCheck(ArgumentCheckStatement statement)
        {
        }
    }

    /// <summary>The position of the only statement of <paramref name="statements"/> that matches, or -1.</summary>
    private static int SingleIndex(IReadOnlyList<Statement> statements, Func<Statement, bool> match)
    {
        int found = -1;
        for (int i = 0; i < statements.Count; i++)
        {
            if (match(statements[i]))
            {
                if (found >= 0)
                {
                    return -1;
                }

                found = i;
            }
        }

        return found;
    }

    private static bool ReadsAny(Expr expression, ISet<string> names) => ProgramFacts.Reads(expression).Overlaps(names);

    /// <summary>Whether <paramref name="start"/> reads nothing the nest changes but <paramref name="indices"/>, each linearly (a coefficient exists).</summary>
    private static bool Affine(Expr start, ISet<string> varying, IReadOnlyList<string> indices) =>
        Pure(start)
        && ProgramFacts.Reads(start).All(name => !varying.Contains(name) || indices.Contains(name))
        && indices.All(index => Coefficient(start, index) is { } coefficient && !ProgramFacts.Reads(coefficient).Overlaps(indices));

    /// <summary>c when <paramref name="expression"/> is c * index plus terms without index (c itself without it); null otherwise.</summary>
    private static Expr? Coefficient(Expr expression, string index)
    {
        if (!ProgramFacts.Reads(expression).Contains(index))
        {
            return new LiteralExpr(0, ValueKind.Integer);
        }

        switch (expression)
        {
            case VariableExpr:
                return new LiteralExpr(1, ValueKind.Integer);
            case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract, ResultKind: ValueKind.Integer } sum:
                return Coefficient(sum.Left, index) is { } left && Coefficient(sum.Right, index) is { } right ? Integer(sum.Operator, left, right) : null;
            case BinaryExpr { Operator: BinaryOperator.Multiply, ResultKind: ValueKind.Integer } product:
                if (!ProgramFacts.Reads(product.Left).Contains(index))
                {
                    return Coefficient(product.Right, index) is { } c ? Integer(BinaryOperator.Multiply, product.Left, c) : null;
                }

                if (!ProgramFacts.Reads(product.Right).Contains(index))
                {
                    return Coefficient(product.Left, index) is { } c ? Integer(BinaryOperator.Multiply, c, product.Right) : null;
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsZero(Expr? expression) => expression is LiteralExpr { Value: 0 };

    /// <summary>An integer operation with literal operands folded (and 0 and 1 dropped where they change nothing).</summary>
    private static Expr Integer(BinaryOperator op, Expr left, Expr right)
    {
        if (left is LiteralExpr { LiteralKind: ValueKind.Integer } l && right is LiteralExpr { LiteralKind: ValueKind.Integer } r)
        {
            double? value = op switch
            {
                BinaryOperator.Add => l.Value + r.Value,
                BinaryOperator.Subtract => l.Value - r.Value,
                BinaryOperator.Multiply => l.Value * r.Value,
                _ => null,
            };
            if (value is { } folded && Math.Abs(folded) <= int.MaxValue)
            {
                return new LiteralExpr(folded, ValueKind.Integer);
            }
        }

        return (op, left, right) switch
        {
            (BinaryOperator.Multiply, LiteralExpr { Value: 0 }, _) or (BinaryOperator.Multiply, _, LiteralExpr { Value: 0 }) => new LiteralExpr(0, ValueKind.Integer),
            (BinaryOperator.Multiply, LiteralExpr { Value: 1 }, _) => right,
            (BinaryOperator.Multiply, _, LiteralExpr { Value: 1 }) => left,
            _ => ExprFactory.Integer(op, left, right),
        };
    }

    /// <summary><paramref name="expression"/> with <paramref name="index"/> replaced by <paramref name="value"/>, literal arithmetic folded.</summary>
    private static Expr Replace(Expr expression, string index, Expr value) => Fold(ExprFactory.Rewrite(expression, e => e is VariableExpr { Name: var name } && name == index ? value : null));

    private static Expr Fold(Expr expression) => expression switch
    {
        BinaryExpr { ResultKind: ValueKind.Integer, Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply } b => Integer(b.Operator, Fold(b.Left), Fold(b.Right)),
        _ => expression,
    };

    /// <summary>Whether <paramref name="condition"/> compares two integer constants (after folding) and holds.</summary>
    private static bool IsTrue(Expr condition) =>
        condition is BinaryExpr { Left: var left, Right: var right } comparison
        && Fold(left) is LiteralExpr { LiteralKind: ValueKind.Integer, Value: var l }
        && Fold(right) is LiteralExpr { LiteralKind: ValueKind.Integer, Value: var r }
        && comparison.Operator switch
        {
            BinaryOperator.Less => l < r,
            BinaryOperator.LessOrEqual => l <= r,
            BinaryOperator.Greater => l > r,
            BinaryOperator.GreaterOrEqual => l >= r,
            BinaryOperator.Equal => l == r,
            BinaryOperator.NotEqual => l != r,
            _ => false,
        };

    /// <summary>An integer expression of locals, literals and arithmetic only (no element reads, no calls).</summary>
    private static bool Pure(Expr expression) => expression switch
    {
        LiteralExpr or VariableExpr => true,
        BinaryExpr or UnaryExpr or ConditionalExpr => ExprFactory.Children(expression).All(Pure),
        _ => false,
    };

    /// <summary>max(0, bound - start): how many times a loop counting from start while below bound runs.</summary>
    private static Expr CountFrom(Expr start, Expr bound) =>
        new ConditionalExpr(
            new BinaryExpr(BinaryOperator.Less, start, bound, ValueKind.Boolean),
            Integer(BinaryOperator.Subtract, bound, start),
            new LiteralExpr(0, ValueKind.Integer),
            ValueKind.Integer);

    private static IEnumerable<Statement> ReplaceCalls(IEnumerable<Statement> statements, IReadOnlyDictionary<object, Expr> calls)
    {
        Expr Rewrite(Expr e) => ExprFactory.Rewrite(e, x => calls.TryGetValue(x, out var replacement) ? replacement : null);
        foreach (var statement in statements)
        {
            yield return statement switch
            {
                AssignStatement assign => assign with { Value = Rewrite(assign.Value) },
                IfStatement branch => branch with { Then = ReplaceCalls(branch.Then, calls).ToEquatableArray() },
                _ => statement,
            };
        }
    }

    private static IEnumerable<Statement> ReplaceStatements(IEnumerable<Statement> statements, IReadOnlyDictionary<object, Statement> replaced)
    {
        foreach (var statement in statements)
        {
            yield return replaced.TryGetValue(statement, out var replacement) ? replacement
                : statement is IfStatement branch ? branch with { Then = ReplaceStatements(branch.Then, replaced).ToEquatableArray() }
                : statement;
        }
    }
}
