using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Gather form for outputs that a counting loop adds into at shifted indices: a fused extended-Rosenbrock iteration adds
/// into g[i] and g[i + 1], so the scalar code reads and writes every element twice. Here each iteration adds into
/// locals instead, one per offset, and writes the element no later iteration reaches, once; the others carry over:
/// <code>
/// while (i &lt; n) { ...; pending1 += b; ...; pending0 += a; g[i] = pending0; pending0 = pending1; pending1 = 0.0; i = i + 1; }
/// if (i &gt; first) { g[i] = pending0; ClearOutside(g, first, i + 1); } else { g.Clear(); }
/// </code>
/// An output of a gradient (cleared at the start, touched by nothing but this loop, which is not inside another
/// statement) is then written once per element, with no clear but of the elements the loop never reaches; each element
/// gets its contributions in the same order, from the same zero, so the values are the scalar code's bits. Elsewhere
/// (a pullback's adjoints, a loop inside a loop) the element is added to once, <c>g[i] += pending0</c>, which
/// reassociates its contributions with what the element held before.
/// <para>
/// Taken when: the loop counts up by 1 (<c>i = i + 1</c>), no break or continue ends an iteration early, and every
/// access to the array in it is an addition <c>g[i + c] += v</c> at a constant offset c, directly in the loop's body
/// (none reads it, none is under a branch: every element written then lies between two the scalar loop adds to).
/// Applied, like <see cref="Vectorization"/>, to the finished members, under the same switch.
/// </para>
/// </summary>
internal static class GatherForm
{
    public static GeneratedMethod Apply(GeneratedMethod method)
    {
        var names = NameAllocator.ForMember(method);
        var body = method.Body.Items.ToList();
        bool changed = false;

        // Top-level loops only: there an output cleared at the start and used by nothing else can lose its clear.
        for (int position = 0; position < body.Count; position++)
        {
            if (body[position] is not LoopStatement original)
            {
                continue;
            }

            var loop = original;
            foreach (string array in Candidates(original))
            {
                int at = body.FindIndex(s => ReferenceEquals(s, loop));
                int clear = body.FindIndex(s => s is ClearStatement c && c.Array == array);
                bool cleared = clear >= 0 && clear < at && !UsedOutside(body, array, clear, at);
                if (!cleared && Offsets(loop, array).Distinct().Count() == 1)
                {
                    // One offset and no clear to drop: the element would still be added to once per iteration, only
                    // through a local, and an empty `if` would follow the loop.
                    continue;
                }

                var rewritten = Rewrite(loop, array, cleared, names);
                body.RemoveAt(at);
                body.InsertRange(at, rewritten);
                if (cleared)
                {
                    body.RemoveAt(clear);
                }

                loop = rewritten.OfType<LoopStatement>().Single();
                changed = true;
            }

            position = body.FindIndex(s => ReferenceEquals(s, loop));
        }

        return changed ? method with { Body = body.ToEquatableArray() } : method;
    }

    /// <summary>The arrays the loop only adds into, at constant offsets from its index.</summary>
    private static IEnumerable<string> Candidates(LoopStatement loop)
    {
        if (!CountingLoop.CountsUpByOne(loop) || StatementTree.OfThisLoop(loop.Body).Any(s => s is BreakStatement or ContinueStatement))
        {
            return Array.Empty<string>();
        }

        string index = loop.Index!;

        // Every iteration adds at every offset (no accumulation under a branch or in an inner loop), so the elements
        // written, which lie between the first and the last the scalar loop reaches, are in range whenever it is.
        var accumulations = StatementTree.Descendants(loop.Body).OfType<ElementAccumulateStatement>().ToList();
        var arrays = accumulations.Select(a => a.Array).Distinct(StringComparer.Ordinal)
            .Where(array => accumulations.Where(a => a.Array == array).All(a => Offset(a.Index, index) is not null && loop.Body.Any(s => ReferenceEquals(s, a))))
            .ToList();

        // Nothing else in the loop may use the array: not its reads, its length, a call's argument.
        var withoutAccumulations = RemoveAccumulations(loop.Body, new HashSet<string>(arrays, StringComparer.Ordinal));
        var used = DeadStores.Used(withoutAccumulations);
        used.UnionWith(ProgramFacts.Reads(loop.Condition));
        return arrays.Where(array => !used.Contains(array)).ToList();
    }

    private static List<Statement> RemoveAccumulations(IEnumerable<Statement> statements, ISet<string> arrays) => statements
        .Where(s => !(s is ElementAccumulateStatement a && arrays.Contains(a.Array)))
        .Select(s => StatementTree.WithChildLists(s, list => RemoveAccumulations(list, arrays)))
        .ToList();


