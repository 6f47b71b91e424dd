using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>Loop nests shaped for fusion (<see cref="Construct.FusableLoopNests"/>).</summary>
internal sealed partial class RandomProgramGenerator
{
    /// <summary>The share of programs (besides those focused on the construct) that end in a fusable loop nest.</summary>
    private const double LoopNestChance = 0.15;

    /// <summary>Where in a level a local declared before it is overwritten.</summary>
    private enum OverwriteSite
    {
        /// <summary>First thing in the level's body: the level may read the new value afterwards.</summary>
        LevelStart,

        /// <summary>In a branch at the start of the level's body, read only in that branch.</summary>
        Branch,

        /// <summary>In an inner loop (not fused) at the start of the level's body, read only in that loop.</summary>
        InnerLoop,
    }

    /// <summary>
    /// A local declared before level <paramref name="Level"/> (before the nest, or in an outer level), which a statement
    /// before that level reads in reverse and the level overwrites: the fused iterations must put the old value back
    /// before that reverse runs.
    /// </summary>
    private sealed record Overwrite(string Name, bool IsInt, int Level, OverwriteSite Site);

    /// <summary>One nest being written.</summary>
    private sealed class LoopNest(int levels, string sum)
    {
        public int Levels { get; } = levels;

        /// <summary>The running sum the levels add to, and the method returns.</summary>
        public string Sum { get; } = sum;

        /// <summary>A sum reset at the start of every outermost iteration and added to in the innermost level, or null.</summary>
        public string? RowSum { get; init; }

        public List<Overwrite> Overwrites { get; } = [];

        /// <summary>The counting indices of the levels so far, outermost first, for two-dimensional element reads.</summary>
        public List<IntVar> Indices { get; } = [];

        /// <summary>
        /// What level <paramref name="level"/> must not read: the sum, which the levels only add to (a running sum read
        /// elsewhere in its loop is not one), and the locals this level or a deeper one overwrites (a value read before
        /// it is overwritten would cross from one iteration to the next), or that are overwritten only in a branch or
        /// an inner loop (afterwards they may hold a previous iteration's value). The row sum and the real-valued
        /// counters are never in a scope, so nothing reads them either.
        /// </summary>
        public HashSet<string> HiddenAt(int level) =>
            Overwrites.Where(o => o.Level >= level || o.Site != OverwriteSite.LevelStart).Select(o => o.Name).Append(Sum).ToHashSet(StringComparer.Ordinal);
    }

