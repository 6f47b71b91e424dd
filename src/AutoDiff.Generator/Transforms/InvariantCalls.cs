using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Loop-invariant calls computed once, into a table (loop-invariant code motion with scalar expansion). A call of a
/// math function the JIT does not inline (<c>Math.Exp</c>, <c>Math.Log</c>: tens of cycles each) inside a loop L, whose
/// arguments depend only on data L never changes and on the counters of the counting loops between L and the call, has
/// one value per combination of those counters, the same in every iteration of L. Before L those values are computed
/// into a table borrowed from the tape, by a copy of the counting loops and of the assignments the arguments read; in L
/// the call becomes a read of the table. The GMM objective's point loop recomputes <c>Math.Exp(q)</c> of each component's
/// d diagonal entries for every point: K d calls instead of n K d.
/// </summary>
/// <remarks>
/// <para>
/// This runs on the user's method before it is differentiated, so every generated member treats the table as the local
/// array it is: its adjoint gathers the adjoint of every read before the reverse of the filling loop passes it on once
/// per entry. The value and the directional derivative keep their bits; the gradient and the HVP add up the same terms in
/// another order (<c>e * (a_1 + a_2)</c> instead of <c>e * a_1 + e * a_2</c>), so they may differ in the last bits.
/// <c>InvariantCalls</c> in <c>AutoDiffDisabledOptimizations</c> turns it off (<see cref="DifferentiationOptions.InvariantCalls"/>).
/// </para>
/// <para>
/// Nothing runs that the original would not run: the table is filled only when L runs at least once (its test is made
/// first), and only from a call every first iteration of L makes at every combination of the counters. So L's body at its
/// own level and the counting loops around the call have no break or continue, the call and the assignments it reads
/// stand directly in their bodies (not under an <c>if</c>, nor in a conditional or after a <c>&amp;&amp;</c>), the
/// counting loops' starts and bounds are integers L does not change (the loop nest is rectangular, so the table has the
/// product of their trip counts as length), and L calls no other method (no opaque call, no differentiable callee) and
/// has no effect (a guard clause could end the call before the first iteration reaches the call). Only loops outside
/// every other loop are looked at, so a table is filled once per entry into L and borrowed once per call.
/// </para>
/// <para>
/// The table holds one double per call an iteration of L makes (K d for GMM). Its length is an <c>int</c> product, so a
/// nest of more than 2^31 - 1 calls an iteration throws instead of running. As in the rest of the generator (the
/// recomputation in the reverse sweep), arrays of different names are taken to be different memory: a write through one
/// is not looked for in what another reads.
/// </para>
/// </remarks>
internal sealed class InvariantCalls
{
    private readonly NameAllocator _names;
    private readonly List<DeclareStatement> _locals = new();

    private InvariantCalls(NameAllocator names) => _names = names;

    /// <summary>The body with the invariant calls of its outermost loops read from tables, and the locals it added.</summary>
    public static (List<Statement> Body, List<DeclareStatement> Locals) Apply(IReadOnlyList<Statement> body, NameAllocator names)
    {
        var pass = new InvariantCalls(names);
        return (pass.OutsideLoops(body), pass._locals);
    }

    /// <summary>The statements, each outermost loop among them (in ifs too) preceded by the tables it reads.</summary>
    private List<Statement> OutsideLoops(IReadOnlyList<Statement> statements)
    {
        var output = new List<Statement>();
        foreach (var statement in statements)
        {
            if (statement is not LoopStatement loop)
            {
                output.Add(StatementTree.WithChildLists(statement, OutsideLoops));
                continue;
            }

            var hoists = new LoopAnalysis(loop).Hoists();
            if (hoists.Count == 0)
            {
                output.Add(loop);
                continue;
            }

            // The tables are filled before the loop's header: before its counter's start and the line comment above it, so
            // the loop keeps its #line mapping and is still a counting loop (whose start is the statement before it).
            int at = output.Count;
            Expr? test = loop.TestFirst ? loop.Condition : null;
            if (loop.Index is { } index && at > 0 && output[at - 1] is AssignStatement { Target: var started } start && started == index)
            {
                at--;
                test = test is null ? null : ExprFactory.Rewrite(test, e => e is VariableExpr { Name: var name } && name == index ? start.Value : null);
            }

            if (at > 0 && output[at - 1] is CommentStatement { SourceLine: not null, IsReverse: false })
            {
                at--;
            }

            var replacements = new Dictionary<Statement, Statement>(ReferenceEqualityComparer.Instance);
            var fills = new List<Statement>();
            foreach (var hoist in hoists)
            {
                fills.AddRange(Fill(hoist, test, replacements));
            }

            output.InsertRange(at, fills);
            output.Add(Replaced(loop, replacements));
        }

        return output;
    }