    /// <summary>The offset c of each <c>array[i + c] += v</c> in a candidate loop.</summary>
    private static List<int> Offsets(LoopStatement loop, string array) => StatementTree.Descendants(loop.Body).OfType<ElementAccumulateStatement>()
        .Where(a => a.Array == array).Select(a => Offset(a.Index, loop.Index!)!.Value).ToList();

    /// <summary>c when <paramref name="index"/> is <c>i</c>, <c>i + c</c> or <c>i - c</c> for an integer constant c.</summary>
    private static int? Offset(Expr index, string counter) => index switch
    {
        VariableExpr { Name: var name } when name == counter => 0,
        BinaryExpr { Operator: BinaryOperator.Add, Left: VariableExpr { Name: var name }, Right: LiteralExpr { Value: var c } } when name == counter => (int)c,
        BinaryExpr { Operator: BinaryOperator.Subtract, Left: VariableExpr { Name: var name }, Right: LiteralExpr { Value: var c } } when name == counter => -(int)c,
        _ => null,
    };

    /// <summary>Whether a top-level statement other than the clear and the loop (or an argument check) uses the array.</summary>
    private static bool UsedOutside(List<Statement> body, string array, int clear, int loop) =>
        DeadStores.Used(body.Where((s, i) => i != clear && i != loop && s is not ArgumentCheckStatement).ToList()).Contains(array);

    /// <summary>The loop in gather form for <paramref name="array"/>, with what goes before and after it.</summary>
    private static List<Statement> Rewrite(LoopStatement loop, string array, bool cleared, NameAllocator names)
    {
        string index = loop.Index!;
        var offsets = Offsets(loop, array);
        int low = offsets.Min(), width = offsets.Max() - low;
        var pending = Enumerable.Range(0, width + 1).Select(d => names.Fresh(array + "Pending" + d)).ToList();
        string first = names.Fresh(array + "First");
        var i = new VariableExpr(index, ValueKind.Integer);
        Statement Write(int d) => cleared
            ? new ElementAssignStatement(array, Shifted(i, low + d), Real(pending[d]))
            : new ElementAccumulateStatement(array, Shifted(i, low + d), Real(pending[d]));

        // In the iteration: add into the pending sums, write the element no later iteration adds to, shift.
        var body = Redirect(loop.Body, array, index, low, pending);
        body.Add(Write(0));
        for (int d = 0; d < width; d++)
        {
            body.Add(new AssignStatement(pending[d], ValueKind.Real, Real(pending[d + 1]), Declare: false));
        }

        body.Add(new AssignStatement(pending[width], ValueKind.Real, ExprFactory.Real(0.0), Declare: false));

        // After the last iteration: the elements it added to beyond its own; then, for a gradient, the elements the loop
        // never reached (all of them when it did not run).
        var after = Enumerable.Range(0, width).Select(Write).ToList();
        var otherwise = new List<Statement>();
        if (cleared)
        {
            after.Add(new CallStatement(new EmittedCallExpr(KnownTypes.ClearOutside, new[]
            {
                new CallArgument(new VariableExpr(array, ValueKind.RealArray)),
                new CallArgument(Shifted(new VariableExpr(first, ValueKind.Integer), low)),
                new CallArgument(Shifted(i, low + width)),
            }.ToEquatableArray())));
            otherwise.Add(new ClearStatement(array));
        }

        var before = pending.Select(p => (Statement)new AssignStatement(p, ValueKind.Real, ExprFactory.Real(0.0), Declare: true))
            .Append(new AssignStatement(first, ValueKind.Integer, i, Declare: true));
        return before
            .Append(loop with { Body = body.ToEquatableArray() })
            .Append(new IfStatement(new BinaryExpr(BinaryOperator.Greater, i, new VariableExpr(first, ValueKind.Integer), ValueKind.Boolean), after.ToEquatableArray(), otherwise.ToEquatableArray()))
            .ToList();
    }

    /// <summary><paramref name="statements"/> with each <c>array[i + c] += v</c> turned into <c>pending[c - low] += v</c>.</summary>
    private static List<Statement> Redirect(IEnumerable<Statement> statements, string array, string index, int low, List<string> pending) => statements
        .Select(s => s is ElementAccumulateStatement a && a.Array == array
            ? new AccumulateStatement(pending[Offset(a.Index, index)!.Value - low], a.Value)
            : StatementTree.WithChildLists(s, list => Redirect(list, array, index, low, pending)))
        .ToList();

    /// <summary><c>value + offset</c> for a constant offset, written as <c>value - |offset|</c> when it is negative.</summary>
    private static Expr Shifted(Expr value, int offset) =>
        ExprFactory.Integer(offset < 0 ? BinaryOperator.Subtract : BinaryOperator.Add, value, Int(Math.Abs(offset)));

    private static LiteralExpr Int(int value) => new(value, ValueKind.Integer);

    private static VariableExpr Real(string name) => new(name, ValueKind.Real);
}
