using System.Linq;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// Assignments and ++/-- used as values (<see cref="Construct.ValueAssignments"/>), switch statements and expressions
/// (<see cref="Construct.Switches"/>) and tuple deconstruction (<see cref="Construct.Tuples"/>).
/// </summary>
internal sealed partial class RandomProgramGenerator
{
    private sealed partial class ProgramBuilder
    {
        /// <summary>
        /// One of: a cursor read <c>a[q++ % a.Length]</c> (with a later <c>a[++q ...]</c> in the same expression, and
        /// a compound assignment through it), a chained assignment, an assignment inside a comparison, a countdown
        /// loop <c>while (w-- &gt; 0)</c>, or an increment in the right operand of <c>&amp;&amp;</c>.
        /// </summary>
        private void ValueAssignment(Scope scope)
        {
            used.Add(Construct.ValueAssignments);
            var arrays = scope.Visible(s => s.Arrays).ToList();
            var assignables = Assignables(scope).ToList();
            int form = random.Next(5);
            if (form == 0 && arrays.Count > 0)
            {
                var a = Pick(arrays);
                string q = Fresh("q"), t = Fresh("t");
                writer.Line(Code.Of($"int {q} = {{0}};", IntExpr(scope)));
                writer.Line(Code.Of($"double {t} = ({a.Name}[{q}++ % {a.Name}.Length] * {{0}}) + {a.Name}[++{q} % {a.Name}.Length];", Expr(scope, 1)));
                scope.Doubles.Add(new DoubleVar(t, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
                if (assignables.Count > 0)
                {
                    var target = Pick(assignables);
                    NoteParameterWrite(target);
                    writer.Line(Code.Of($"{target.Name} += {a.Name}[{q}-- % {a.Name}.Length] * {{0}};", Bounded(Expr(scope, 1))));
                }

                scope.Ints.Add(new IntVar(q, null, fold: true) { DeclaredAt = writer.PlainLength });
            }
            else if (form == 1 && assignables.Count > 0)
            {
                // t = target = e: both hold the value.
                var target = Pick(assignables);
                NoteParameterWrite(target);
                string t = Fresh("t");
                writer.Line(Code.Of($"double {t} = {target.Name} = {{0}};", RhsFor(scope, target.Name)));
                scope.Doubles.Add(new DoubleVar(t, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
            }
            else if (form == 2 && assignables.Count > 0 && On(Construct.Comparisons))
            {
                // if ((target = e) > c) target += ...: the comparison reads the value just assigned.
                used.Add(Construct.Comparisons);
                var target = Pick(assignables);
                NoteParameterWrite(target);
                writer.Line(Code.Of("if ({0})", Code.Compare(Code.Of($"({target.Name} = {{0}})", RhsFor(scope, target.Name)), ">", Code.Literal(RandomValue()))));
                writer.Open();
                writer.Line(Code.Of($"{target.Name} += {{0}};", Bounded(Expr(scope, 1))));
                writer.Close();
            }
            else if (form == 3 && assignables.Count > 0)
            {
                // The condition's decrement runs on every test, the last (failing) one too.
                var target = Pick(assignables);
                NoteParameterWrite(target);
                string w = Fresh("w");
                writer.Line(Code.Same($"int {w} = {random.Next(1, 4)};"));
                writer.Line(Code.Same($"while ({w}-- > 0)"));
                writer.Open();
                writer.Line(Code.Of($"{target.Name} = {{0}};", Bounded(Code.Of($"{target.Name} + ({w} * 0.5) + {{0}}", Expr(scope, 1)))));
                writer.Close();
            }
            else if (arrays.Count > 0 && CanCondition(scope))
            {
                // The increment in the right operand happens only when the left one is true.
                var a = Pick(arrays);
                string q = Fresh("q"), t = Fresh("t");
                writer.Line(Code.Same($"int {q} = 0;"));
                writer.Line(Code.Of($"double {t} = {{0}} && {a.Name}[{q}++ % {a.Name}.Length] > -100.0 ? {a.Name}[{q} % {a.Name}.Length] : {{1}};", Condition(scope), Expr(scope, 1)));
                scope.Doubles.Add(new DoubleVar(t, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
            }
            else
            {
                // Nothing to work on here: a prefix increment of a fresh counter, read at once.
                string q = Fresh("q"), t = Fresh("t");
                writer.Line(Code.Same($"int {q} = {random.Next(0, 3)};"));
                writer.Line(Code.Of($"double {t} = {{0}} * ++{q};", Expr(scope, 1)));
                scope.Doubles.Add(new DoubleVar(t, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
            }
        }

        /// <summary>
        /// A switch expression on a double with relational arms (traced as the equivalent chain of comparisons), a switch
        /// expression on an int, or a switch statement on an int with constant, <c>or</c> and guarded sections and a default.
        /// </summary>
        private void Switch(Scope scope, bool canNest)
        {
            used.Add(Construct.Switches);
            var ints = scope.Visible(s => s.Ints).ToList();
            int form = random.Next(canNest ? 3 : 2);
            if (form == 0 || ints.Count == 0)
            {
                string t = Fresh("t");
                var on = Expr(scope, random.Next(1, 3));
                double low = System.Math.Round(RandomValue(), 2), high = low + 0.5 + random.Next(3);
                var (a, b, c) = (Expr(scope, 1), Expr(scope, 1), Expr(scope, 1));
                var plain = Code.Of("{0} switch {{ < " + Code.Literal(low).Plain + " => {1}, < " + Code.Literal(high).Plain + " => {2}, _ => {3} }}", on, a, b, c);
                var traced = Code.Of("({0} ? {1} : ({2} ? {3} : {4}))", Code.Compare(on, "<", Code.Literal(low)), a, Code.Compare(on, "<", Code.Literal(high)), b, c);
                writer.Line(new Code($"double {t} = {plain.Plain};", $"double {t} = {traced.Traced};"));
                scope.Doubles.Add(new DoubleVar(t, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
                used.Add(Construct.Comparisons);
                return;
            }

            string m = Use(ints);
            if (form == 1)
            {
                string t = Fresh("t");
                writer.Line(Code.Of($"double {t} = ({m} % 3) switch {{{{ 0 => {{0}}, 1 => {{1}}, _ => {{2}} }}}};", Expr(scope, 1), Expr(scope, 1), Expr(scope, 1)));
                scope.Doubles.Add(new DoubleVar(t, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
                return;
            }

            writer.Line(Code.Same($"switch ({m} % 4)"));
            writer.Open();
            writer.Line(Code.Same("case 0:"));
            Section(scope);
            writer.Line(CanCondition(scope) && Chance(0.5) ? Code.Of("case 1 or 2 when {0}:", Condition(scope)) : Code.Same("case 1 or 2:"));

            Section(scope);
            writer.Line(Code.Same("default:"));
            Section(scope);
            writer.Close();
        }

        /// <summary>A right-hand side for <paramref name="target"/> that is not the target itself (CS1717).</summary>
        private Code RhsFor(Scope scope, string target)
        {
            var rhs = Rhs(scope);
            return rhs.Plain == target ? Bounded(rhs) : rhs;
        }

        /// <summary>A switch section: a block in which a break would leave the switch (so none is written), then <c>break;</c>.</summary>
        private void Section(Scope scope)
        {
            var section = new Scope(scope, scope.LoopDepth) { NestLevel = true };
            writer.Open();
            Block(section, BodySize());
            writer.Close();
            writer.Line(Code.Same("break;"));
        }

        /// <summary><c>(a, b) = (b, a)</c>, <c>(a, b) = (e1, e2)</c> with the e's reading a and b, or <c>var (u, v) = (e1, e2)</c>.</summary>
        private void Tuple(Scope scope)
        {
            used.Add(Construct.Tuples);
            var assignables = Assignables(scope).ToList();
            if (assignables.Count >= 2 && Chance(0.6))
            {
                var first = Pick(assignables);
                var second = Pick(assignables.Where(d => d != first).ToList());
                NoteParameterWrite(first);
                NoteParameterWrite(second);
                if (Chance(0.5))
                {
                    writer.Line(Code.Same($"({first.Name}, {second.Name}) = ({second.Name}, {first.Name});"));
                    return;
                }

                // "(a, b) = (a, e)" is warning CS1717, as "a = a;" is.
                writer.Line(Code.Of($"({first.Name}, {second.Name}) = ({{0}}, {{1}});", RhsFor(scope, first.Name), RhsFor(scope, second.Name)));
                return;
            }

            string u = Fresh("t"), v = Fresh("t");
            writer.Line(Code.Of(Chance(0.5) ? $"var ({u}, {v}) = ({{0}}, {{1}});" : $"(double {u}, double {v}) = ({{0}}, {{1}});", Rhs(scope), Rhs(scope)));
            scope.Doubles.Add(new DoubleVar(u, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
            scope.Doubles.Add(new DoubleVar(v, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
        }

        /// <summary>
        /// A guard clause, a <c>ThrowIf</c> check or a <c>Debug.Assert</c> that the bounded values never trip (NaN
        /// included: every comparison with it is false), so the program's derivatives are those without it; some test
        /// with the double predicates (<c>double.IsNaN</c>, <c>IsFinite</c>, ...).
        /// </summary>
        private void GuardClause(Scope scope)
        {
            used.Add(Construct.GuardClauses);
            switch (random.Next(4))
            {
                case 0:
                    writer.Line(Code.Of("if (Math.Abs({0}) > 1e300) throw new ArgumentOutOfRangeException(\"x\", \"out of range\");", Expr(scope, random.Next(1, 3))));
                    break;
                case 1:
                    writer.Line(Code.Of("ArgumentOutOfRangeException.ThrowIfGreaterThan({0}, 1000000000);", IntExpr(scope)));
                    break;
                case 3:
                {
                    // The double predicates, in a test no double passes and an assertion every double passes.
                    var value = Expr(scope, random.Next(1, 3));
                    writer.Line(Code.Of(
                        Chance(0.5)
                            ? "if (double.IsPositiveInfinity({0}) && double.IsNegativeInfinity({0})) throw new ArgumentException(\"both infinities\");"
                            : "System.Diagnostics.Debug.Assert(double.IsNaN({0}) || double.IsFinite({0}) || double.IsInfinity({0}), \"a double\");",
                        value));
                    break;
                }

                default:
                    writer.Line(Code.Of("System.Diagnostics.Debug.Assert(!({0} > 1e300), \"bounded\");", Expr(scope, random.Next(1, 3))));
                    break;
            }
        }

        /// <summary>The constant data <see cref="DataLeaf"/> reads, declared in the program's class.</summary>
        private const string StructuredDataFields = """
                public readonly record struct Point(double X, double Y);

                public static readonly double[][] Rows = { new[] { 0.5, -1.25, 2.0 }, new[] { 1.5 }, new[] { -0.75, 0.25 } };
                public static readonly double[,] Grid = { { 0.5, -1.0, 1.5 }, { 2.0, -0.25, 0.75 } };
                public static readonly float[] Floats = { 0.5f, -1.5f, 2.25f, 0.125f };
                public static readonly int[] Ints = { 3, -2, 1, 5, -4 };
                public static readonly Point[] Points = { new(0.5, -1.0), new(1.25, 0.75), new(-0.5, 2.0) };


            """;

        /// <summary>A read of structured constant data: a jagged row's element, a 2-D element, a converted float or int, a struct's field.</summary>
        private Code DataLeaf(Scope scope)
        {
            used.Add(Construct.StructuredData);
            int row = random.Next(3);
            return random.Next(6) switch
            {
                0 => Code.Of($"Rows[{row}][{{0}} % Rows[{row}].Length]", IntExpr(scope)),
                1 => Code.Of("Grid[{0} % Grid.GetLength(0), {1} % Grid.GetLength(1)]", IntExpr(scope), IntExpr(scope)),
                2 => Code.Of("(double)Floats[{0} % Floats.Length]", IntExpr(scope)),
                3 => Code.Of("(Ints[{0} % Ints.Length] * 0.5)", IntExpr(scope)),
                4 => Code.Of("Points[{0} % Points.Length]." + (Chance(0.5) ? "X" : "Y"), IntExpr(scope)),
                _ => Code.Same($"(Rows[{row}].Length * 0.25)"),
            };
        }

        /// <summary>
        /// <c>double[,] m = new double[r, c]</c> filled from the inputs by a nest of loops over its dimensions, one
        /// element overwritten, then two elements read into a local: the flat storage must keep each value the reverse
        /// sweep reads.
        /// </summary>
        private void LocalMatrix(Scope scope)
        {
            used.Add(Construct.StructuredData);
            string m = Fresh("m"), i = Fresh("i"), j = Fresh("j"), t = Fresh("t");
            int rows = random.Next(1, 4), columns = random.Next(1, 4);
            writer.Line(Code.Same($"double[,] {m} = new double[{rows}, {columns}];"));
            writer.Line(Code.Same($"for (int {i} = 0; {i} < {m}.GetLength(0); {i}++)"));
            writer.Open();
            writer.Line(Code.Same($"for (int {j} = 0; {j} < {m}.GetLength(1); {j}++)"));
            writer.Open();
            var body = new Scope(scope, scope.LoopDepth + 2);
            body.Ints.Add(new IntVar(i, null, fold: false));
            body.Ints.Add(new IntVar(j, null, fold: false));
            writer.Line(Code.Of($"{m}[{i}, {j}] = {{0}};", Bounded(Expr(body, 2))));
            writer.Close();
            writer.Close();
            if (Chance(0.6))
            {
                writer.Line(Code.Of($"{m}[{random.Next(rows)}, {random.Next(columns)}] {(Chance(0.5) ? "=" : "*=")} {{0}};", Bounded(Expr(scope, 1))));
            }

            writer.Line(Code.Of(
                $"double {t} = {m}[{random.Next(rows)}, {random.Next(columns)}] * {{0}} + {m}[{{1}} % {m}.GetLength(0), {m}.Length - 1 - {random.Next(columns)} - ({m}.GetLength(1) * ({m}.GetLength(0) - 1))];",
                Expr(scope, 1),
                IntExpr(scope)));
            scope.Doubles.Add(new DoubleVar(t, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
        }
    }
}