    /// <summary>
    /// The table of <paramref name="hoist"/>: its creation and the loops that fill it (when <paramref name="test"/>, the
    /// loop's first test, holds); the statement that makes the call now reads the table instead (in <paramref name="replacements"/>).
    /// </summary>
    private List<Statement> Fill(Hoist hoist, Expr? test, Dictionary<Statement, Statement> replacements)
    {
        string table = _names.Fresh(hoist.Call.Function.Name.ToLowerInvariant() + "Table");
        _locals.Add(new DeclareStatement(table, ValueKind.RealArray, LocalArrayKind.Tape));

        // The copies compute into locals of their own, so nothing the loop or the code after it reads changes.
        var copies = new Dictionary<string, string>(StringComparer.Ordinal);
        void Copy(string name, ValueKind kind)
        {
            copies[name] = _names.Fresh(name);
            _locals.Add(new DeclareStatement(copies[name], kind));
        }

        foreach (var counter in hoist.Counters)
        {
            Copy(counter.Index, ValueKind.Integer);
        }

        foreach (var definition in hoist.Slice)
        {
            Copy(definition.Assign.Target, definition.Assign.TargetKind);
        }

        Expr Renamed(Expr value) => ExprFactory.Rewrite(
            value,
            e => e is VariableExpr { Name: var name } variable && copies.TryGetValue(name, out var copy) ? variable with { Name = copy } : null);

        // Row-major over the counting loops, outermost first: ((c1 - s1) * n2 + (c2 - s2)) * n3 + ... The strides are the
        // trip counts; where the call runs at all, each loop runs, so bound - start is its count.
        Expr Position(Func<string, string> counterName)
        {
            Expr position = Int(0);
            foreach (var counter in hoist.Counters)
            {
                var offset = ExprFactory.Integer(BinaryOperator.Subtract, new VariableExpr(counterName(counter.Index), ValueKind.Integer), counter.Start);
                position = position is LiteralExpr { Value: 0 }
                    ? offset
                    : ExprFactory.Integer(BinaryOperator.Add, ExprFactory.Integer(BinaryOperator.Multiply, position, counter.TripCountWhenRun), offset);
            }

            return position;
        }

        var read = new ElementExpr(new VariableExpr(table, ValueKind.RealArray), Position(name => name));
        var statement = replacements.TryGetValue(hoist.Statement, out var earlier) ? earlier : hoist.Statement;
        replacements[hoist.Statement] = statement switch
        {
            AssignStatement assign => assign with { Value = ExprFactory.Rewrite(assign.Value, e => e.Equals(hoist.Call) ? read : null) },
            ElementAssignStatement element => element with { Value = ExprFactory.Rewrite(element.Value, e => e.Equals(hoist.Call) ? read : null) },
            _ => throw new InvalidOperationException("InvariantCalls only takes calls from assignments."),
        };

        // The filling loop nest, level by level: the assignments the arguments read, then the next counting loop.
        var entry = new ElementAssignStatement(table, Position(name => copies[name]), Renamed(hoist.Call));
        List<Statement> Level(int depth)
        {
            var level = hoist.Slice.Where(s => s.Depth == depth)
                .Select(s => (Statement)new AssignStatement(copies[s.Assign.Target], s.Assign.TargetKind, Renamed(s.Assign.Value), Declare: false))
                .ToList();
            if (depth == hoist.Counters.Count)
            {
                level.Add(entry);
                return level;
            }

            var counter = hoist.Counters[depth];
            var copy = new VariableExpr(copies[counter.Index], ValueKind.Integer);
            level.Add(new AssignStatement(copy.Name, ValueKind.Integer, counter.Start, Declare: false));
            level.Add(new LoopStatement(
                new BinaryExpr(BinaryOperator.Less, copy, counter.Bound, ValueKind.Boolean),
                TestFirst: true,
                Level(depth + 1).ToEquatableArray(),
                new Statement[] { new AssignStatement(copy.Name, ValueKind.Integer, ExprFactory.Integer(BinaryOperator.Add, copy, Int(1)), Declare: false) }.ToEquatableArray(),
                copy.Name,
                Step: 1));
            return level;
        }

        // Its length: the product of the trip counts, each at least 0 (the table is made even when the loop does not run).
        Expr length = Int(1);
        foreach (var counter in hoist.Counters)
        {
            var runs = new BinaryExpr(BinaryOperator.Less, counter.Start, counter.Bound, ValueKind.Boolean);
            var count = new ConditionalExpr(runs, counter.TripCountWhenRun, Int(0), ValueKind.Integer);
            length = length is LiteralExpr { Value: 1 } ? count : ExprFactory.Integer(BinaryOperator.Multiply, length, count);
        }

        var fill = Level(0);
        var statements = new List<Statement>
        {
            new CommentStatement($"{table}: {hoist.Call.Function.Name} of values the loop below does not change, computed once instead of in each of its iterations."),
            new ArrayCreateStatement(table, length, LocalArrayKind.Tape),
        };
        if (test is null)
        {
            statements.AddRange(fill);
        }
        else
        {
            statements.Add(new IfStatement(test, fill.ToEquatableArray(), EquatableArray<Statement>.Empty));
        }

        return statements;
    }