    private sealed partial class ProgramBuilder
    {
        /// <summary>
        /// Ends the method with a nest of 2 or 3 loops, each level's last statement the next level's loop, the innermost
        /// level adding to a running sum, which is returned: the shape the generator fuses level by level (each
        /// iteration followed by its own reverse). The levels read the values around them but change only the sum and
        /// their own locals (or values would cross iterations and the levels would not be fused), and hold what a fused
        /// iteration must get right: locals reassigned per iteration, branches, ternaries, inner loops that are not
        /// last, Math calls and helper calls, elements read at computed two-dimensional indices, loops whose trip count
        /// depends on the level outside them, a sum reset per outer iteration, continue, statements after the inner
        /// level whose reverse reads nothing, and locals (from before the nest or from an outer level) that the reverse
        /// of a statement before the level reads and the level overwrites. Some nests end in statements whose reverse
        /// reads a value, which keeps the generator from fusing (that level or all of them), so the unfused path sees
        /// the same shapes.
        /// </summary>
        private void FusableLoopNest(Scope root)
        {
            used.Add(Construct.FusableLoopNests);
            used.Add(Construct.ForLoops);
            used.Add(Construct.NestedLoops);
            int levels = random.Next(2, 4);

            // Locals before the nest that it overwrites, each read first by a statement whose reverse reads it: a
            // double as an operand, an int as the index of an element of a differentiable vector parameter.
            var differentiableVectors = root.Arrays.Where(a => a.Name is "x" or "w").ToList();
            var candidates = root.Doubles.Where(d => d.Assignable && d.Name != "s").Select(d => (d.Name, IsInt: false))
                .Concat(differentiableVectors.Count > 0 ? root.Ints.Where(i => i.Fold).Select(i => (i.Name, IsInt: true)) : [])
                .OrderBy(_ => random.Next())
                .Take(random.Next(0, 3))
                .ToList();
            foreach (var (name, isInt) in candidates)
            {
                string? vector = isInt ? Pick(differentiableVectors).Name : null;
                writer.Line(vector is null ? ReadInReverse(root, name) : Code.Same($"s += {vector}[{name} % {vector}.Length];"));
            }

            FoldUnread(root);

            // Mostly a running sum of the nest's own, started from s: the generator fuses no loop whose running sum is
            // saved anywhere, and s is wherever a statement before the nest scales it (s *= ...).
            var nest = new LoopNest(levels, Chance(0.8) ? "sum" : "s") { RowSum = Chance(0.4) ? Fresh("r") : null };
            if (nest.Sum != "s")
            {
                writer.Line(Code.Same($"double {nest.Sum} = s;"));
                accumulator = nest.Sum;
            }

            foreach (var (name, isInt) in candidates)
            {
                nest.Overwrites.Add(new Overwrite(name, isInt, random.Next(1, levels + 1), RandomSite()));
            }

            // The nest's own budget for the random statements in its levels and their branches and inner loops.
            remaining = random.Next(2, 6);
            Level(nest, root, 1);

            var view = ReadOnlyView(root, nest.HiddenAt(1));
            Run(random, [
                (3.5, () => writer.Line(Code.Same($"return {nest.Sum};"))),
                (1, () => writer.Line(Code.Same($"return 0.5 * {nest.Sum};"))),

                // The reverse of sum * u reads the sum: the adjoint entering the nest is not known before it runs, so no fusion.
                (1.5, () => writer.Line(Code.Of($"return {nest.Sum} * {{0}};", Factor()))),
            ]);

            Code Factor() => view.Doubles.Any(d => d.Name == "c") && Chance(0.5) ? Code.Same("c") : Code.Of("(1.25 + {0})", Bounded(Expr(view, 1)));
        }

        /// <summary>
        /// Adds to <paramref name="sum"/> a term whose reverse reads the value of <paramref name="local"/>: its square,
        /// a Math function of it, or a helper's result (whose pullback gets the argument).
        /// </summary>
        private Code ReadInReverse(Scope scope, string local, string sum = "s")
        {
            var callable = helpers.Where(h => h.Parameters.Any(p => p.Kind == ParameterKind.Scalar) && h.Parameters.All(p => !p.IsVector || Arguments(scope, p.Kind).Count > 0)).ToList();
            return random.Next(3) switch
            {
                0 => Code.Of(sum + " += {0} * {1};", Fn("Sin", Code.Same(local)), Leaf(scope)),
                1 when callable.Count > 0 => Code.Of(sum + " += {0};", Bounded(Call(scope, Pick(callable), 1, firstScalar: Code.Same(local)))),
                _ => Code.Same($"{sum} += {local} * {local};"),
            };
        }

        private OverwriteSite RandomSite() => random.Next(6) switch
        {
            < 4 => OverwriteSite.LevelStart,
            4 => OverwriteSite.Branch,
            _ => OverwriteSite.InnerLoop,
        };

