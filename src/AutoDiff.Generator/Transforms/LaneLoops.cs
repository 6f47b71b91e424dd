using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Runs a counting loop four iterations at a time, in <c>Vector256&lt;double&gt;</c> lanes, when its iterations depend on
/// one another only through running sums and the pending sums of <see cref="GatherForm"/>: a fused extended-Rosenbrock
/// gradient, an elementwise map, a directional derivative's sums. The lane loop goes in front of the scalar loop, which
/// is left as it was and runs the iterations that do not fill a block:
/// <code>
/// if (Vector256.IsHardwareAccelerated &amp;&amp; n &gt;= 4 &amp;&amp; i &lt;= n - 4 &amp;&amp; (every element read or written in range) &amp;&amp; (outputs share no memory with what the loop reads))
/// {
///     do
///     {
///         aLanes = 1.0 - LoadLanes(x, i); ...; sumTerm = tLanes; ...;
///         StoreLanes(ShiftLanesIn(pending1Previous, pending1Lanes, 1) + pending0Lanes, g, i); pending1Previous = pending1Lanes;
///         sum = sum + lane 0 of sumTerm + lane 1 + lane 2 + lane 3;
///         i = i + 4;
///     } while (i &lt;= n - 4);
///     pending0 = 0.0 + lane 3 of pending1Previous;
/// }
/// while (i &lt; n) { the scalar iteration }
/// </code>
/// <para>
/// Every value has the scalar code's bits: each lane computes what its iteration computes, operation by operation (no
/// fused multiply-add); a running sum adds its terms lane by lane in the iterations' order; an element of a gather-form
/// output gets the contributions of the iterations before it through <c>ShiftLanesIn</c> (the previous block's last
/// lanes), added in the scalar order from the same zero. After the last block the pending sums are rebuilt from its
/// lanes, so the scalar loop goes on as if it had run every iteration.
/// </para>
/// <para>
/// Taken when the loop counts up by 1 while <c>i &lt; bound</c> (a bound it does not change), and its body is straight
/// assignments: of locals it assigns before reading in the same iteration and reads nowhere else (lanes), of running
/// sums <c>s = s + e</c> or <c>s += e</c> it reads nowhere else, of pending sums, and of outputs at <c>b + i + c</c> that
/// it writes once and does not read; the values are literals, lanes, doubles it does not assign, elements
/// <c>x[b + i + c]</c> of arrays it does not write (b an integer expression of variables and lengths the loop does not
/// change, c a constant), <c>+ - * /</c>, negation, <c>Math.Sqrt</c>, <c>Math.Abs</c>, the guards of derivative
/// contributions (<see cref="GuardedExpr"/>: a select between zero and the value), and <c>c ? a : b</c> on a comparison
/// of such values (<c>Math.Abs</c>'s derivative).
/// </para>
/// <para>
/// The test before the lane loop covers every element any iteration reads or writes (in 64-bit arithmetic, per array
/// and base), so the loads and stores need no check, and a loop that would go out of range leaves it to the scalar loop,
/// which throws where it always did. Applied to the finished members, after <see cref="Vectorization"/> (whose dot
/// kernels it leaves alone), under its own switch, <c>LaneLoops</c>, which <c>Vectorization</c> also turns off.
/// </para>
/// </summary>
internal static class LaneLoops
{
    private const int Width = 4;

    public static GeneratedMethod Apply(GeneratedMethod method)
    {
        var rewriter = new Rewriter(method.Body, NameAllocator.ForMember(method));
        var body = rewriter.Rewrite(method.Body);
        return rewriter.Changed ? method with { Body = body.ToEquatableArray() } : method;
    }

    private sealed class Rewriter(IReadOnlyList<Statement> method, NameAllocator names)
    {
        public bool Changed { get; private set; }