    private static LiteralExpr Int(long value) => new(value, ValueKind.Integer);

    /// <summary><paramref name="statement"/> with the statements in <paramref name="replacements"/> replaced, at any depth.</summary>
    private static Statement Replaced(Statement statement, Dictionary<Statement, Statement> replacements) =>
        replacements.TryGetValue(statement, out var replacement)
            ? replacement
            : StatementTree.WithChildLists(statement, list => list.Select(s => Replaced(s, replacements)));

    /// <summary>A counting loop between L and a call: <c>for (Index = Start; Index &lt; Bound; Index++)</c>.</summary>
    private sealed record Counter(string Index, Expr Start, Expr Bound)
    {
        public Expr TripCountWhenRun => ExprFactory.Integer(BinaryOperator.Subtract, Bound, Start);
    }

    /// <summary>
    /// A call to take out of L: the statement it is in, the counting loops around it (outermost first), and the
    /// assignments its arguments read, each with its depth (0: L's body, k: the body of the k-th counting loop), in order.
    /// </summary>
    private sealed record Hoist(Statement Statement, MathCallExpr Call, IReadOnlyList<Counter> Counters, IReadOnlyList<Definition> Slice);

    /// <summary>An assignment in L's body (depth 0) or a counting loop's body (depth k), at a position of that list.</summary>
    private sealed record Definition(AssignStatement Assign, int Depth, int Position);

    /// <summary>Finds the invariant calls of one outermost loop L.</summary>
    private sealed class LoopAnalysis
    {
        private readonly LoopStatement _loop;
        private readonly Dictionary<string, int> _assignments = new(StringComparer.Ordinal);

        // The path from L's body to the statement being looked at: each level's list and where on it the path goes on.
        private readonly List<(EquatableArray<Statement> List, int Position)> _path = new();
        private readonly List<Counter> _counters = new();
        private readonly List<Hoist> _hoists = new();