        /// <summary>Writes level <paramref name="level"/> of the nest (and, last in its body, the levels inside it).</summary>
        private void Level(LoopNest nest, Scope outside, int level)
        {
            var view = ReadOnlyView(outside, nest.HiddenAt(level));
            var body = new Scope(view, view.LoopDepth + 1) { NestLevel = true };
            string? progress = LevelHeader(nest, view, body, level);
            writer.Open();
            if (progress is not null)
            {
                // The real-valued counter of a while loop moves first, so nothing in the body can skip it.
                writer.Line(Code.Of(progress + " += 0.5 + 0.25 * Math.Sin({0});", Expr(view, 1)));
            }

            if (level == 1 && nest.RowSum is { } rowSum)
            {
                writer.Line(Code.Same($"double {rowSum} = 0;"));
            }

            foreach (var overwrite in nest.Overwrites.Where(o => o.Level == level).ToList())
            {
                WriteOverwrite(nest, body, overwrite);
            }

            int statements = random.Next(0, 3);
            for (int i = 0; i < statements; i++)
            {
                Statement(body);
            }

            NestLocal(nest, body);
            if (level == nest.Levels)
            {
                InnermostLevel(nest, body);
                FoldUnread(body);
                writer.Close();
                return;
            }

            if (On(Construct.BreakContinue) && CanCondition(body) && Chance(0.1))
            {
                // Puts the inner levels under a condition, so they are not fused, but the level itself still is.
                BreakOrContinue(body, allowBreak: false);
            }

            if (Chance(0.3))
            {
                writer.Line(Code.Of(nest.Sum + " += {0};", Bounded(Expr(body, 1))));
            }

            // A local of this level that a deeper level overwrites, read first by a statement whose reverse reads it.
            var locals = body.Doubles.Where(d => d.Assignable && d.Fold).ToList();
            if (locals.Count > 0 && Chance(0.35))
            {
                var local = Pick(locals);
                writer.Line(ReadInReverse(body, local.Name, nest.Sum));
                nest.Overwrites.Add(new Overwrite(local.Name, IsInt: false, random.Next(level + 1, nest.Levels + 1), RandomSite()));
            }

            // Statements after the inner level whose reverse reads no value (0.5 * t) leave it fusable.
            bool foldAfterInnerLevel = Chance(0.4);
            if (!foldAfterInnerLevel)
            {
                FoldUnread(body);
            }

            Level(nest, body, level + 1);
            if (foldAfterInnerLevel)
            {
                FoldUnread(body);
            }

            if (level == 1 && nest.RowSum is { } sum)
            {
                // After the loop that adds to the row sum: a statement whose reverse reads no value keeps that loop
                // fusable; one that reads the row sum does not.
                writer.Line(Code.Same(nest.Sum + random.Next(4) switch
                {
                    0 => $" += {sum};",
                    1 => $" -= 0.5 * {sum};",
                    2 => $" += {sum} * {sum};",
                    _ => $" += Math.Tanh({sum});",
                }));
            }

            writer.Close();
        }

