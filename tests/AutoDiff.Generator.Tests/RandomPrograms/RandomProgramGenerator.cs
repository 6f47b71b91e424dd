using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// Writes random <c>[Differentiable]</c> C# methods that stay finite and smooth enough to check against finite
/// differences: domain-limited functions get guarded arguments (<c>Log(0.5 + u * u)</c>, <c>Asin(0.9 * Tanh(u))</c>),
/// exponentials get bounded ones, every loop has a hard iteration cap, every index is in range by construction, and
/// every local ends up in the result so gradients flow through all of it. Program <c>i</c> of seed <c>s</c> is the same
/// text on every run.
/// </summary>
internal sealed partial class RandomProgramGenerator(int seed, IReadOnlySet<Construct> enabled)
{
    /// <summary>
    /// Program <paramref name="index"/>. With a <paramref name="focus"/>, retries (deterministically) until the program
    /// contains that construct, so every enabled construct is exercised by a fixed share of the programs.
    /// </summary>
    public RandomProgram Generate(int index, Construct? focus)
    {
        var random = new Random(unchecked((seed * 7919) + index));
        RandomProgram program;
        int attempt = 0;
        do
        {
            program = new ProgramBuilder(random, enabled, seed).Build(index);
        }
        while (focus is { } f && enabled.Contains(f) && !program.Constructs.Contains(f) && ++attempt < 50);

        return program;
    }

    private sealed class DoubleVar(string name, bool assignable, bool fold)
    {
        public string Name { get; } = name;

        public bool Assignable { get; } = assignable;

        /// <summary>A local that must be folded into the accumulator if nothing reads it (no unused-local warnings, no dead inputs).</summary>
        public bool Fold { get; } = fold;

        /// <summary>Where its declaration ends in the method's text: reads are looked for after it.</summary>
        public int DeclaredAt { get; init; }

        /// <summary>A parameter of the method (assignable only with <see cref="Construct.ParameterWrites"/>).</summary>
        public bool IsParameter { get; init; }
    }

    /// <summary>An int variable; all of them are non-negative by construction.</summary>
    private sealed class IntVar(string name, ArrayVar? bound, bool fold)
    {
        public string Name { get; } = name;

        /// <summary>When set, <c>0 &lt;= value &lt; Bound.Length</c>, so it indexes that array directly.</summary>
        public ArrayVar? Bound { get; } = bound;

        /// <summary>A local that must be folded into the accumulator if nothing reads it.</summary>
        public bool Fold { get; } = fold;

        public int DeclaredAt { get; init; }
    }

    private enum ArrayType
    {
        ReadOnlySpan,
        Array,
        Span,
    }

    private sealed class ArrayVar(string name, int minLength, bool writable, ArrayType type)
    {
        public string Name { get; } = name;

        public ArrayType Type { get; } = type;

        /// <summary>A lower bound of the length known when generating, so literal indices below it are in range.</summary>
        public int MinLength { get; } = minLength;

        /// <summary>A local array: element writes allowed.</summary>
        public bool Writable { get; } = writable;

        public int DeclaredAt { get; init; }
    }

    private sealed class Scope(Scope? parent, int loopDepth)
    {
        public Scope? Parent { get; } = parent;

        public int LoopDepth { get; } = loopDepth;

        /// <summary>How deep branches and loops nest here; a read-only view (see ProgramBuilder.ReadOnlyView) keeps that of the scope it shows.</summary>
        public int Depth { get; init; } = parent is null ? 0 : parent.Depth + 1;

        /// <summary>
        /// The body of a level of a fusable loop nest, or a branch in it: a break would leave the level's loop and a
        /// continue would put the next level's loop under a condition, and either stops the level being fused.
        /// </summary>
        public bool NestLevel { get; init; }

        public List<DoubleVar> Doubles { get; } = [];

        public List<IntVar> Ints { get; } = [];

        public List<ArrayVar> Arrays { get; } = [];