        public List<Statement> Rewrite(IReadOnlyList<Statement> statements)
        {
            var output = new List<Statement>();
            for (int position = 0; position < statements.Count; position++)
            {
                var statement = statements[position];
                if (statement is LoopStatement loop && Plan.Of(loop, () => ReadOutside(loop), ZeroedBefore(statements, position)) is { } plan)
                {
                    output.AddRange(plan.LaneLoop(names));

                    // The lane loop's comment hides the lines after it from the debugger. The emitter maps each line to
                    // the source line of the last comment before it (a forward one), so a copy of that comment maps the
                    // scalar loop where it was.
                    if (StatementTree.Descendants(method).TakeWhile(s => !ReferenceEquals(s, loop)).OfType<CommentStatement>().LastOrDefault()
                        is { SourceLine: not null, IsReverse: false } line)
                    {
                        output.Add(line);
                    }

                    output.Add(loop);
                    Changed = true;
                }
                else
                {
                    output.Add(StatementTree.WithChildLists(statement, Rewrite));
                }
            }

            return output;
        }

        /// <summary>The names the method uses anywhere but in <paramref name="loop"/>.</summary>
        private HashSet<string> ReadOutside(LoopStatement loop) => DeadStores.Used(Without(method, loop));

        private static List<Statement> Without(IEnumerable<Statement> statements, Statement removed) => statements
            .Where(s => !ReferenceEquals(s, removed))
            .Select(s => StatementTree.WithChildLists(s, list => Without(list, removed)))
            .ToList();
    }

    /// <summary>
    /// The doubles set to 0.0 by the assignments right before <paramref name="position"/> (the gather form's pending sums,
    /// zero when its loop starts).
    /// </summary>
    private static HashSet<string> ZeroedBefore(IReadOnlyList<Statement> statements, int position)
    {
        var zeroed = new HashSet<string>(StringComparer.Ordinal);
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        for (int before = position - 1; before >= 0 && statements[before] is AssignStatement assign; before--)
        {
            if (IsPositiveZero(assign.Value) && !assigned.Contains(assign.Target))
            {
                zeroed.Add(assign.Target);
            }

            assigned.Add(assign.Target);
        }

        return zeroed;
    }

    /// <summary>A gather-form output: <c>array[i + offset] = r0</c> (or <c>+=</c>), then <c>r0 = r1; ...; rw = 0.0</c>.</summary>
    private sealed record Chain(Statement Write, string Array, Expr Index, bool Adds, IReadOnlyList<string> Registers);

    /// <summary>An iteration's addition <c>register += value</c> into a chain, <see cref="Shift"/> iterations before the element's own.</summary>
    private sealed record Contribution(Chain Chain, int Shift, Expr Value)
    {
        public string Lanes { get; set; } = "";

        public string Previous { get; set; } = "";
    }

    /// <summary>What a loop's lane version needs, once the loop is known to qualify.</summary>
    private sealed class Plan
    {
        private readonly string _index;
        private readonly Expr _bound;
        private readonly List<Statement> _work;
        private readonly ISet<string> _assignedInLoop;
        private readonly List<Chain> _chains = new();
        private readonly List<Contribution> _contributions = new();
        private readonly List<string> _sums = new();
        private readonly List<string> _lanes = new();
        private readonly List<string> _invariants = new();
        private readonly Dictionary<Place, (int Low, int High)> _reads = new();
        private readonly Dictionary<string, (Expr Base, int Offset)> _writes = new(StringComparer.Ordinal);

        private Plan(string index, Expr bound, List<Statement> work, ISet<string> assignedInLoop)
        {
            _index = index;
            _bound = bound;
            _work = work;
            _assignedInLoop = assignedInLoop;
        }

        public static Plan? Of(LoopStatement loop, Func<ISet<string>> readOutside, ISet<string> zeroedBefore)
        {
            if (CountingLoop.UpperBound(loop) is not { } bound)
            {
                return null;
            }

            string index = loop.Index!;

            var assigned = new HashSet<string>(StringComparer.Ordinal) { index };
            StatementTree.CollectAssigned(loop.Body, assigned);
            foreach (var accumulate in loop.Body.OfType<AccumulateStatement>())
            {
                assigned.Add(accumulate.Target);
            }

            if (ProgramFacts.Reads(bound).Overlaps(assigned))
            {
                return null;
            }

            var plan = new Plan(index, bound, loop.Body.Where(s => s is not CommentStatement).ToList(), assigned);
            // The names used outside the loop are found last: it takes a walk over the whole method.
            return plan.FindChains(zeroedBefore) && plan.Classify() && plan._writes.Count + plan._sums.Count > 0 && !readOutside().Overlaps(plan._lanes)
                ? plan
                : null;
        }