        /// <summary>
        /// Writes the level's loop header and puts its index (or element) into <paramref name="body"/>: mostly a counting
        /// loop, sometimes one whose trip count depends on the index outside it (none at all when that is 0), a loop
        /// over a real-valued counter, a foreach, or at the outermost level a while loop with a real-valued counter.
        /// Returns the while loop's counter, which its body must move, or null.
        /// </summary>
        private string? LevelHeader(LoopNest nest, Scope view, Scope body, int level)
        {
            string? progress = null;
            var options = new List<(double, Action)>
            {
                (6, () =>
                {
                    var (header, index) = ForHeader(view);
                    writer.Line(header);
                    AddIndex(index);
                }
                ),
            };
            if (nest.Indices.Count > 0)
            {
                options.Add((1.5, () =>
                {
                    // The outer index as this level's view sees it, with the view's copy of the array it indexes.
                    var outer = view.Ints.First(i => i.Name == nest.Indices[^1].Name);
                    string j = Fresh("i");
                    if (view.Arrays.Count == 0 || Chance(0.5))
                    {
                        writer.Line(Code.Same($"for (int {j} = 0; {j} < {outer.Name}; {j}++)"));
                        AddIndex(new IntVar(j, outer.Bound, fold: false));
                    }
                    else
                    {
                        var array = Pick(view.Arrays);
                        writer.Line(Code.Same($"for (int {j} = {outer.Name} % {array.Name}.Length; {j} < {array.Name}.Length; {j}++)"));
                        AddIndex(new IntVar(j, array, fold: false));
                    }
                }
                ));
            }

            if (On(Construct.Comparisons))
            {
                options.Add((0.7, () =>
                {
                    // From about -1.6 to 1.5, by 0.5 to 1 a step (the step sometimes depends on the inputs, and runs
                    // as part of the iteration): at most 7 iterations, how many depends on the inputs.
                    used.Add(Construct.Comparisons);
                    string q = Fresh("q");
                    var step = Chance(0.5) ? Code.Same("0.75") : Code.Of("0.75 + 0.25 * Math.Sin({0})", Expr(view, 1));
                    writer.Line(Code.Of($"for (double {q} = {{0}}; {{1}}; {q} += {{2}})", Bounded(Expr(view, 1)), Code.Compare(Code.Same(q), "<", Code.Same("1.5")), step));
                }
                ));
            }

            if (On(Construct.Foreach) && view.Arrays.Count > 0)
            {
                options.Add((level == 1 ? 1.2 : 0.5, () =>
                {
                    used.Add(Construct.Foreach);
                    string v = Fresh("v");
                    writer.Line(Code.Same($"foreach (double {v} in {Pick(view.Arrays).Name})"));
                    body.Doubles.Add(new DoubleVar(v, assignable: false, fold: true) { DeclaredAt = writer.PlainLength });
                }
                ));
            }

            if (level == 1 && On(Construct.WhileLoops) && On(Construct.Comparisons))
            {
                options.Add((1.5, () =>
                {
                    // From about -1.6 to at most about 3.1, by 0.25 to 0.75 a step: at most 19 iterations. Read only by
                    // the condition and its own increment, it is a running sum like the nest's.
                    used.Add(Construct.WhileLoops);
                    used.Add(Construct.Comparisons);
                    progress = Fresh("g");
                    writer.Line(Code.Of("double " + progress + " = {0};", Bounded(Expr(view, 1))));
                    writer.Line(Code.Of("while ({0})", Code.Compare(Code.Same(progress), "<", Code.Of("1.5 + {0}", Bounded(Expr(view, 1))))));
                }
                ));
            }

            Run(random, options);
            return progress;

            void AddIndex(IntVar index)
            {
                body.Ints.Add(index);
                nest.Indices.Add(index);
            }
        }

        /// <summary>Overwrites a local declared before this level (see <see cref="Overwrite"/>), where it says.</summary>
        private void WriteOverwrite(LoopNest nest, Scope body, Overwrite overwrite)
        {
            var scope = body;
            if (overwrite.Site == OverwriteSite.Branch)
            {
                used.Add(Construct.Branches);
                writer.Line(Code.Of("if ({0})", Condition(body)));
            }
            else if (overwrite.Site == OverwriteSite.InnerLoop)
            {
                used.Add(Construct.NestedLoops);
                var (header, index) = ForHeader(body);
                writer.Line(header);
                scope = new Scope(body, body.LoopDepth + 1);
                scope.Ints.Add(index);
            }

            if (overwrite.Site != OverwriteSite.LevelStart)
            {
                writer.Open();
            }

            writer.Line(Code.Of(overwrite.Name + " = {0};", overwrite.IsInt ? IntExpr(scope) : Rhs(scope)));
            if (overwrite.Site == OverwriteSite.LevelStart)
            {
                // From here on this level (and, unless overwritten again, the levels inside it) may read the new value.
                if (overwrite.IsInt)
                {
                    body.Ints.Add(new IntVar(overwrite.Name, null, fold: false));
                }
                else
                {
                    body.Doubles.Add(new DoubleVar(overwrite.Name, assignable: true, fold: false));
                }

                return;
            }

            string? vector = overwrite.IsInt ? Pick(scope.Visible(s => s.Arrays).ToList()).Name : null;
            var read = Code.Same(vector is null ? overwrite.Name : $"{vector}[{overwrite.Name} % {vector}.Length]");
            writer.Line(Code.Of(nest.Sum + " += {0};", Bounded(Code.Of("{0} * {1}", read, Leaf(scope)))));
            writer.Close();
        }