        public LoopAnalysis(LoopStatement loop)
        {
            _loop = loop;
            foreach (var statement in StatementTree.Descendants(loop.Body.Concat(loop.Increment)))
            {
                switch (statement)
                {
                    case AssignStatement assign:
                        Count(assign.Target);
                        break;
                    case ElementAssignStatement element:
                        Count(element.Array);
                        break;
                    case ArrayCreateStatement create:
                        Count(create.Array);
                        break;
                }
            }
        }

        private void Count(string name) => _assignments[name] = _assignments.TryGetValue(name, out int count) ? count + 1 : 1;

        private bool ChangedInLoop(string name) => _assignments.ContainsKey(name);

        public List<Hoist> Hoists()
        {
            bool callsOut = StatementTree.Descendants(_loop.Body).Any(s => s is EffectStatement)
                || Expressions(_loop).Any(e => ExprFactory.Mentions(e, inner => inner is OpaqueCallExpr or DifferentiableCallExpr));
            if (callsOut || LeavesEarly(_loop))
            {
                return _hoists;
            }

            Look(_loop.Body);
            return _hoists;
        }

        private static bool LeavesEarly(LoopStatement loop) => StatementTree.OfThisLoop(loop.Body).Any(s => s is BreakStatement or ContinueStatement);

        private static IEnumerable<Expr> Expressions(LoopStatement loop) =>
            StatementTree.Descendants(new Statement[] { loop }).SelectMany(s => s switch
            {
                AssignStatement assign => new[] { assign.Value },
                ElementAssignStatement element => new[] { element.Index, element.Value },
                ArrayCreateStatement create => new[] { create.Length },
                IfStatement branch => new[] { branch.Condition },
                LoopStatement inner => new[] { inner.Condition },
                _ => Array.Empty<Expr>(),
            });

        /// <summary>Looks at the statements of one level: the calls they make, and the counting loops to go into.</summary>
        private void Look(EquatableArray<Statement> list)
        {
            for (int position = 0; position < list.Count; position++)
            {
                _path.Add((list, position));
                switch (list[position])
                {
                    case AssignStatement assign:
                        Calls(assign, assign.Value);
                        break;
                    case ElementAssignStatement element:
                        Calls(element, element.Value);
                        break;
                    case LoopStatement inner when RectangularCounter(inner, list, position) is { } counter:
                        _counters.Add(counter);
                        Look(inner.Body);
                        _counters.RemoveAt(_counters.Count - 1);
                        break;
                }

                _path.RemoveAt(_path.Count - 1);
            }
        }

        /// <summary>
        /// The counter of a counting loop (up by one while below its bound, started by the statement before it) that runs
        /// every iteration to the end and whose start and bound L does not change; null for any other loop.
        /// </summary>
        private Counter? RectangularCounter(LoopStatement loop, EquatableArray<Statement> list, int position) =>
            CountingLoop.UpperBound(loop) is { } bound
            && position > 0
            && list[position - 1] is AssignStatement { Target: var started, Value: var start }
            && started == loop.Index
            && !LeavesEarly(loop)
            && IsStable(start)
            && IsStable(bound)
                ? new Counter(loop.Index!, start, bound)
                : null;

        /// <summary>An integer of literals and of variables and lengths L does not change, that cannot throw.</summary>
        private bool IsStable(Expr value) => value switch
        {
            LiteralExpr => true,
            VariableExpr { Name: var name } => !ChangedInLoop(name),
            LengthExpr { Array: VariableExpr { Name: var array } } => !ChangedInLoop(array),
            BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply } binary => IsStable(binary.Left) && IsStable(binary.Right),
            _ => false,
        } && value.Kind == ValueKind.Integer;