        /// <summary>
        /// Takes the gather-form writes and their shifts out of the work list: a write of a double the loop assigns, followed
        /// by an assignment of that double, heads a chain; false for a chain of another shape.
        /// </summary>
        private bool FindChains(ISet<string> zeroedBefore)
        {
            for (int at = 0; at < _work.Count; at++)
            {
                if (Write(_work[at]) is not (var array, var index, var adds, VariableExpr { VariableKind: ValueKind.Real, Name: var first })
                    || at + 1 == _work.Count
                    || _work[at + 1] is not AssignStatement { Target: var shifted }
                    || shifted != first)
                {
                    continue;
                }

                // r0 = r1; r1 = r2; ...; rw = 0.0, right after the write.
                var registers = new List<string> { first };
                int next = at + 1;
                while (true)
                {
                    if (next == _work.Count || _work[next] is not AssignStatement { Declare: false } shift || shift.Target != registers[registers.Count - 1])
                    {
                        return false;
                    }

                    next++;
                    if (IsPositiveZero(shift.Value))
                    {
                        break;
                    }

                    if (shift.Value is not VariableExpr { VariableKind: ValueKind.Real, Name: var carried } || registers.Contains(carried))
                    {
                        return false;
                    }

                    registers.Add(carried);
                }

                if (registers.Count > Width || !registers.All(zeroedBefore.Contains)
                    || _chains.Any(chain => chain.Registers.Intersect(registers, StringComparer.Ordinal).Any()))
                {
                    return false;
                }

                _chains.Add(new Chain(_work[at], array, index, adds, registers));
                _work.RemoveRange(at + 1, next - at - 1);
            }

            return true;
        }

        /// <summary>Sorts every statement into lanes, sums, contributions and writes; false when one fits none.</summary>
        private bool Classify()
        {
            var registers = _chains.SelectMany(chain => chain.Registers.Select((r, k) => (r, chain, k))).ToDictionary(t => t.r, t => (t.chain, t.k), StringComparer.Ordinal);
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in _work)
            {
                switch (statement)
                {
                    case AssignStatement { TargetKind: ValueKind.Real } assign when _lanes.Contains(assign.Target):
                        if (!IsLaneValue(assign.Value))
                        {
                            return false;
                        }

                        break;
                    case AssignStatement { TargetKind: ValueKind.Real, Value: BinaryExpr { Operator: BinaryOperator.Add, Left: VariableExpr { Name: var summed }, Right: var added } } sum
                        when summed == sum.Target && !registers.ContainsKey(summed):
                        if (!AddSum(summed, added))
                        {
                            return false;
                        }

                        break;
                    case AssignStatement { TargetKind: ValueKind.Real } assign:
                        if (_sums.Contains(assign.Target) || registers.ContainsKey(assign.Target) || !IsLaneValue(assign.Value))
                        {
                            return false;
                        }

                        _lanes.Add(assign.Target);
                        break;
                    case AccumulateStatement accumulate when _lanes.Contains(accumulate.Target):
                        if (!IsLaneValue(accumulate.Value))
                        {
                            return false;
                        }

                        break;
                    case AccumulateStatement accumulate when registers.TryGetValue(accumulate.Target, out var register):
                        if (written.Contains(register.chain.Array) || !IsLaneValue(accumulate.Value))
                        {
                            return false;
                        }

                        _contributions.Add(new Contribution(register.chain, register.k, accumulate.Value));
                        break;
                    case AccumulateStatement accumulate:
                        if (!AddSum(accumulate.Target, accumulate.Value))
                        {
                            return false;
                        }

                        break;
                    case ElementAssignStatement or ElementAccumulateStatement when Write(statement) is var (array, index, _, value):
                        if (!written.Add(array) || Stride(index) is not { } place
                            || !(_chains.Any(c => ReferenceEquals(c.Write, statement)) || IsLaneValue(value)))
                        {
                            return false;
                        }

                        _writes[array] = place;
                        break;
                    default:
                        return false;
                }
            }