        /// <summary>
        /// A local that reads an element at a two-dimensional index from the levels' indices, a helper's result or a
        /// ternary: what a fused iteration computes and its reverse needs again.
        /// </summary>
        private void NestLocal(LoopNest nest, Scope body)
        {
            string name = Fresh("t");
            var callable = helpers.Where(h => h.Parameters.All(p => !p.IsVector || Arguments(body, p.Kind).Count > 0)).ToList();
            Code value = random.Next(4) switch
            {
                0 when callable.Count > 0 => Call(body, Pick(callable), 1),
                1 when On(Construct.Ternary) && CanCondition(body) => Ternary(body),
                _ when body.Visible(s => s.Arrays).Any() => Code.Of("{0} * {1}", Element2D(nest, body), Expr(body, 1)),
                _ => Expr(body, 2),
            };
            writer.Line(Code.Of("double " + name + " = {0};", Bounded(value)));
            body.Doubles.Add(new DoubleVar(name, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
        }

        private Code Ternary(Scope scope)
        {
            used.Add(Construct.Ternary);
            return Code.Of("({0} ? {1} : {2})", Condition(scope), Expr(scope, 1), Expr(scope, 1));
        }

        /// <summary>
        /// <c>a[(i * m + j) % a.Length]</c> for the two innermost counting indices so far (row i, column j of a matrix
        /// with m columns), or any index when there are fewer than two.
        /// </summary>
        private Code Element2D(LoopNest nest, Scope body)
        {
            var arrays = body.Visible(s => s.Arrays).ToList();
            var array = Pick(arrays);
            if (nest.Indices.Count < 2)
            {
                return Code.Of(array.Name + "[{0}]", Index(body, array));
            }

            string columns = Chance(0.5) ? Pick(arrays).Name + ".Length" : random.Next(2, 5).ToString(CultureInfo.InvariantCulture);
            return Code.Same($"{array.Name}[({nest.Indices[^2].Name} * {columns} + {nest.Indices[^1].Name}) % {array.Name}.Length]");
        }

        /// <summary>The innermost level: maybe a continue, then what it adds to the sum (and to the row sum).</summary>
        private void InnermostLevel(LoopNest nest, Scope body)
        {
            if (On(Construct.BreakContinue) && CanCondition(body) && Chance(0.35))
            {
                // In the innermost level a continue skips only additions; further out it would hide the next level's loop.
                BreakOrContinue(body, allowBreak: false);
            }

            int additions = random.Next(1, 3);
            for (int i = 0; i < additions; i++)
            {
                writer.Line(Code.Of(nest.Sum + (Chance(0.75) ? " += {0};" : " -= {0};"), Bounded(Expr(body, 2))));
            }

            if (nest.RowSum is { } rowSum)
            {
                writer.Line(Code.Of(rowSum + " += {0};", Bounded(Expr(body, 2))));
            }
        }

        /// <summary>
        /// A scope that sees what <paramref name="scope"/> sees, except <paramref name="hidden"/>, but read only: a
        /// level of a fusable nest changes nothing declared outside it except the sum, or the value would cross
        /// iterations.
        /// </summary>
        private static Scope ReadOnlyView(Scope scope, IReadOnlySet<string> hidden)
        {
            var view = new Scope(null, scope.LoopDepth) { Depth = scope.Depth };
            view.Arrays.AddRange(scope.Visible(s => s.Arrays).Select(a => new ArrayVar(a.Name, a.MinLength, writable: false, a.Type)));
            view.Ints.AddRange(scope.Visible(s => s.Ints).Where(i => !hidden.Contains(i.Name))
                .Select(i => new IntVar(i.Name, i.Bound is null ? null : view.Arrays.Single(a => a.Name == i.Bound.Name), fold: false)));
            view.Doubles.AddRange(scope.Visible(s => s.Doubles).Where(d => !hidden.Contains(d.Name)).Select(d => new DoubleVar(d.Name, assignable: false, fold: false)));
            return view;
        }
    }
}