        /// <summary>The calls <paramref name="statement"/> always makes, each taken out of L if its arguments allow.</summary>
        private void Calls(Statement statement, Expr value)
        {
            switch (value)
            {
                case MathCallExpr { Function.IsInlined: false, Kind: ValueKind.Real } call when Slice(call) is { } slice:
                    // The same call twice in one statement is one table: the statement reads it in both places.
                    if (!_hoists.Any(h => ReferenceEquals(h.Statement, statement) && h.Call.Equals(call)))
                    {
                        _hoists.Add(new Hoist(statement, call, _counters.ToList(), slice));
                    }

                    return;

                // Only what is always evaluated: not a branch of a conditional, nor what follows && or ||.
                case ConditionalExpr conditional:
                    Calls(statement, conditional.Condition);
                    return;
                case BinaryExpr { Operator: BinaryOperator.And or BinaryOperator.Or } logical:
                    Calls(statement, logical.Left);
                    return;
            }

            foreach (var child in ExprFactory.Children(value))
            {
                Calls(statement, child);
            }
        }

        /// <summary>
        /// The assignments in L that the call's arguments read, in program order, when the arguments are the same in every
        /// iteration of L; null when they are not.
        /// </summary>
        private List<Definition>? Slice(MathCallExpr call)
        {
            var slice = new List<Definition>();
            int depth = _path.Count - 1;
            return call.Arguments.All(argument => IsInvariant(argument, depth, _path[depth].Position, slice))
                ? slice.OrderBy(s => s.Depth).ThenBy(s => s.Position).ToList()
                : null;
        }

        /// <summary>
        /// Whether <paramref name="value"/>, read at <paramref name="position"/> of the list at <paramref name="depth"/>,
        /// has a value that depends only on the counters of the loops around it up to that depth: it reads data L does not
        /// change, those counters, and locals assigned once in L, directly on the path before it, from such values (which
        /// join <paramref name="slice"/>).
        /// </summary>
        private bool IsInvariant(Expr value, int depth, int position, List<Definition> slice)
        {
            switch (value)
            {
                case LiteralExpr or ThisExpr or MemberExpr { Receiver: null }:
                    return true;
                case VariableExpr { Name: var name }:
                    if (!ChangedInLoop(name))
                    {
                        return true;
                    }

                    int counter = _counters.FindIndex(c => c.Index == name);
                    if (counter >= 0)
                    {
                        // The counter of the loop whose body is at depth counter + 1: in scope below it.
                        return counter < depth;
                    }

                    if (_assignments[name] != 1 || Find(name, depth, position) is not { } definition)
                    {
                        return false;
                    }

                    if (slice.Contains(definition))
                    {
                        return true;
                    }

                    // Its value is read where it stands: a local it reads itself (s = s + 1) is then not yet assigned in this
                    // iteration, so Find does not find it.
                    if (!IsInvariant(definition.Assign.Value, definition.Depth, definition.Position, slice))
                    {
                        return false;
                    }

                    slice.Add(definition);
                    return true;
                case ElementExpr { Array: VariableExpr { Name: var array } } element:
                    return !ChangedInLoop(array) && IsInvariant(element.Index, depth, position, slice);
                case DataElementExpr { Data: VariableExpr or MemberExpr } data:
                    return (data.Data is not VariableExpr { Name: var dataName } || !ChangedInLoop(dataName))
                        && data.Indices.All(index => IsInvariant(index, depth, position, slice));
                case LengthExpr { Array: VariableExpr { Name: var array } }:
                    return !ChangedInLoop(array);
                case MemberExpr or UnaryExpr or BinaryExpr or ConvertExpr or MathCallExpr or ConditionalExpr:
                    return ExprFactory.Children(value).All(child => IsInvariant(child, depth, position, slice));
                default:
                    return false;
            }
        }

        /// <summary>The one assignment of <paramref name="name"/> in L when it stands on the path, before the point read at.</summary>
        private Definition? Find(string name, int depth, int position)
        {
            for (int level = 0; level <= depth; level++)
            {
                var (list, onPath) = _path[level];
                int end = level == depth ? position : onPath;
                for (int i = 0; i < end; i++)
                {
                    if (list[i] is AssignStatement assign && assign.Target == name)
                    {
                        return new Definition(assign, level, i);
                    }
                }
            }

            return null;
        }
    }
}