            // Outputs are written, never read; their pending sums are read only by their own chain.
            return !_reads.Keys.Any(read => _writes.ContainsKey(read.Array)) && _chains.All(chain => _writes.ContainsKey(chain.Array));
        }

        private bool AddSum(string sum, Expr added)
        {
            if (_lanes.Contains(sum) || ProgramFacts.Reads(added).Contains(sum) || !IsLaneValue(added))
            {
                return false;
            }

            if (!_sums.Contains(sum))
            {
                _sums.Add(sum);
            }

            return true;
        }

        /// <summary>Whether each lane can compute <paramref name="value"/>, noting the arrays it reads and the doubles it broadcasts.</summary>
        private bool IsLaneValue(Expr value)
        {
            switch (value)
            {
                case LiteralExpr { LiteralKind: ValueKind.Real }:
                    return true;
                case VariableExpr { VariableKind: ValueKind.Real, Name: var name }:
                    if (_lanes.Contains(name))
                    {
                        return true;
                    }

                    if (_assignedInLoop.Contains(name))
                    {
                        return false;
                    }

                    if (!_invariants.Contains(name))
                    {
                        _invariants.Add(name);
                    }

                    return true;
                case ElementExpr { Array: VariableExpr { VariableKind: ValueKind.RealArray, Name: var array }, Index: var index }:
                    if (Stride(index) is not var (start, offset) || _assignedInLoop.Contains(array))
                    {
                        return false;
                    }

                    var read = new Place(array, start);
                    _reads[read] = _reads.TryGetValue(read, out var range) ? (Math.Min(range.Low, offset), Math.Max(range.High, offset)) : (offset, offset);
                    return true;
                case UnaryExpr { Operator: UnaryOperator.Negate, ResultKind: ValueKind.Real } negate:
                    return IsLaneValue(negate.Operand);
                case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide, ResultKind: ValueKind.Real } binary:
                    return IsLaneValue(binary.Left) && IsLaneValue(binary.Right);
                case MathCallExpr { Arguments.Count: 1 } call when LaneFunction(call) is not null:
                    return IsLaneValue(call.Arguments[0]);
                case GuardedExpr guarded:
                    return guarded.Factors.All(IsLaneValue) && IsLaneValue(guarded.Value);
                case ConditionalExpr { ResultKind: ValueKind.Real, Condition: BinaryExpr { Left.Kind: ValueKind.Real, Right.Kind: ValueKind.Real } test } conditional
                    when LaneComparison(test.Operator) is not null:
                    return IsLaneValue(test.Left) && IsLaneValue(test.Right) && IsLaneValue(conditional.WhenTrue) && IsLaneValue(conditional.WhenFalse);
                default:
                    return false;
            }
        }

        /// <summary>
        /// b and c when <paramref name="index"/> is <c>b + i + c</c> (in any order) with c an integer constant and b an
        /// integer expression the loop does not change made of variables, lengths, <c>+</c>, <c>-</c> and <c>*</c> (zero
        /// when there is none); null for any other index.
        /// </summary>
        private (Expr Base, int Offset)? Stride(Expr index)
        {
            if (Vectorization.UnitStrideOffset(index, _index) is not { } offset)
            {
                return null;
            }

            var (start, constant) = Split(offset);
            return IsStableBase(start) ? (start, constant) : null;
        }

        private static (Expr Base, int Constant) Split(Expr offset)
        {
            switch (offset)
            {
                case LiteralExpr { LiteralKind: ValueKind.Integer } literal:
                    return (NoBase, (int)literal.Value);
                case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract, Right: LiteralExpr { LiteralKind: ValueKind.Integer } literal } shifted:
                    var (start, constant) = Split(shifted.Left);
                    return (start, shifted.Operator == BinaryOperator.Add ? constant + (int)literal.Value : constant - (int)literal.Value);
                default:
                    return (offset, 0);
            }
        }

        private bool IsStableBase(Expr start) => start switch
        {
            LiteralExpr { LiteralKind: ValueKind.Integer } => true,
            VariableExpr { VariableKind: ValueKind.Integer, Name: var name } => !_assignedInLoop.Contains(name),
            LengthExpr { Array: VariableExpr { Name: var array } } => !_assignedInLoop.Contains(array),
            BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply, ResultKind: ValueKind.Integer } binary =>
                IsStableBase(binary.Left) && IsStableBase(binary.Right),
            _ => false,
        };

        /// <summary>The lane loop and what goes before and after it, to go in front of the scalar loop.</summary>
        public IEnumerable<Statement> LaneLoop(NameAllocator names)
        {
            var lanes = _lanes.ToDictionary(name => name, name => names.Fresh(name + "Lanes"), StringComparer.Ordinal);
            var broadcasts = _invariants.ToDictionary(name => name, name => names.Fresh(name + "Lanes"), StringComparer.Ordinal);
            var terms = _sums.ToDictionary(name => name, _ => new List<Expr>(), StringComparer.Ordinal);
            foreach (var contribution in _contributions)
            {
                string register = contribution.Chain.Registers[contribution.Shift];
                contribution.Lanes = names.Fresh(register + "Lanes");
                contribution.Previous = contribution.Shift > 0 ? names.Fresh(register + "Previous") : "";
            }

            var i = new VariableExpr(_index, ValueKind.Integer);
            var blocks = new List<Statement>();

            // A running sum's term in four lanes, in a vector of its own: the lane it copies may change later in the block.
            Expr Term(string sum, Expr lanesOfTerm)
            {
                string name = names.Fresh(sum + "Term");
                blocks.Add(Assign(name, lanesOfTerm, declare: true));
                return Vector(name);
            }

            var declared = new HashSet<string>(StringComparer.Ordinal);
            int contributionsSeen = 0;
            foreach (var statement in _work)
            {
                Expr Lanes(Expr value) => ToLanes(value, lanes, broadcasts);
                switch (statement)
                {
                    case AssignStatement assign when terms.ContainsKey(assign.Target):
                        terms[assign.Target].Add(Term(assign.Target, Lanes(((BinaryExpr)assign.Value).Right)));
                        break;
                    case AssignStatement assign:
                        blocks.Add(Assign(lanes[assign.Target], Lanes(assign.Value), declare: declared.Add(assign.Target)));
                        break;
                    case AccumulateStatement accumulate when terms.ContainsKey(accumulate.Target):
                        terms[accumulate.Target].Add(Term(accumulate.Target, Lanes(accumulate.Value)));
                        break;
                    case AccumulateStatement accumulate when lanes.TryGetValue(accumulate.Target, out var lane):
                        blocks.Add(Assign(lane, Add(Vector(lane), Lanes(accumulate.Value)), declare: false));
                        break;
                    case AccumulateStatement:
                        var contribution = _contributions[contributionsSeen++];
                        blocks.Add(Assign(contribution.Lanes, Lanes(contribution.Value), declare: true));
                        break;
                    default:
                        var (array, index, adds, value) = Write(statement)!.Value;
                        var chain = _chains.FirstOrDefault(c => ReferenceEquals(c.Write, statement));
                        var written = chain is null ? Lanes(value) : Gathered(chain);
                        var arrayExpr = new VariableExpr(array, ValueKind.RealArray);
                        if (adds)
                        {
                            written = Add(Call(KnownTypes.LoadLanes, arrayExpr, index), written);
                        }

                        blocks.Add(new CallStatement(Call(KnownTypes.StoreLanes, written, arrayExpr, index)));
                        blocks.AddRange(_contributions.Where(c => ReferenceEquals(c.Chain, chain) && c.Shift > 0).Select(c => Assign(c.Previous, Vector(c.Lanes), declare: false)));
                        break;
                }
            }

            // Each running sum adds its terms lane by lane, in the iterations' order: the scalar loop's additions exactly.
            foreach (var sum in _sums)
            {
                Expr folded = new VariableExpr(sum, ValueKind.Real);
                for (int lane = 0; lane < Width; lane++)
                {
                    foreach (var term in terms[sum])
                    {
                        folded = new BinaryExpr(BinaryOperator.Add, folded, Lane(term, lane), ValueKind.Real);
                    }
                }

                blocks.Add(new AssignStatement(sum, ValueKind.Real, folded, Declare: false));
            }

            var bound = _bound;
            var fits = new BinaryExpr(BinaryOperator.LessOrEqual, i, ExprFactory.Integer(BinaryOperator.Subtract, bound, Int(Width)), ValueKind.Boolean);
            var loop = new LoopStatement(fits, TestFirst: false, blocks.ToEquatableArray(),
                new Statement[] { new AssignStatement(_index, ValueKind.Integer, ExprFactory.Integer(BinaryOperator.Add, i, Int(Width)), Declare: false) }.ToEquatableArray(),
                Index: null, Step: Width);

            var then = new List<Statement>();
            then.AddRange(broadcasts.Select(b => Assign(b.Value, Call(KnownTypes.Vector256 + ".Create", new VariableExpr(b.Key, ValueKind.Real)), declare: true)));
            then.AddRange(_contributions.Where(c => c.Shift > 0).Select(c => Assign(c.Previous, Zero, declare: true)));
            then.Add(loop);
            then.AddRange(_chains.SelectMany(RebuiltPendingSums));

            yield return new CommentStatement(
                "Four iterations at a time in Vector256 lanes while a whole block fits, each lane computing its iteration's values as the loop below does"
                + (_sums.Count > 0 ? " and running sums adding the lanes in order" : string.Empty)
                + " (the same bits); the loop below runs the rest.");
            yield return new IfStatement(Condition(i), then.ToEquatableArray(), EquatableArray<Statement>.Empty);
        }

        /// <summary>
        /// The lanes of a gather-form element: from zero, each shift's contributions from the furthest iteration back to
        /// the element's own, in statement order (the scalar code's order).
        /// </summary>
        private Expr Gathered(Chain chain)
        {
            Expr sum = Zero;
            for (int shift = chain.Registers.Count - 1; shift >= 0; shift--)
            {
                foreach (var contribution in _contributions.Where(c => ReferenceEquals(c.Chain, chain) && c.Shift == shift))
                {
                    sum = Add(sum, shift == 0
                        ? Vector(contribution.Lanes)
                        : Call(KnownTypes.ShiftLanesIn, Vector(contribution.Previous), Vector(contribution.Lanes), Int(shift)));
                }
            }

            return sum;
        }

        /// <summary>
        /// Each pending sum as the scalar loop would hold it after the last block: the contributions of that block's last
        /// iterations to the elements the loop has not written yet.
        /// </summary>
        private IEnumerable<Statement> RebuiltPendingSums(Chain chain)
        {
            for (int d = 0; d < chain.Registers.Count - 1; d++)
            {
                Expr sum = ExprFactory.Real(0.0);
                for (int shift = chain.Registers.Count - 1; shift > d; shift--)
                {
                    foreach (var contribution in _contributions.Where(c => ReferenceEquals(c.Chain, chain) && c.Shift == shift))
                    {
                        sum = new BinaryExpr(BinaryOperator.Add, sum, Lane(Vector(contribution.Previous), Width + d - shift), ValueKind.Real);
                    }
                }

                yield return new AssignStatement(chain.Registers[d], ValueKind.Real, sum, Declare: false);
            }
        }

        /// <summary>
        /// When the lane loop runs: the hardware has 256-bit vectors, a block fits, every element any iteration from here
        /// to the bound reads or writes is in range, and no output shares memory with another array of the loop.
        /// </summary>
        private Expr Condition(VariableExpr i)
        {
            var bound = _bound;
            var tests = new List<Expr>
            {
                new MemberExpr(null, KnownTypes.Vector256, "IsHardwareAccelerated", ValueKind.Boolean),
                new BinaryExpr(BinaryOperator.GreaterOrEqual, bound, Int(Width), ValueKind.Boolean),
                new BinaryExpr(BinaryOperator.LessOrEqual, i, ExprFactory.Integer(BinaryOperator.Subtract, bound, Int(Width)), ValueKind.Boolean),
            };

            // Each array and base: the first iteration's smallest index and the last iteration's largest, in 64 bits.
            var ranges = _reads.Select(r => (Place: r.Key, Range: r.Value))
                .Concat(_writes.Select(w => (Place: new Place(w.Key, w.Value.Base), Range: (w.Value.Offset, w.Value.Offset))));
            foreach (var (place, (low, high)) in ranges.OrderBy(r => r.Place.Array, StringComparer.Ordinal))
            {
                var array = new VariableExpr(place.Array, ValueKind.RealArray);
                tests.Add(new BinaryExpr(BinaryOperator.GreaterOrEqual, PlusLong(i, place.Base, low), Long(0), ValueKind.Boolean));
                tests.Add(new BinaryExpr(BinaryOperator.LessOrEqual, PlusLong(bound, place.Base, high), new LengthExpr(array), ValueKind.Boolean));
            }

            var arrays = _reads.Keys.Select(r => r.Array).Concat(_writes.Keys).Distinct(StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToList();
            foreach (var written in _writes.Keys.OrderBy(w => w, StringComparer.Ordinal))
            {
                // Two outputs are tested once, from the first in order.
                foreach (var other in arrays.Where(o => _writes.ContainsKey(o) ? string.CompareOrdinal(written, o) < 0 : o != written))
                {
                    tests.Add(Call(KnownTypes.Disjoint, new VariableExpr(written, ValueKind.RealArray), new VariableExpr(other, ValueKind.RealArray)) with { ResultKind = ValueKind.Boolean });
                }
            }

            return tests.Distinct().Aggregate((left, right) => new BinaryExpr(BinaryOperator.And, left, right, ValueKind.Boolean));
        }

        /// <summary><paramref name="value"/> computed in four lanes at once: loads for elements, broadcasts for the rest.</summary>
        private Expr ToLanes(Expr value, IReadOnlyDictionary<string, string> lanes, IReadOnlyDictionary<string, string> broadcasts) => value switch
        {
            LiteralExpr literal => Call(KnownTypes.Vector256 + ".Create", literal),
            VariableExpr variable => Vector(lanes.TryGetValue(variable.Name, out var lane) ? lane : broadcasts[variable.Name]),
            ElementExpr element => Call(KnownTypes.LoadLanes, element.Array, element.Index),
            UnaryExpr negate => new UnaryExpr(UnaryOperator.Negate, ToLanes(negate.Operand, lanes, broadcasts), ValueKind.RealVector),
            BinaryExpr binary => new BinaryExpr(binary.Operator, ToLanes(binary.Left, lanes, broadcasts), ToLanes(binary.Right, lanes, broadcasts), ValueKind.RealVector),
            MathCallExpr call => Call(LaneFunction(call)!, ToLanes(call.Arguments[0], lanes, broadcasts)),

            // Each lane's branch (both are computed; neither can throw).
            ConditionalExpr { Condition: BinaryExpr test } conditional => Call(KnownTypes.Vector256 + ".ConditionalSelect",
                Call(LaneComparison(test.Operator)!, ToLanes(test.Left, lanes, broadcasts), ToLanes(test.Right, lanes, broadcasts)),
                ToLanes(conditional.WhenTrue, lanes, broadcasts),
                ToLanes(conditional.WhenFalse, lanes, broadcasts)),

            // Zero (+0.0) in the lanes where every factor is zero (either sign), the value elsewhere: the scalar guard's bits.
            GuardedExpr guarded => Call(KnownTypes.Vector256 + ".ConditionalSelect",
                guarded.Factors.Select(f => Call(KnownTypes.Vector256 + ".Equals", ToLanes(f, lanes, broadcasts), Zero))
                    .Aggregate((all, next) => Call(KnownTypes.Vector256 + ".BitwiseAnd", all, next)),
                Zero,
                ToLanes(guarded.Value, lanes, broadcasts)),
            _ => throw new InvalidOperationException("Not a lane value: " + value.GetType().Name),
        };
    }

    /// <summary>The <c>Vector256</c> function that computes a math call in every lane with the same bits; null for one that has none.</summary>
    private static string? LaneFunction(MathCallExpr call) =>
        ReferenceEquals(call.Function, MathRules.Sqrt) ? KnownTypes.Vector256 + ".Sqrt"
        : ReferenceEquals(call.Function, MathRules.Abs) ? KnownTypes.Vector256 + ".Abs"
        : null;

    /// <summary>
    /// The <c>Vector256</c> comparison that is true in a lane exactly when the scalar one is (all false for a NaN, as in
    /// C#); null for one it does not take (<c>!=</c>, true for a NaN).
    /// </summary>
    private static string? LaneComparison(BinaryOperator comparison) => comparison switch
    {
        BinaryOperator.Less => KnownTypes.Vector256 + ".LessThan",
        BinaryOperator.LessOrEqual => KnownTypes.Vector256 + ".LessThanOrEqual",
        BinaryOperator.Greater => KnownTypes.Vector256 + ".GreaterThan",
        BinaryOperator.GreaterOrEqual => KnownTypes.Vector256 + ".GreaterThanOrEqual",
        BinaryOperator.Equal => KnownTypes.Vector256 + ".Equals",
        _ => null,
    };

    /// <summary>The parts of a write <c>array[index] = value</c> (<c>Adds</c> false) or <c>array[index] += value</c>; null for any other statement.</summary>
    private static (string Array, Expr Index, bool Adds, Expr Value)? Write(Statement statement) => statement switch
    {
        ElementAssignStatement assign => (assign.Array, assign.Index, false, assign.Value),
        ElementAccumulateStatement accumulate => (accumulate.Array, accumulate.Index, true, accumulate.Value),
        _ => null,
    };

    /// <summary>The literal +0.0 (the scalar code's pending sums start from it; -0.0 would change a sum's sign of zero).</summary>
    private static bool IsPositiveZero(Expr value) => value is LiteralExpr { LiteralKind: ValueKind.Real } zero && BitConverter.DoubleToInt64Bits(zero.Value) == 0;

    private static readonly Expr Zero = new MemberExpr(null, KnownTypes.RealLanes, "Zero", ValueKind.RealVector);

    private static VariableExpr Vector(string name) => new(name, ValueKind.RealVector);

    /// <summary>Lane <paramref name="lane"/> of <paramref name="lanes"/>, a double.</summary>
    private static Expr Lane(Expr lanes, int lane) => Call(KnownTypes.Vector256 + ".GetElement", lanes, Int(lane)) with { ResultKind = ValueKind.Real };

    private static Expr Add(Expr left, Expr right) => new BinaryExpr(BinaryOperator.Add, left, right, ValueKind.RealVector);

    private static Statement Assign(string target, Expr value, bool declare) => new AssignStatement(target, ValueKind.RealVector, value, declare);

    private static EmittedCallExpr Call(string method, params Expr[] arguments) =>
        new(method, arguments.Select(a => new CallArgument(a)).ToEquatableArray(), ValueKind.RealVector);

    private static LiteralExpr Int(int value) => new(value, ValueKind.Integer);

    private static LiteralExpr Long(int value) => new(value, ValueKind.Long);

    /// <summary>
    /// <c>(long)value + (long)start + offset</c>, which cannot overflow, without the base when there is none, with <c>-</c>
    /// for a negative offset and without it when it is 0.
    /// </summary>
    private static Expr PlusLong(Expr value, Expr start, int offset)
    {
        Expr sum = new ConvertExpr(value, ValueKind.Long);
        if (start != NoBase)
        {
            sum = new BinaryExpr(BinaryOperator.Add, sum, new ConvertExpr(start, ValueKind.Long), ValueKind.Long);
        }

        return offset == 0 ? sum : new BinaryExpr(offset < 0 ? BinaryOperator.Subtract : BinaryOperator.Add, sum, Long(Math.Abs(offset)), ValueKind.Long);
    }

    /// <summary>The base of an index with none (<c>i + c</c>).</summary>
    private static readonly Expr NoBase = new LiteralExpr(0, ValueKind.Integer);

    /// <summary>Elements of one array at <c>base + i + c</c> for one base and several constants c.</summary>
    private readonly record struct Place(string Array, Expr Base);
}