        public IEnumerable<T> Visible<T>(Func<Scope, List<T>> select)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                foreach (var item in select(s))
                {
                    yield return item;
                }
            }
        }
    }

    private sealed record Helper(string Name, IReadOnlyList<Parameter> Parameters);

    /// <summary>The state of one program; a fresh builder per attempt.</summary>
    private sealed partial class ProgramBuilder(Random random, IReadOnlySet<Construct> enabled, int seed)
    {
        private readonly HashSet<Construct> used = [];
        private readonly SortedSet<string> functions = new(StringComparer.Ordinal);
        private readonly List<Helper> helpers = [];

        // The static local functions declared at the top of F's body (Construct.LocalFunctions), or empty.
        private string localFunctions = string.Empty;

        // Per method being written.
        private DualWriter writer = new(0);
        private string? flag;

        /// <summary>The running sum unread locals are folded into: s, or a fusable loop nest's own sum.</summary>
        private string accumulator = "s";
        private bool endsInLoopNest;
        private int counter;
        private int remaining;

        public RandomProgram Build(int index)
        {
            var parameters = ChooseParameters();
            var methods = new List<(string Plain, string Traced)>();

            int helperCount = On(Construct.Calls) ? random.Next(0, 3) : 0;
            bool localHelpers = helperCount > 0 && On(Construct.LocalFunctions) && Chance(0.4);
            var locals = new List<(string Name, string Text)>();
            for (int h = 0; h < helperCount; h++)
            {
                var helperParameters = ChooseHelperParameters();
                var helper = WriteMethod("Helper" + h, helperParameters, budget: random.Next(2, 6), asLocalFunction: localHelpers);
                if (localHelpers)
                {
                    // The traced twin stays a method of the class; the plain one goes into F's body.
                    locals.Add(("Helper" + h, helper.Plain));
                    methods.Add((string.Empty, helper.Traced));
                }
                else
                {
                    methods.Add(helper);
                }

                helpers.Add(new Helper("Helper" + h, helperParameters));
            }

            // A program that ends in a fusable loop nest has fewer statements before it, so it compiles about as fast as the others.
            bool endsInLoopNest = On(Construct.FusableLoopNests) && Chance(LoopNestChance);
            var f = WriteMethod("F", parameters, budget: endsInLoopNest ? random.Next(2, 7) : random.Next(5, 14), endsInLoopNest);
            if (localHelpers)
            {
                localFunctions = LocalFunctionsCalledBy(f.Plain, locals);
            }

            methods.Add(f);

            string className = "RandomProgram" + index.ToString("D4", CultureInfo.InvariantCulture);
            var (source, vectorOutputMembers) = Assemble(index, className, parameters, methods);
            return new RandomProgram(index, className, source, parameters, used, functions, vectorOutputMembers);
        }

        private bool On(Construct construct) => enabled.Contains(construct);

        /// <summary>
        /// The local functions F calls (directly, or through another one it calls), to declare at the top of its body; the
        /// others are left out (an unused local function is a warning).
        /// </summary>
        private string LocalFunctionsCalledBy(string method, List<(string Name, string Text)> locals)
        {
            var called = new HashSet<string>(StringComparer.Ordinal);
            bool Calls(string text, string name) => Regex.IsMatch(text, @"\b" + name + @"\(");
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var (name, _) in locals)
                {
                    if (!called.Contains(name) && (Calls(method, name) || locals.Any(l => called.Contains(l.Name) && Calls(l.Text, name))))
                    {
                        changed = called.Add(name);
                    }
                }
            }

            if (called.Count > 0)
            {
                used.Add(Construct.LocalFunctions);
            }

            // One that calls no other and that no other calls may be a static lambda in a local instead
            // ('var Helper0 = static (double a, ...) => { ... };'): a local function could not call it, nor it them.
            string Form(string name, string text)
            {
                bool linked = locals.Any(o => o.Name != name && (Calls(text, o.Name) || (called.Contains(o.Name) && Calls(o.Text, name))));
                if (linked || !Chance(0.5))
                {
                    return text;
                }

                string header = $"        static double {name}(";
                int close = text.IndexOf(")\n        {\n", StringComparison.Ordinal);
                return $"        var {name} = static (" + text[header.Length..close] + ") =>\n" + text[(close + 2)..^"        }\n".Length] + "        };\n";
            }

            return string.Concat(locals.Where(l => called.Contains(l.Name)).Select(l => Form(l.Name, l.Text) + "\n"));
        }

        /// <summary><paramref name="method"/> with <paramref name="localFunctions"/> at the top of its body.</summary>
        private static string WithLocalFunctions(string method, string localFunctions)
        {
            int body = method.IndexOf("    {\n", StringComparison.Ordinal) + "    {\n".Length;
            return method[..body] + localFunctions + method[body..];
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private string Use(IReadOnlyList<IntVar> ints)
        {
            return Pick(ints).Name;
        }

        private bool Chance(double p) => random.NextDouble() < p;

        private static void Run(Random random, List<(double Weight, Action Emit)> options)
        {
            double total = options.Sum(o => o.Weight), r = random.NextDouble() * total;
            foreach (var (weight, emit) in options)
            {
                r -= weight;
                if (r < 0)
                {
                    emit();
                    return;
                }
            }

            options[^1].Emit();
        }

        private static T Weighted<T>(Random random, List<(double Weight, Func<T> Make)> options)
        {
            double total = options.Sum(o => o.Weight), r = random.NextDouble() * total;
            foreach (var (weight, make) in options)
            {
                r -= weight;
                if (r < 0)
                {
                    return make();
                }
            }

            return options[^1].Make();
        }

        private string Fresh(string prefix) => prefix + counter++.ToString(CultureInfo.InvariantCulture);

        private List<Parameter> ChooseParameters()
        {
            var list = new List<Parameter>();
            if (Chance(0.75))
            {
                list.Add(new Parameter("x", ParameterKind.Span, random.Next(1, 6), ""));
            }

            if (Chance(0.4))
            {
                list.Add(new Parameter("w", ParameterKind.Array, random.Next(1, 5), ""));
            }

            int scalars = random.Next(0, 3);
            if (list.Count == 0 && scalars == 0)
            {
                scalars = 1;
            }

            for (int i = 0; i < scalars; i++)
            {
                list.Add(new Parameter(i == 0 ? "y" : "z", ParameterKind.Scalar, 1, ""));
            }

            if (Chance(0.35))
            {
                list.Add(new Parameter("n", ParameterKind.Int, 1, random.Next(0, 4).ToString(CultureInfo.InvariantCulture)));
            }

            if (Chance(0.3))
            {
                list.Add(new Parameter("data", ParameterKind.ConstantSpan, random.Next(2, 5), "Data"));
            }

            if (Chance(0.25))
            {
                list.Add(new Parameter("flag", ParameterKind.Bool, 1, Chance(0.5) ? "true" : "false"));
            }

            if (Chance(0.2))
            {
                list.Add(new Parameter("c", ParameterKind.ConstantScalar, 1, Code.Literal(RandomValue()).Plain));
            }

            // Parameter order decides the positional order of the gradient outputs; shuffle to exercise it.
            return list.OrderBy(_ => random.Next()).ToList();
        }

        private List<Parameter> ChooseHelperParameters()
        {
            var list = new List<Parameter> { new("a", ParameterKind.Scalar, 1, "") };
            if (Chance(0.6))
            {
                list.Add(new Parameter("b", ParameterKind.Scalar, 1, ""));
            }

            if (Chance(0.5))
            {
                list.Add(new Parameter("v", Chance(0.5) ? ParameterKind.Span : ParameterKind.Array, 1, ""));
            }

            if (Chance(0.3))
            {
                list.Add(new Parameter("k", ParameterKind.Int, 1, ""));
            }

            if (Chance(0.3))
            {
                // Called with data only: checks that such calls are not refused (ADG0015) and differentiate right.
                list.Add(new Parameter("c", ParameterKind.ConstantScalar, 1, ""));
            }

            return list.OrderBy(_ => random.Next()).ToList();
        }

        private double RandomValue() => Math.Round((random.NextDouble() * 4) - 2, 2);

        private (string Plain, string Traced) WriteMethod(string name, IReadOnlyList<Parameter> parameters, int budget, bool endsInLoopNest = false, bool asLocalFunction = false)
        {
            writer = new DualWriter(asLocalFunction ? 3 : 2);
            counter = 0;
            remaining = budget;
            flag = null;
            accumulator = "s";
            this.endsInLoopNest = endsInLoopNest;
            var root = new Scope(null, 0);
            bool isHelper = name != "F";
            foreach (var p in parameters)
            {
                switch (p.Kind)
                {
                    case ParameterKind.Scalar or ParameterKind.ConstantScalar:
                        root.Doubles.Add(new DoubleVar(p.Name, assignable: On(Construct.ParameterWrites), fold: false) { IsParameter = true });
                        break;
                    case ParameterKind.Span or ParameterKind.Array or ParameterKind.ConstantSpan:
                        // A helper's vector comes from its caller: only length 1 is known.
                        root.Arrays.Add(new ArrayVar(p.Name, isHelper ? 1 : p.Length, writable: false, p.Kind == ParameterKind.Array ? ArrayType.Array : ArrayType.ReadOnlySpan));
                        break;
                    case ParameterKind.Int:
                        root.Ints.Add(new IntVar(p.Name, null, fold: false));
                        break;
                    default:
                        flag = p.Name;
                        break;
                }
            }

            // Every method starts an accumulator s; unread locals are folded into it, and it is returned.
            writer.Line(Code.Of("double s = {0};", Expr(root, 2)));
            root.Doubles.Add(new DoubleVar("s", assignable: true, fold: false));
            while (remaining > 0)
            {
                Statement(root);
            }

            if (endsInLoopNest)
            {
                FusableLoopNest(root);
            }
            else
            {
                FoldUnread(root);
                writer.Line(Chance(0.5) ? Code.Same("return s;") : Code.Of("return s + {0};", Expr(root, 1)));
            }

            string signature = string.Join(", ", parameters.Select(p => p.Declaration));
            string plain = asLocalFunction
                ? $"        static double {name}({signature})\n        {{\n{writer.PlainText}        }}\n"
                : $"    [Differentiable]\n    public static double {name}({signature})\n    {{\n{writer.PlainText}    }}\n";
            string traced = $"    private static double {name}Traced({signature})\n    {{\n{writer.TracedText}    }}\n";
            return (plain, traced);
        }

        // ----- Statements -----

        private void Block(Scope scope, int statements)
        {
            for (int i = 0; i < statements; i++)
            {
                Statement(scope);
            }

            FoldUnread(scope);
        }

        private int BodySize() => Math.Max(1, Math.Min(remaining, random.Next(1, 4)));

        /// <summary>Folds locals nobody read into the accumulator: no unused-local warnings, and every value reaches the result.</summary>
        private void FoldUnread(Scope scope)
        {
            foreach (var local in scope.Doubles.Where(d => d.Fold && !IsRead(d.Name, d.DeclaredAt)))
            {
                writer.Line(Code.Same($"{accumulator} += 0.5 * {local.Name};"));
            }

            foreach (var local in scope.Ints.Where(i => i.Fold && !IsRead(i.Name, i.DeclaredAt)))
            {
                writer.Line(Code.Same($"{accumulator} += 0.5 * {local.Name};"));
            }

            foreach (var array in scope.Arrays.Where(a => a.Writable && !IsRead(a.Name, a.DeclaredAt)))
            {
                writer.Line(Code.Same($"{accumulator} += 0.5 * {array.Name}[{array.MinLength - 1}];"));
            }
        }

        /// <summary>
        /// Whether the text written since a declaration reads the variable anywhere but as the target at the start of
        /// a statement. Decided on the text, not while generating, because some generated pieces are discarded.
        /// </summary>
        private bool IsRead(string name, int declaredAt)
        {
            var word = new Regex(@"\b" + name + @"\b");
            foreach (string line in writer.PlainText[declaredAt..].Split('\n'))
            {
                string trimmed = line.TrimStart();
                string rest = trimmed.StartsWith(name + " ", StringComparison.Ordinal) || trimmed.StartsWith(name + "[", StringComparison.Ordinal)
                    ? trimmed[name.Length..]
                    : trimmed;
                if (word.IsMatch(rest))
                {
                    return true;
                }
            }

            return false;
        }

        private void Statement(Scope scope)
        {
            remaining--;
            var options = new List<(double, Action)> { (3, () => DeclareDouble(scope)), (0.6, () => DeclareInt(scope)) };
            if (Assignables(scope).Any())
            {
                options.Add((2, () => Assign(scope)));
                options.Add((3, () => CompoundAssign(scope)));
            }

            bool canNest = scope.Depth < 3;
            if (canNest && On(Construct.Branches) && CanCondition(scope))
            {
                options.Add((2, () => If(scope)));
            }

            bool canLoop = canNest && (scope.LoopDepth == 0 || On(Construct.NestedLoops));
            if (canLoop && On(Construct.ForLoops))
            {
                options.Add((2, () => For(scope)));
            }

            if (canLoop && On(Construct.WhileLoops))
            {
                options.Add((1, () => While(scope, isDo: false)));
            }

            if (canLoop && On(Construct.DoLoops))
            {
                options.Add((1, () => While(scope, isDo: true)));
            }

            if (canLoop && On(Construct.Foreach) && scope.Visible(s => s.Arrays).Any())
            {
                options.Add((1, () => Foreach(scope)));
            }

            if (canLoop && On(Construct.DotProducts) && scope.Visible(s => s.Arrays).Any(a => a.MinLength > 0))
            {
                options.Add((0.8, () => DotProduct(scope)));
            }

            if (scope.LoopDepth > 0 && !scope.NestLevel && On(Construct.BreakContinue) && CanCondition(scope))
            {
                options.Add((1.2, () => BreakOrContinue(scope, allowBreak: true)));
            }

            // An early return anywhere in a method that ends in a fusable loop nest would put the nest under a condition.
            if (!endsInLoopNest && On(Construct.EarlyReturn) && CanCondition(scope))
            {
                options.Add((0.6, () => EarlyReturn(scope)));
            }

            // In a loop, a fresh zeroed array every iteration (a stackalloc grows the method's own stack every
            // iteration, but the loops here are short).
            if ((On(Construct.HeapArrays) || On(Construct.StackArrays)) && (scope.LoopDepth == 0 || On(Construct.ArraysInLoops)))
            {
                options.Add((scope.LoopDepth == 0 ? 1 : 0.4, () => LocalArray(scope)));
            }

            if (On(Construct.MaskedPartials))
            {
                options.Add((0.6, () => MaskedPartial(scope)));
            }

            if (On(Construct.ValueAssignments))
            {
                options.Add((0.8, () => ValueAssignment(scope)));
            }

            if (On(Construct.Switches))
            {
                options.Add((0.6, () => Switch(scope, canNest)));
            }

            if (On(Construct.Tuples))
            {
                options.Add((0.6, () => Tuple(scope)));
            }

            if (On(Construct.OpaqueCalls) && Assignables(scope).Any())
            {
                options.Add((0.5, () => OpaqueCall(scope)));
            }

            if (canLoop && On(Construct.WideIntegers) && Assignables(scope).Any())
            {
                options.Add((0.5, () => WideIntegerLoop(scope)));
            }

            if (scope.LoopDepth == 0 && On(Construct.StructuredData))
            {
                options.Add((0.5, () => LocalMatrix(scope)));
            }

            if (On(Construct.GuardClauses))
            {
                options.Add((0.4, () => GuardClause(scope)));
            }

            if (scope.Visible(s => s.Arrays).Any(a => a.Writable))
            {
                options.Add((2, () => ArrayWrite(scope)));
                if (On(Construct.VoidCalls))
                {
                    options.Add((1.5, () => VoidCall(scope)));
                }
            }

            Run(random, options);
        }

        private IEnumerable<DoubleVar> Assignables(Scope scope) => scope.Visible(s => s.Doubles).Where(d => d.Assignable);

        private Code Rhs(Scope scope)
        {
            var e = Expr(scope, random.Next(1, 4));

            // Bounding assignments keeps magnitudes moderate, so finite differences stay accurate; in loops always,
            // or a value that feeds on itself (s += s * s) overflows in a few iterations.
            return scope.LoopDepth > 0 || Chance(0.35) ? Bounded(e) : e;
        }

        private void DeclareDouble(Scope scope)
        {
            string name = Fresh("t");
            writer.Line(Code.Of("double " + name + " = {0};", Rhs(scope)));
            scope.Doubles.Add(new DoubleVar(name, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
        }

        /// <summary>
        /// <c>double g = e; double r = Math.Sqrt(g); double t = g &gt; 0 ? Tanh(r) : other;</c>: r is computed whatever g
        /// is, and is NaN or infinite, with an unbounded partial, exactly where the guard does not use it.
        /// </summary>
        private void MaskedPartial(Scope scope)
        {
            used.Add(Construct.MaskedPartials);
            string guardValue = Fresh("g"), raw = Fresh("r"), name = Fresh("t");
            writer.Line(Code.Of("double " + guardValue + " = {0};", Expr(scope, random.Next(1, 3))));
            var g = Code.Same(guardValue);
            var zero = Code.Literal(0.0);
            var (value, guard) = random.Next(5) switch
            {
                0 => (Fn("Sqrt", g), Code.Compare(g, ">", zero)),
                1 => (Fn("Log", g), Code.Compare(g, ">", zero)),
                2 => (Code.Of("1.0 / {0}", g), Code.Compare(g, ">", Code.Literal(0.25))),
                3 => (Fn("Pow", g, Code.Literal(1.5)), Code.Compare(g, ">", zero)),
                _ => (Fn("Asin", g), Code.Of("{0} && {1}", Code.Compare(g, ">", Code.Literal(-1.0)), Code.Compare(g, "<", Code.Literal(1.0)))),
            };
            writer.Line(Code.Of("double " + raw + " = {0};", value));
            writer.Line(Code.Of("double " + name + " = {0} ? {1} : {2};", guard, Bounded(Code.Same(raw)), Rhs(scope)));
            scope.Doubles.Add(new DoubleVar(name, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
        }

        private void DeclareInt(Scope scope)
        {
            string name = Fresh("m");
            writer.Line(Code.Of("int " + name + " = {0};", IntExpr(scope)));
            scope.Ints.Add(new IntVar(name, null, fold: true) { DeclaredAt = writer.PlainLength });
        }

        private void NoteParameterWrite(DoubleVar target)
        {
            if (target.IsParameter)
            {
                used.Add(Construct.ParameterWrites);
            }
        }

        private void Assign(Scope scope)
        {
            var target = Pick(Assignables(scope).ToList());
            NoteParameterWrite(target);
            var rhs = Rhs(scope);

            // "t = t;" is a compiler warning (CS1717).
            writer.Line(Code.Of(target.Name + " = {0};", rhs.Plain == target.Name ? Bounded(rhs) : rhs));
        }

        private void CompoundAssign(Scope scope)
        {
            var target = Pick(Assignables(scope).ToList());
            NoteParameterWrite(target);
            var e = Expr(scope, random.Next(1, 3));
            var step = scope.LoopDepth > 0 ? Bounded(e) : e;
            writer.Line(random.Next(4) switch
            {
                0 => Code.Of(target.Name + " += {0};", step),
                1 => Code.Of(target.Name + " -= {0};", step),

                // Factors near 1 so repeated compounding in loops stays bounded.
                2 => Code.Of(target.Name + (scope.LoopDepth > 0 ? " *= 1.0 + 0.1 * {0};" : " *= 1.0 + 0.25 * {0};"), Bounded(e)),
                _ => Code.Of(target.Name + " /= 2.0 + {0};", Bounded(e)),
            });
        }

        private void If(Scope scope)
        {
            used.Add(Construct.Branches);
            writer.Line(Code.Of("if ({0})", Condition(scope)));
            Body(scope, scope.LoopDepth);
            while (Chance(0.3) && CanCondition(scope))
            {
                writer.Line(Code.Of("else if ({0})", Condition(scope)));
                Body(scope, scope.LoopDepth);
            }

            if (Chance(0.5))
            {
                writer.Line(Code.Same("else"));
                Body(scope, scope.LoopDepth);
            }
        }

        private Scope Body(Scope scope, int loopDepth, IntVar? loopIndex = null, DoubleVar? element = null, Code? first = null, Code? last = null)
        {
            // A branch of a nest's level is still that level; a loop's body is not.
            var body = new Scope(scope, loopDepth) { NestLevel = scope.NestLevel && loopDepth == scope.LoopDepth };
            if (loopIndex is not null)
            {
                body.Ints.Add(loopIndex);
            }

            if (element is not null)
            {
                body.Doubles.Add(element);
            }

            writer.Open();
            if (first is { } f)
            {
                writer.Line(f);
            }

            Block(body, BodySize());
            if (last is { } l)
            {
                writer.Line(l);
            }

            writer.Close();
            return body;
        }

        private void MarkLoop(Scope scope)
        {
            if (scope.LoopDepth > 0)
            {
                used.Add(Construct.NestedLoops);
            }
        }

        private void For(Scope scope)
        {
            used.Add(Construct.ForLoops);
            MarkLoop(scope);
            var (header, index) = ForHeader(scope);
            writer.Line(header);
            Body(scope, scope.LoopDepth + 1, index);
        }

        /// <summary>A counting loop's header: over an array (forward, backward, strided, or stopping early on a condition) or up to a small bound.</summary>
        private (Code Header, IntVar Index) ForHeader(Scope scope)
        {
            string i = Fresh("i");
            var arrays = scope.Visible(s => s.Arrays).ToList();
            ArrayVar? over = arrays.Count > 0 && Chance(0.75) ? Pick(arrays) : null;
            if (over is null)
            {
                // A bound from an int: small by construction (n <= 3, counters <= 10), kept small with %.
                var ints = scope.Visible(s => s.Ints).ToList();
                string bound = ints.Count > 0 && Chance(0.5)
                    ? $"{Use(ints)} % 4 + 1"
                    : random.Next(2, 5).ToString(CultureInfo.InvariantCulture);
                return (Code.Same($"for (int {i} = 0; {i} < {bound}; {i}++)"), new IntVar(i, null, fold: false));
            }

            int variant = random.Next(4);
            if (variant == 2 && !(On(Construct.Comparisons) && CanCondition(scope)))
            {
                variant = 0;
            }

            Code header = variant switch
            {
                0 => Code.Same($"for (int {i} = 0; {i} < {over.Name}.Length; {i}++)"),
                1 => Code.Same($"for (int {i} = {over.Name}.Length - 1; {i} >= 0; {i}--)"),

                // Data-dependent trip count: the loop may stop early.
                2 => Code.Of($"for (int {i} = 0; {i} < {over.Name}.Length && {{0}}; {i}++)", Condition(scope)),
                _ => Code.Same($"for (int {i} = 0; {i} < {over.Name}.Length; {i} += 2)"),
            };
            return (header, new IntVar(i, over, fold: false));
        }

        private void While(Scope scope, bool isDo)
        {
            used.Add(isDo ? Construct.DoLoops : Construct.WhileLoops);
            MarkLoop(scope);
            string k = Fresh("k");
            int cap = random.Next(3, 11);
            Code condition = Code.Same($"{k} < {cap}");
            Code? progress = null;
            if (On(Construct.Comparisons))
            {
                // A data-dependent trip count: g grows by 0.1..0.5 per iteration until it passes a data-dependent bound.
                string g = Fresh("g");
                writer.Line(Code.Of("double " + g + " = {0};", Expr(scope, 1)));
                var gVar = new DoubleVar(g, assignable: true, fold: true) { DeclaredAt = writer.PlainLength };
                scope.Doubles.Add(gVar);
                used.Add(Construct.Comparisons);
                condition = Code.Of("{0} && {1}", condition, Code.Compare(Code.Same(g), "<", Code.Of("1.5 + {0}", Expr(scope, 1))));
                if (Chance(0.25))
                {
                    condition = Code.Of("{0} && {1}", condition, Condition(scope));
                }

                progress = Code.Of(g + " += 0.3 + 0.2 * Math.Sin({0});", Expr(scope, 1));
            }

            // The counter is incremented first, so a continue cannot skip it.
            writer.Line(Code.Same($"int {k} = 0;"));
            if (isDo)
            {
                writer.Line(Code.Same("do"));
                Body(scope, scope.LoopDepth + 1, first: Code.Same(k + "++;"), last: progress);
                writer.Line(Code.Of("while ({0});", condition));
            }
            else
            {
                writer.Line(Code.Of("while ({0})", condition));
                Body(scope, scope.LoopDepth + 1, first: Code.Same(k + "++;"), last: progress);
            }

            // The trip count itself is data-dependent; later code may use it.
            scope.Ints.Add(new IntVar(k, null, fold: false));
        }

        private void Foreach(Scope scope)
        {
            used.Add(Construct.Foreach);
            MarkLoop(scope);
            var array = Pick(scope.Visible(s => s.Arrays).ToList());
            string v = Fresh("v");
            writer.Line(Code.Same($"foreach (double {v} in {array.Name})"));
            Body(scope, scope.LoopDepth + 1, element: new DoubleVar(v, assignable: false, fold: true) { DeclaredAt = writer.PlainLength });
        }

        private void BreakOrContinue(Scope scope, bool allowBreak)
        {
            used.Add(Construct.BreakContinue);
            writer.Line(Code.Of("if ({0})", Condition(scope)));
            writer.Open();
            if (Chance(0.4) && Assignables(scope).Any())
            {
                CompoundAssign(scope);
            }

            writer.Line(Code.Same(allowBreak && Chance(0.5) ? "break;" : "continue;"));
            writer.Close();
        }

        private void EarlyReturn(Scope scope)
        {
            used.Add(Construct.EarlyReturn);
            writer.Line(Code.Of("if ({0})", Condition(scope)));
            writer.Open();
            writer.Line(Code.Of("return s + {0};", Expr(scope, 1)));
            writer.Close();
        }

        private void LocalArray(Scope scope)
        {
            bool stack = On(Construct.StackArrays) && (!On(Construct.HeapArrays) || Chance(0.5));
            used.Add(stack ? Construct.StackArrays : Construct.HeapArrays);
            if (scope.LoopDepth > 0)
            {
                used.Add(Construct.ArraysInLoops);
            }

            string a = Fresh("a");
            var arrays = scope.Visible(s => s.Arrays).ToList();
            var ints = scope.Visible(s => s.Ints).ToList();
            string length;
            int minLength;
            double r = random.NextDouble();
            if (arrays.Count > 0 && r < 0.45)
            {
                var source = Pick(arrays);
                bool plusOne = Chance(0.5);
                length = source.Name + ".Length" + (plusOne ? " + 1" : "");
                minLength = source.MinLength + (plusOne ? 1 : 0);
            }
            else if (ints.Count > 0 && r < 0.65 && scope.LoopDepth == 0)
            {
                // A length known only at run time, possibly data-dependent (a while loop's trip count). In a loop the
                // length must be the same in every iteration (the generator refuses one that may change), and the ints
                // in scope there may be loop counters.
                length = Use(ints) + " % 4 + 1";
                minLength = 1;
            }
            else
            {
                minLength = random.Next(2, 6);
                length = minLength.ToString(CultureInfo.InvariantCulture);
            }

            writer.Line(Code.Same(stack ? $"Span<double> {a} = stackalloc double[{length}];" : $"double[] {a} = new double[{length}];"));
            var array = new ArrayVar(a, minLength, writable: true, stack ? ArrayType.Span : ArrayType.Array) { DeclaredAt = writer.PlainLength };
            if (On(Construct.ForLoops) && (scope.LoopDepth == 0 || On(Construct.NestedLoops)) && Chance(0.6))
            {
                used.Add(Construct.ForLoops);
                MarkLoop(scope);
                string i = Fresh("i");
                writer.Line(Code.Same($"for (int {i} = 0; {i} < {a}.Length; {i}++)"));
                var body = new Scope(scope, scope.LoopDepth + 1);
                body.Ints.Add(new IntVar(i, array, fold: false));
                writer.Open();
                writer.Line(Code.Of($"{a}[{i}] = {{0}};", Expr(body, 2)));
                writer.Close();
            }
            else
            {
                writer.Line(Code.Of($"{a}[0] = {{0}};", Expr(scope, 2)));
            }

            scope.Arrays.Add(array);
        }

        private void ArrayWrite(Scope scope)
        {
            var array = Pick(scope.Visible(s => s.Arrays).Where(a => a.Writable).ToList());
            var index = Index(scope, array);
            var e = Expr(scope, random.Next(1, 3));
            var step = scope.LoopDepth > 0 ? Bounded(e) : e;
            writer.Line(random.Next(4) switch
            {
                0 => Code.Of(array.Name + "[{0}] = {1};", index, step),
                1 => Code.Of(array.Name + "[{0}] += {1};", index, step),
                2 => Code.Of(array.Name + "[{0}] -= {1};", index, step),
                _ => Code.Of(array.Name + (scope.LoopDepth > 0 ? "[{0}] *= 1.0 + 0.1 * {1};" : "[{0}] *= 1.0 + 0.25 * {1};"), index, Bounded(e)),
            });
        }

        /// <summary><c>Blend(a, v, r);</c> into a writable array or a slice of one (see <see cref="Construct.VoidCalls"/>).</summary>
        private void VoidCall(Scope scope)
        {
            used.Add(Construct.VoidCalls);
            var output = Pick(scope.Visible(s => s.Arrays).Where(a => a.Writable).ToList());
            var input = Chance(0.3) ? output : Pick(scope.Visible(s => s.Arrays).ToList());
            var v = On(Construct.SliceArguments) && Chance(0.3) ? SliceOf(scope, input) : Code.Same(input.Name);
            var r = Chance(0.4)
                ? Code.Of(output.Type == ArrayType.Array ? output.Name + ".AsSpan({0})" : output.Name + ".Slice({0})", Index(scope, output))
                : Code.Same(output.Name);
            writer.Line(Code.Of("Blend({0}, {1}, {2});", Bounded(Expr(scope, random.Next(1, 3))), v, r));
        }

        // ----- Conditions -----

        private bool CanCondition(Scope scope) =>
            On(Construct.Comparisons) || flag is not null || scope.Visible(s => s.Ints).Any() || scope.Visible(s => s.Arrays).Any();

        private Code Condition(Scope scope)
        {
            var options = new List<(double, Func<Code>)>();
            if (On(Construct.Comparisons))
            {
                options.Add((5, () =>
                {
                    used.Add(Construct.Comparisons);
                    string op = Pick(new[] { "<", "<=", ">", ">=" });
                    var left = Expr(scope, random.Next(0, 2));
                    var right = Expr(scope, random.Next(0, 2));

                    // "a < a" is warning CS1718, and a comparison of constants makes dead code (CS0162).
                    while (left.Plain == right.Plain || (!HasVariable(left) && !HasVariable(right)))
                    {
                        right = Leaf(scope);
                    }

                    return Code.Compare(left, op, right);
                }
                ));
                options.Add((1.5, () =>
                {
                    used.Add(Construct.Comparisons);
                    return random.Next(3) switch
                    {
                        0 => Code.Of("({0} && {1})", Condition(scope), Condition(scope)),
                        1 => Code.Of("({0} || {1})", Condition(scope), Condition(scope)),
                        _ => Code.Of("!{0}", Condition(scope)),
                    };
                }
                ));
            }

            if (flag is not null)
            {
                options.Add((1, () => Code.Same(Chance(0.5) ? flag : "!" + flag)));
            }

            var ints = scope.Visible(s => s.Ints).ToList();
            if (ints.Count > 0)
            {
                options.Add((1, () => Code.Same($"({Use(ints)} % 2 == {random.Next(2)})")));
            }

            var arrays = scope.Visible(s => s.Arrays).ToList();
            if (arrays.Count > 0)
            {
                options.Add((0.5, () => Code.Same($"({Pick(arrays).Name}.Length > {random.Next(1, 4)})")));
            }

            return Weighted(random, options);
        }

        /// <summary>True when the expression reads a local or parameter (they are the lower-case identifiers, except keywords).</summary>
        private static bool HasVariable(Code e) => VariablePattern().IsMatch(e.Plain);

        [GeneratedRegex(@"(?<![.\w])(?!double\b)[a-z]\w*")]
        private static partial Regex VariablePattern();

        /// <summary>A line <c>return e;</c> of a generated method.</summary>
        [GeneratedRegex(@"^(?<indent>[ ]*)return (?<value>.+);$", RegexOptions.Multiline)]
        private static partial Regex ReturnLine();

        // ----- Int expressions (always >= 0) -----

        private Code IntAtom(Scope scope)
        {
            var ints = scope.Visible(s => s.Ints).ToList();
            var arrays = scope.Visible(s => s.Arrays).ToList();
            double r = random.NextDouble();
            if (ints.Count > 0 && r < 0.5)
            {
                return Code.Same(Use(ints));
            }

            if (arrays.Count > 0 && r < 0.8)
            {
                return Code.Same(Pick(arrays).Name + ".Length");
            }

            return Code.Same(random.Next(0, 4).ToString(CultureInfo.InvariantCulture));
        }

        private Code IntExpr(Scope scope)
        {
            var arrays = scope.Visible(s => s.Arrays).ToList();
            int form = random.Next(arrays.Count > 0 ? 6 : 4);
            return form switch
            {
                0 => Code.Of("({0} + {1})", IntAtom(scope), IntAtom(scope)),
                1 => Code.Of("({0} * {1} % 5)", IntAtom(scope), IntAtom(scope)),
                2 => Code.Of("({0} / 2)", IntAtom(scope)),
                3 => Code.Of("(({0} + 7) % 3)", IntAtom(scope)),
                4 => Code.Same($"({Pick(arrays).Name}.Length - 1)"),
                _ => Code.Of("(({0} + {1}) % " + Pick(arrays).Name + ".Length)", IntAtom(scope), IntAtom(scope)),
            };
        }

        private Code Index(Scope scope, ArrayVar array)
        {
            var options = new List<(double, Func<Code>)>
            {
                (2, () => Code.Same(random.Next(array.MinLength).ToString(CultureInfo.InvariantCulture))),
                (0.7, () => Code.Same(array.Name + ".Length - 1")),
                (0.7, () => Code.Of("{0} % " + array.Name + ".Length", IntExpr(scope))),
            };
            var bounded = scope.Visible(s => s.Ints).Where(i => i.Bound == array).ToList();
            if (bounded.Count > 0)
            {
                options.Add((6, () => Code.Same(Use(bounded))));
            }

            var ints = scope.Visible(s => s.Ints).ToList();
            if (ints.Count > 0)
            {
                options.Add((2, () => Code.Same($"({Use(ints)} + {random.Next(0, 3)}) % {array.Name}.Length")));
            }

            return Weighted(random, options);
        }

        // ----- Double expressions -----

        private Code Leaf(Scope scope)
        {
            var doubles = scope.Visible(s => s.Doubles).ToList();
            var arrays = scope.Visible(s => s.Arrays).ToList();
            var ints = scope.Visible(s => s.Ints).ToList();
            var options = new List<(double, Func<Code>)>
            {
                (1, () => Code.Literal(RandomValue())),
                (0.4, () => Code.Same(Chance(0.5) ? "Scale" : "Offset")),
            };
            if (doubles.Count > 0)
            {
                options.Add((4, () =>
                {
                    return Code.Same(Pick(doubles).Name);
                }
                ));
            }

            if (arrays.Count > 0)
            {
                options.Add((4, () =>
                {
                    var a = Pick(arrays);
                    return Code.Of(a.Name + "[{0}]", Index(scope, a));
                }
                ));
            }

            if (ints.Count > 0)
            {
                options.Add((0.6, () => Chance(0.5) ? Code.Same($"(double){Use(ints)}") : Code.Same($"({Use(ints)} * 0.25)")));
            }

            if (arrays.Count > 0)
            {
                options.Add((0.3, () => Code.Same($"({Pick(arrays).Name}.Length * 0.5)")));
            }

            if (On(Construct.StructuredData))
            {
                options.Add((0.8, () => DataLeaf(scope)));
            }

            return Weighted(random, options);
        }

        private Code Expr(Scope scope, int depth)
        {
            if (depth <= 0)
            {
                return Leaf(scope);
            }

            int d = depth - 1;
            var options = new List<(double, Func<Code>)>
            {
                (2, () => Leaf(scope)),
                (4, () => Binary(scope, d)),
                (0.4, () => Code.Of("(-({0}))", Expr(scope, d))),
                (3, () => Smooth(scope, d)),
                (1.2, () => Kink(scope, d)),
                (0.5, () => PiecewiseConstant(scope, d)),
            };
            if (On(Construct.Ternary) && CanCondition(scope))
            {
                options.Add((0.6, () =>
                {
                    used.Add(Construct.Ternary);
                    return Code.Of("({0} ? {1} : {2})", Condition(scope), Expr(scope, d), Expr(scope, d));
                }
                ));
            }

            var callable = helpers.Where(h => h.Parameters.All(p => !p.IsVector || Arguments(scope, p.Kind).Count > 0)).ToList();
            if (callable.Count > 0)
            {
                options.Add((0.8, () => Call(scope, Pick(callable), d)));
            }

            return Weighted(random, options);
        }

        private Code Binary(Scope scope, int d)
        {
            var a = Expr(scope, d);
            var b = Expr(scope, d);

            // "u - u" is an exact zero for every input, which can park a singular point (Atan2 at the origin) under
            // a zero derivative: 0 * Inf is NaN, though the function is constant there.
            while (a.Plain == b.Plain && !a.Plain.Contains('(', StringComparison.Ordinal) && b.Plain.Length < 200)
            {
                b = Leaf(scope);
            }

            return random.Next(10) switch
            {
                < 3 => Code.Of("({0} + {1})", a, b),
                < 6 => Code.Of("({0} - {1})", a, b),
                < 9 => Code.Of("({0} * {1})", a, b),

                // Divisors bounded away from zero.
                _ => random.Next(3) switch
                {
                    0 => Code.Of("({0} / {1})", a, Code.Literal(Pick(new[] { 0.5, 1.5, -2.0, 3.0, 0.25 }))),
                    1 => Code.Of("({0} / (1.5 + {1} * {1}))", a, b),
                    _ => Code.Of("({0} / (2.0 + {1}))", a, Fn("Sin", b)),
                },
            };
        }

        /// <summary><c>Math.Name(...)</c> or <c>double.Name(...)</c>; both spellings are supported (where both exist).</summary>
        private string Prefix(string name)
        {
            functions.Add(name);
            var rule = DerivativeRules.Function(name, DeclaringTypes.MathAndDouble) ?? throw new ArgumentException("No derivative rule for " + name);
            return (rule.DeclaredOn & DeclaringTypes.Math) == 0 || Chance(0.3) ? "double." + name : "Math." + name;
        }

        private Code Fn(string name, params Code[] arguments) => Code.Call(Prefix(name), arguments);

        /// <summary><c>double.Name</c>: a function <c>Math</c> does not have.</summary>
        private string DoubleOnly(string name)
        {
            _ = DerivativeRules.Function(name, DeclaringTypes.Double) ?? throw new ArgumentException("No derivative rule for double." + name);
            functions.Add(name);
            return "double." + name;
        }

        private Code KinkFn(string name, params Code[] arguments) => Code.KinkCall(Prefix(name), name, arguments);

        /// <summary>A smooth function of bounded range, to keep exponentials and loop-carried values moderate.</summary>
        private Code Bounded(Code u) => Fn(Pick(new[] { "Tanh", "Sin", "Cos", "Atan" }), u);

        private Code Square(Code u, double shift) => Code.Of("(" + Code.Literal(shift).Plain + " + {0} * {0})", u);

        private Code Smooth(Scope scope, int d)
        {
            var u = Expr(scope, d);
            Code V() => Expr(scope, d);
            switch (random.Next(25))
            {
                case 0: return Fn("Sin", u);
                case 1: return Fn("Cos", u);
                case 2: return Fn("Tan", Fn("Tanh", u));
                case 3: return Fn("Asin", Code.Of("0.9 * {0}", Fn("Tanh", u)));
                case 4: return Fn("Acos", Code.Of("0.9 * {0}", Fn("Tanh", u)));
                case 5: return Fn("Atan", u);
                case 6: return Chance(0.5) ? KinkFn("Atan2", OffZero(u), V()) : KinkFn("Atan2", u, Square(V(), 1.0));
                case 7: return Fn("Sinh", Bounded(u));
                case 8: return Fn("Cosh", Bounded(u));
                case 9: return Fn("Tanh", u);
                case 10: return Fn("Asinh", u);
                case 11: return Fn("Acosh", Chance(0.5) ? Square(u, 1.5) : Code.Of("(1.5 + {0})", KinkFn("Abs", u)));
                case 12: return Fn("Atanh", Code.Of("0.9 * {0}", Fn("Tanh", u)));
                case 13: return Fn("Exp", Chance(0.7) ? Bounded(u) : Code.Of("(-({0}) * ({0}))", u));
                case 14: return Chance(0.5) ? Fn("Log", Square(u, 0.5)) : Fn("Log", Code.Of("(0.5 + {0})", KinkFn("Abs", u)));
                case 15: return Fn("Log", Square(u, 0.5), Square(V(), 2.0));
                case 16: return Fn("Log10", Square(u, 0.5));
                case 17: return Fn("Log2", Square(u, 0.5));
                case 18: return Chance(0.5) ? Fn("Sqrt", Square(u, 1.0)) : Fn("Sqrt", Code.Of("(0.25 + {0})", KinkFn("Abs", u)));

                // Cbrt has an infinite slope at 0: keep the argument away from it, on both signs.
                case 19: return Fn("Cbrt", Chance(0.5) ? Square(u, 0.5) : Code.Of("({0} - 2.0)", Fn("Tanh", u)));
                case 20:
                    return random.Next(5) switch
                    {
                        // Integer exponents are defined for negative bases; a base's sign must not leak into the exponent's derivative.
                        0 => Fn("Pow", u, Code.Same("2.0")),
                        1 => Fn("Pow", u, Code.Same("3")),
                        2 => Fn("Pow", Square(u, 0.5), Code.Same("1.5")),
                        3 => Fn("Pow", Code.Of("(0.5 + {0})", KinkFn("Abs", u)), Bounded(V())),
                        _ => Fn("Pow", Square(u, 0.5), Code.Of("0.5 * {0}", Bounded(V()))),
                    };
                case 21: return Fn("Hypot", OffZero(u), Chance(0.5) ? V() : Code.Same("1.0"));
                case 22: return Fn("FusedMultiplyAdd", u, V(), V());

                // The generic-math spellings that exist on double only, and ScaleB (linear in its double argument).
                case 23:
                    return random.Next(7) switch
                    {
                        0 => Code.Call(DoubleOnly("LogP1"), Square(u, 0.5)),
                        1 => Code.Call(DoubleOnly("Log2P1"), Square(u, 0.5)),
                        2 => Code.Call(DoubleOnly("Log10P1"), Square(u, 0.5)),
                        3 => Code.Call(DoubleOnly("ExpM1"), Bounded(u)),
                        4 => Code.Call(DoubleOnly("Exp2"), Bounded(u)),
                        5 => Code.Call(DoubleOnly("Exp10"), Code.Of("0.5 * {0}", Bounded(u))),
                        _ => Fn("ScaleB", u, Code.Same(random.Next(-2, 3).ToString(CultureInfo.InvariantCulture))),
                    };
                default: return Fn("Tanh", Code.Of("({0} * {1})", u, V()));
            }
        }

        /// <summary>
        /// Shifts the first argument of Atan2 and Hypot so the two arguments are never both exactly zero (ints, Sin(0)
        /// and loop counters make exact zeros): at the origin their partials are 0 / 0, so NaN even where the function
        /// is locally constant, which no derivative can get right. No expression here is exactly -0.0137.
        /// </summary>
        private static Code OffZero(Code u) => Code.Of("({0} + 0.0137)", u);

        private Code Kink(Scope scope, int d)
        {
            var u = Expr(scope, d);
            switch (random.Next(4))
            {
                case 0: return KinkFn("Abs", u);
                case 1: return KinkFn("Max", u, Expr(scope, d));
                case 2: return KinkFn("Min", u, Expr(scope, d));
                default:
                    if (Chance(0.5))
                    {
                        double lo = RandomValue();
                        return KinkFn("Clamp", u, Code.Literal(lo), Code.Literal(lo + 0.5 + random.Next(3)));
                    }

                    // Bounds that move with the inputs: the gradient flows into whichever bound is active.
                    var center = Expr(scope, d);
                    return KinkFn("Clamp", u, Code.Of("{0} - 1.0", center), Code.Of("{0} + 1.0", center));
            }
        }

        private Code PiecewiseConstant(Scope scope, int d)
        {
            var u = Expr(scope, d);
            return random.Next(6) switch
            {
                0 => Code.Of("({0} * {1})", KinkFn("Sign", u), Expr(scope, d)),
                1 => KinkFn("Floor", u),
                2 => KinkFn("Ceiling", u),
                3 => KinkFn("Round", u),
                4 => KinkFn("Round", u, Code.Same("1")),
                _ => KinkFn("Truncate", u),
            };
        }

        /// <summary>
        /// The arrays that can be passed to a vector parameter: of exactly its type, or with
        /// <see cref="Construct.ConvertedArguments"/> any array to a ReadOnlySpan parameter.
        /// </summary>
        private List<ArrayVar> Arguments(Scope scope, ParameterKind kind) =>
            scope.Visible(s => s.Arrays)
                .Where(a => kind == ParameterKind.Array ? a.Type == ArrayType.Array : a.Type == ArrayType.ReadOnlySpan || On(Construct.ConvertedArguments))
                .ToList();

        /// <summary>A call of <paramref name="helper"/>; its first scalar argument is <paramref name="firstScalar"/> when given.</summary>
        private Code Call(Scope scope, Helper helper, int d, Code? firstScalar = null)
        {
            used.Add(Construct.Calls);
            var arguments = new List<Code>();
            foreach (var p in helper.Parameters)
            {
                switch (p.Kind)
                {
                    case ParameterKind.Scalar:
                        arguments.Add(firstScalar ?? Expr(scope, d));
                        firstScalar = null;
                        break;
                    case ParameterKind.ConstantScalar:
                        // Data only (a literal, or an int converted): a value that depends on the inputs here is ADG0015.
                        arguments.Add(Chance(0.5) ? Code.Literal(RandomValue()) : Code.Of("(double)({0})", IntExpr(scope)));
                        break;
                    case ParameterKind.Span or ParameterKind.Array:
                        var array = Pick(Arguments(scope, p.Kind));
                        if (p.Kind == ParameterKind.Span && array.Type != ArrayType.ReadOnlySpan)
                        {
                            used.Add(Construct.ConvertedArguments);
                        }

                        arguments.Add(p.Kind == ParameterKind.Span && On(Construct.SliceArguments) && Chance(0.4) ? SliceOf(scope, array) : Code.Same(array.Name));
                        break;
                    default:
                        arguments.Add(IntExpr(scope));
                        break;
                }
            }

            return new Code(
                helper.Name + "(" + string.Join(", ", arguments.Select(a => a.Plain)) + ")",
                helper.Name + "Traced(" + string.Join(", ", arguments.Select(a => a.Traced)) + ")");
        }

        /// <summary>A slice of <paramref name="array"/> of at least one element (a helper reads its vector's element 0).</summary>
        private Code SliceOf(Scope scope, ArrayVar array)
        {
            used.Add(Construct.SliceArguments);
            var start = Index(scope, array);
            string a = array.Name;
            // Arrays have no Slice; spans no AsSpan.
            return (array.Type == ArrayType.Array ? random.Next(2, 7) : random.Next(5)) switch
            {
                0 => Code.Of($"{a}.Slice({{0}})", start),
                1 => Code.Of($"{a}.Slice({{0}}, 1)", start),
                2 => Code.Of($"{a}[({{0}})..]", start),
                3 => Code.Same($"{a}[^1..]"),
                4 => Code.Same($"{a}[..1]"),
                5 => Code.Of($"{a}.AsSpan({{0}})", start),
                _ => Code.Of($"{a}.AsSpan({{0}}, 1)", start),
            };
        }

        // ----- The source file -----

        private (string Source, string VectorOutputMembers) Assemble(int index, string className, IReadOnlyList<Parameter> parameters, List<(string Plain, string Traced)> methods)
        {
            var data = parameters.FirstOrDefault(p => p.Kind == ParameterKind.ConstantSpan);
            string dataValues = data is null
                ? "0.5"
                : string.Join(", ", Enumerable.Range(0, data.Length).Select(_ => Code.Literal(RandomValue()).Plain));

            var unpack = new StringBuilder();
            var arguments = new List<string>();
            var outputs = new List<string>();
            var directions = new List<string>();
            var products = new List<string>();
            var adjoints = new List<string>();
            int offset = 0;
            foreach (var p in parameters)
            {
                arguments.Add(p.IsDifferentiable ? p.Name : p.Argument);
                switch (p.Kind)
                {
                    case ParameterKind.Scalar:
                        unpack.Append($"        double {p.Name} = input[{offset}];\n");
                        outputs.Add($"out gradient[{offset}]");
                        adjoints.Add($"ref adjoint[{offset}]");
                        directions.Add($"direction[{offset}]");
                        products.Add($"out product[{offset}]");
                        offset++;
                        break;
                    case ParameterKind.Span:
                        unpack.Append($"        ReadOnlySpan<double> {p.Name} = input.AsSpan({offset}, {p.Length});\n");
                        outputs.Add($"gradient.AsSpan({offset}, {p.Length})");
                        adjoints.Add($"adjoint.AsSpan({offset}, {p.Length})");
                        directions.Add($"direction.AsSpan({offset}, {p.Length})");
                        products.Add($"product.AsSpan({offset}, {p.Length})");
                        offset += p.Length;
                        break;
                    case ParameterKind.Array:
                        unpack.Append($"        double[] {p.Name} = input.AsSpan({offset}, {p.Length}).ToArray();\n");
                        outputs.Add($"gradient.AsSpan({offset}, {p.Length})");
                        adjoints.Add($"adjoint.AsSpan({offset}, {p.Length})");
                        directions.Add($"direction.AsSpan({offset}, {p.Length})");
                        products.Add($"product.AsSpan({offset}, {p.Length})");
                        offset += p.Length;
                        break;
                }
            }

            string args = string.Join(", ", arguments);
            string gradientArgs = string.Join(", ", arguments.Concat(outputs));
            var text = new StringBuilder();
            text.Append("using System;\nusing AutoDiff;\n\nnamespace RandomPrograms;\n\n");
            text.Append($"// Random program #{index} of seed {seed}.\n");
            text.Append($"public static partial class {className}\n{{\n");
            text.Append("    public const double Scale = 0.75;\n");
            text.Append("    public static readonly double Offset = -0.5;\n");
            text.Append($"    public static readonly double[] Data = {{ {dataValues} }};\n\n");
            if (On(Construct.StructuredData))
            {
                text.Append(StructuredDataFields);
            }

            if (On(Construct.OpaqueCalls))
            {
                text.Append("    public static int Mix(int a, int b) => ((a * 7) + (b * 3)) % 5;\n\n");
                text.Append("    public static double Weight(int k) => 1.0 / (k + 2);\n\n");
            }

            if (On(Construct.VoidCalls))
            {
                text.Append("    [Differentiable]\n    public static void Blend(double a, ReadOnlySpan<double> v, Span<double> r)\n    {\n        r[0] = (0.5 * r[0]) + Math.Sin(a * v[0]);\n    }\n\n");
            }

            foreach (var (plain, _) in methods.Where(m => m.Plain.Length > 0))
            {
                // F is last: its local functions, if any, go into its body.
                text.Append(ReferenceEquals(plain, methods[^1].Plain) ? WithLocalFunctions(plain, localFunctions) : plain).Append('\n');
            }

            text.Append("    // Test plumbing, not differentiated: all differentiable inputs packed into one flat vector, in parameter order.\n");
            text.Append($"    public static double Value(double[] input)\n    {{\n{unpack}        return F({args});\n    }}\n\n");
            text.Append($"    public static double Gradient(double[] input, double[] gradient)\n    {{\n{unpack}        return FGradient({gradientArgs});\n    }}\n\n");
            string pullbackArgs = string.Join(", ", arguments.Append("seed").Concat(adjoints));
            text.Append($"    public static double Pullback(double[] input, double seed, double[] adjoint)\n    {{\n{unpack}        return FPullback({pullbackArgs});\n    }}\n\n");
            string directionalArgs = string.Join(", ", arguments.Concat(directions).Append("out double derivative"));
            text.Append($"    public static double Directional(double[] input, double[] direction)\n    {{\n{unpack}        FDirectionalDerivative({directionalArgs});\n        return derivative;\n    }}\n\n");
            string productArgs = string.Join(", ", arguments.Concat(directions).Concat(products));
            text.Append($"    public static double HessianVectorProduct(double[] input, double[] direction, double[] product)\n    {{\n{unpack}        return FHessianVectorProduct({productArgs});\n    }}\n\n");
            text.Append($"    public static long Trace(double[] input)\n    {{\n{unpack}        Kinks.Reset();\n        FTraced({args});\n        return Kinks.Hash;\n    }}\n");
            foreach (var (_, traced) in methods)
            {
                text.Append('\n').Append(traced);
            }

            text.Append("}\n");
            return (text.ToString(), VectorOutputMembers(methods[^1].Plain, localFunctions, unpack.ToString(), arguments, directions, outputs, parameters));
        }

        /// <summary>
        /// F as a vector-output method V: each <c>return e;</c> becomes <c>rOut[0] = e; rOut[1] = rOut[0] * rOut[0];
        /// rOut[2] = 0.5; return;</c>, so V's Jacobian rows are F's gradient g, 2 f g and 0. Plus flat wrappers.
        /// </summary>
        private static string VectorOutputMembers(
            string f, string localFunctions, string unpack, List<string> arguments, List<string> directions, List<string> outputs, IReadOnlyList<Parameter> parameters)
        {
            // F's returns become writes of the output; its local functions' returns stay, so they go in afterwards.
            string v = WithLocalFunctions(ReturnLine().Replace(f, "${indent}{ rOut[0] = ${value}; rOut[1] = rOut[0] * rOut[0]; rOut[2] = 0.5; return; }"), localFunctions);
            v = v.Replace("public static double F(", "public static void V(", StringComparison.Ordinal);
            int close = v.IndexOf(")\n", StringComparison.Ordinal);
            v = v.Insert(close, ", Span<double> rOut");
            var text = new StringBuilder("\n").Append(v).Append('\n');
            string args = string.Join(", ", arguments);
            text.Append($"    public static void FlatJacobianVectorProduct(double[] input, double[] direction, double[] r, double[] jv)\n    {{\n{unpack}        VJacobianVectorProduct({string.Join(", ", arguments.Concat(directions))}, r, jv);\n    }}\n\n");
            text.Append($"    public static double FlatVectorJacobianProduct(double[] input, double[] u, double[] gradient)\n    {{\n{unpack}        return VVectorJacobianProduct({args}, u, {string.Join(", ", outputs)});\n    }}\n");
            if (parameters.Count(p => p.IsDifferentiable) == 1 && parameters.Single(p => p.IsDifferentiable).IsVector)
            {
                text.Append($"\n    public static void FlatJacobian(double[] input, double[] r, double[] jacobian)\n    {{\n{unpack}        VJacobian({args}, r, jacobian);\n    }}\n");
            }

            return text.Append(InPlaceMembers(f, localFunctions, unpack, arguments, directions, outputs)).ToString();
        }

        /// <summary>
        /// F as an in-place method W(double[] stateIo, F's parameters...) updating a state of 3 (its first array, so the
        /// state even when F writes into an array parameter of its own): each <c>return e;</c> becomes
        /// <c>s[0] = s[0] * s[1] + (e); s[1] = s[0] * s[0]; s[2] = 0.5 * s[2]; return;</c>, so with respect to (s at
        /// entry, F's inputs) the rows are (s1, s0, 0, g), 2 s0' times that, and (0, 0, 0.5, 0). Plus flat wrappers taking
        /// the state and F's inputs apart.
        /// </summary>
        private static string InPlaceMembers(string f, string localFunctions, string unpack, List<string> arguments, List<string> directions, List<string> outputs)
        {
            const string State = "stateIo";
            string w = WithLocalFunctions(
                ReturnLine().Replace(f, $"${{indent}}{{ {State}[0] = {State}[0] * {State}[1] + (${{value}}); {State}[1] = {State}[0] * {State}[0]; {State}[2] = 0.5 * {State}[2]; return; }}"),
                localFunctions);
            w = w.Replace("public static double F(", $"public static void W(double[] {State}" + (arguments.Count > 0 ? ", " : ""), StringComparison.Ordinal);
            string Join(params IEnumerable<string>[] parts) => string.Join(", ", parts.SelectMany(p => p));
            var text = new StringBuilder("\n").Append(w).Append('\n');
            text.Append($"    public static void FlatInPlaceJacobianVectorProduct(double[] {State}, double[] input, double[] stateDirection, double[] direction, double[] r, double[] jv)\n    {{\n"
                + $"{unpack}        WJacobianVectorProduct({Join([State], arguments, ["stateDirection"], directions)}, r, jv);\n    }}\n\n");
            text.Append($"    public static double FlatInPlaceVectorJacobianProduct(double[] {State}, double[] input, double[] u, double[] stateGradient, double[] gradient)\n    {{\n"
                + $"{unpack}        return WVectorJacobianProduct({Join([State], arguments, ["u", "stateGradient"], outputs)});\n    }}\n");
            return text.ToString();
        }
    }
}
