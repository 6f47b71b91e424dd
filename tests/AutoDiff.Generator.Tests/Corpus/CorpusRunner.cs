using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.Corpus;

/// <summary>What happened to one corpus function: accepted (and checked), or refused with these diagnostic IDs.</summary>
/// <param name="Key"><c>Class.Method</c>.</param>
/// <param name="Outcome"><see cref="CorpusExpectations.Accepted"/>, or the distinct error IDs in its span, joined by '+'.</param>
/// <param name="Messages">The diagnostics' messages, for the test output.</param>
/// <param name="CheckFailure">For an accepted function: why its derivatives disagree with finite differences (null: they agree).</param>
/// <param name="Checks">How many derivative entries were compared with finite differences.</param>
internal sealed record CorpusResult(string File, string Key, string Outcome, IReadOnlyList<string> Messages, string? CheckFailure, int Checks);

/// <summary>
/// Runs the generator and its analyzer on one corpus file (one compilation per file), records every
/// <c>[Differentiable]</c> method's outcome, then compiles the accepted ones with wrappers (added as another part of
/// the method's own partial type, so private methods can be reached), loads them, and compares the generated
/// gradient (or u^T J for a vector output) and Hessian-vector product with central differences at two points.
/// </summary>
internal static class CorpusRunner
{
    /// <summary>The output direction u for vector-valued functions: u_k = 1 + k / 4.</summary>
    private static double U(int k) => 1 + (0.25 * k);

    public static string SourceDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Sources");

    public static IReadOnlyList<CorpusResult> Run(string file, IReadOnlyDictionary<string, CorpusCase> cases)
    {
        string source = File.ReadAllText(Path.Combine(SourceDirectory(), file));
        var compilation = GeneratorHarness.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default));
        var tree = compilation.SyntaxTrees.Single();
        var own = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (own.Count > 0)
        {
            throw new InvalidOperationException($"{file} is not valid C#:\n" + string.Join("\n", own));
        }

        var model = compilation.GetSemanticModel(tree);
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.AttributeLists.SelectMany(a => a.Attributes).Any(a => a.Name.ToString() is "Differentiable" or "DifferentiableAttribute"))
            .Select(m => (Syntax: m, Symbol: model.GetDeclaredSymbol(m)!))
            .ToList();
        string KeyOf(IMethodSymbol m) => m.ContainingType.Name + "." + m.Name;
        var duplicate = methods.GroupBy(m => KeyOf(m.Symbol)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{file}: two [Differentiable] methods are called {duplicate.Key}; the corpus keys must be unique.");
        }

        // A function that reads its output before writing it (an in/out vector, C's `double* proj`) is also checked through
        // a probe: a scalar [Differentiable] method that copies given values into a local array, calls the function on it
        // and returns u . (the array), so the values the output held before the call are inputs too and the check is not
        // made where the output is zero (which hides every term that reads it).
        var probes = new Dictionary<string, (string Name, CorpusArguments Arguments)>();
        foreach (var (_, symbol) in methods)
        {
            if (cases.TryGetValue(KeyOf(symbol), out var probed) && probed.Arguments?.InitialOutput is { } initial
                && Layout(symbol, probed.Arguments).Any(p => p.Role == Role.Output))
            {
                var (text, arguments) = Probe(symbol, probed.Arguments, initial);
                compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: "Probe." + KeyOf(symbol) + ".cs"));
                probes[KeyOf(symbol)] = (ProbePrefix + symbol.Name, arguments);
            }
        }

        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var analyzer = GeneratorHarness.AnalyzerDiagnostics(output);
        var errors = new Dictionary<string, List<Diagnostic>>();
        foreach (var diagnostic in analyzer.Concat(generatorDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            var owner = methods.FirstOrDefault(m => diagnostic.Location.SourceTree == tree && m.Syntax.FullSpan.Contains(diagnostic.Location.SourceSpan));
            if (owner.Symbol is null)
            {
                throw new InvalidOperationException($"{file}: a diagnostic outside every [Differentiable] method: {diagnostic}");
            }

            Add(errors, KeyOf(owner.Symbol), diagnostic);
        }

        // Compile the accepted methods with their wrappers; a wrapper or generated file that does not compile takes its
        // method out (outcome: the compiler's error IDs), and the rest is compiled again.
        var generated = driver.GetRunResult().Results.Single().GeneratedSources;
        var accepted = methods.Where(m => !errors.ContainsKey(KeyOf(m.Symbol))).ToList();
        var wrappers = new Dictionary<string, SyntaxTree>();
        foreach (var (syntax, symbol) in accepted)
        {
            if (!cases.TryGetValue(KeyOf(symbol), out var corpusCase) || corpusCase.Arguments is null)
            {
                continue;
            }

            bool hvp = generated.Any(g => HintBelongsTo(g.HintName, symbol) && g.SourceText.ToString().Contains(" " + symbol.Name + "HessianVectorProduct(", StringComparison.Ordinal));
            wrappers[KeyOf(symbol)] = CSharpSyntaxTree.ParseText(Wrapper(symbol, corpusCase.Arguments, hvp), GeneratorHarness.ParseOptions, path: "Wrapper." + KeyOf(symbol) + ".cs");
            if (probes.TryGetValue(KeyOf(symbol), out var probe))
            {
                wrappers[KeyOf(symbol) + ".probe"] = CSharpSyntaxTree.ParseText(
                    Wrapper(ProbeSymbol(output, symbol, probe.Name), probe.Arguments, hvp: true), GeneratorHarness.ParseOptions, path: "Wrapper." + KeyOf(symbol) + ".probe.cs");
            }
        }

        var compiled = output.AddSyntaxTrees(wrappers.Values);
        var compileErrors = new Dictionary<string, List<Diagnostic>>();
        MemoryStream image;
        while (true)
        {
            image = new MemoryStream();
            var emit = compiled.Emit(image);
            if (emit.Success)
            {
                break;
            }

            // Errors in generated files are the generator's (the method's outcome); errors only in wrappers are this
            // harness's or the table's, and stop the test.
            var failed = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var removed = new HashSet<string>();
            foreach (var diagnostic in failed)
            {
                string path = diagnostic.Location.SourceTree?.FilePath ?? "";
                var owner = accepted.FirstOrDefault(m => generated.Any(g => path.EndsWith(g.HintName, StringComparison.Ordinal) && HintBelongsTo(g.HintName, m.Symbol)));
                if (owner.Symbol is not null)
                {
                    Add(compileErrors, KeyOf(owner.Symbol), diagnostic);
                    removed.Add(KeyOf(owner.Symbol));
                }
            }

            if (removed.Count == 0)
            {
                throw new InvalidOperationException($"{file}: the wrappers do not compile (a harness bug or wrong table arguments):\n"
                    + string.Join("\n", failed.Select(d => d.ToString())) + "\n" + string.Join("\n", failed.Select(d => d.Location.SourceTree?.GetText().ToString()).Distinct()));
            }

            var drop = compiled.SyntaxTrees.Where(t => removed.Any(key =>
                t.FilePath == "Wrapper." + key + ".cs" || t.FilePath == "Wrapper." + key + ".probe.cs"
                || generated.Any(g => t.FilePath.EndsWith(g.HintName, StringComparison.Ordinal) && HintBelongsTo(g.HintName, accepted.First(m => KeyOf(m.Symbol) == key).Symbol))));
            compiled = compiled.RemoveSyntaxTrees(drop);
            accepted = accepted.Where(m => !removed.Contains(KeyOf(m.Symbol))).ToList();
        }

        var context = new CorpusLoadContext();
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            var results = new List<CorpusResult>();
            foreach (var (_, symbol) in methods)
            {
                string key = KeyOf(symbol);
                if (errors.TryGetValue(key, out var refused) || compileErrors.TryGetValue(key, out refused))
                {
                    results.Add(new CorpusResult(file, key, string.Join("+", refused.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal)), refused.Select(d => d.ToString()).ToList(), null, 0));
                    continue;
                }

                if (!wrappers.ContainsKey(key))
                {
                    results.Add(new CorpusResult(file, key, CorpusExpectations.Accepted, [], "accepted, but the table gives no arguments to check its derivatives at", 0));
                    continue;
                }

                var type = assembly.GetType(symbol.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "", StringComparison.Ordinal), throwOnError: true)!;
                var (failure, checks) = Check(type, symbol, cases[key].Arguments!);
                if (probes.TryGetValue(key, out var probe))
                {
                    var (probeFailure, probeChecks) = Check(type, ProbeSymbol(compiled, symbol, probe.Name), probe.Arguments);
                    failure ??= probeFailure is null ? null : "with the output's values before the call as inputs (" + probe.Name + "): " + probeFailure;
                    checks += probeChecks;
                }

                results.Add(new CorpusResult(file, key, CorpusExpectations.Accepted, [], failure, checks));
            }

            return results;
        }
        finally
        {
            context.Unload();
        }
    }

    private static void Add(Dictionary<string, List<Diagnostic>> map, string key, Diagnostic diagnostic)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(diagnostic);
    }

    /// <summary>The generator names a method's file <c>Namespace.Type.Method_signature.g.cs</c> (a hash follows).</summary>
    private static bool HintBelongsTo(string hintName, IMethodSymbol method) =>
        hintName.StartsWith(method.ContainingType.ToDisplayString().Replace("global::", "", StringComparison.Ordinal) + "." + method.Name + "_", StringComparison.Ordinal);

    // ---- The in/out probe ----

    private const string ProbePrefix = "CorpusInOut_";

    /// <summary>
    /// The probe of <paramref name="method"/>, whose output <paramref name="initial"/> the table gives values for: a
    /// [Differentiable] scalar method of the same type taking the method's differentiable inputs and the output's values
    /// before the call, and its test arguments.
    /// </summary>
    private static (string Text, CorpusArguments Arguments) Probe(IMethodSymbol method, CorpusArguments arguments, string initial)
    {
        var layout = Layout(method, arguments);
        var output = layout.Single(p => p.Role == Role.Output);
        string before = initial + "Before";
        var parameters = layout.Where(p => p.Role is Role.Scalar or Role.Vector).Select(p => p.Symbol.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + " " + p.Symbol.Name)
            .Append("global::System.ReadOnlySpan<double> " + before);
        string call = string.Join(", ", layout.Select(p => p.Role switch
        {
            Role.Output => "r",
            Role.Constant => p.Constant!,
            _ => p.Symbol.Name,
        }));
        string u = string.Join(", ", Enumerable.Range(0, output.Length).Select(k => U(k).ToString("R", CultureInfo.InvariantCulture)));
        var text = new StringBuilder();
        string ns = method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString();
        if (ns.Length > 0)
        {
            text.Append("namespace ").Append(ns).Append(";\n");
        }

        text.Append("static partial class ").Append(method.ContainingType.Name).Append("\n{\n");
        text.Append("    [global::AutoDiff.Differentiable]\n");
        text.Append($"    public static double {ProbePrefix}{method.Name}({string.Join(", ", parameters)})\n    {{\n");
        text.Append($"        double[] r = new double[{output.Length}];\n");
        text.Append($"        for (int k = 0; k < r.Length; k++) r[k] = {before}[k];\n");
        text.Append($"        {method.Name}({call});\n");
        text.Append($"        double[] u = new double[] {{ {u} }};\n");
        text.Append("        double s = 0;\n        for (int k = 0; k < r.Length; k++) s += u[k] * r[k];\n        return s;\n    }\n}\n");
        string values = string.Join("; ", layout.Where(p => p.Role is Role.Scalar or Role.Vector).Select(p => $"{p.Symbol.Name} = {Bracketed(arguments.Values(p.Symbol.Name))}")
            .Append($"{before} = {Bracketed(arguments.Values(initial))}"));
        return (text.ToString(), new CorpusArguments(values));
    }

    private static string Bracketed(double[] values) => "[" + string.Join(", ", values.Select(R)) + "]";

    private static IMethodSymbol ProbeSymbol(Compilation compilation, IMethodSymbol method, string name) =>
        compilation.GetTypeByMetadataName(method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "", StringComparison.Ordinal))!
            .GetMembers(name).OfType<IMethodSymbol>().Single();

    // ---- Wrappers: flat double[] in, the method's own parameter shapes out. ----

    private enum Role
    {
        Scalar,
        Vector,
        Output,

        /// <summary>
        /// The double[] an in-place method updates (given as <c>name => [values]</c>): its values before the call are
        /// inputs, in the flat point like a vector's, and its values after the call the output.
        /// </summary>
        State,
        Constant,
    }

    private sealed record Parameter(IParameterSymbol Symbol, Role Role, int Offset, int Length, string? Constant, bool IsArray);

    /// <summary>The method's parameters with their roles and where their values sit in the flat point.</summary>
    private static List<Parameter> Layout(IMethodSymbol method, CorpusArguments arguments)
    {
        var wrt = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "DifferentiableAttribute")?
            .NamedArguments.FirstOrDefault(n => n.Key == "Wrt").Value is { Kind: TypedConstantKind.Array } list
            ? list.Values.Select(v => (string)v.Value!).ToHashSet()
            : null;
        var layout = new List<Parameter>();
        int offset = 0;
        foreach (var p in method.Parameters)
        {
            string type = p.Type.ToDisplayString();
            bool markedConstant = p.GetAttributes().Any(a => a.AttributeClass?.Name == "ConstantAttribute");
            bool constant = markedConstant || (wrt is not null && !wrt.Contains(p.Name));
            bool isArray = type == "double[]";
            if (!markedConstant && method.ReturnsVoid && type == "System.Span<double>")
            {
                layout.Add(new Parameter(p, Role.Output, 0, arguments.OutputLength(p.Name), null, false));
            }
            else if (!constant && isArray && method.ReturnsVoid && arguments.InitialOutput == p.Name)
            {
                int length = arguments.OutputLength(p.Name);
                layout.Add(new Parameter(p, Role.State, offset, length, null, true));
                offset += length;
            }
            else if (!constant && type == "double")
            {
                layout.Add(new Parameter(p, Role.Scalar, offset, 1, null, false));
                offset++;
            }
            else if (!constant && (type == "System.ReadOnlySpan<double>" || isArray))
            {
                int length = arguments.Values(p.Name).Length;
                layout.Add(new Parameter(p, Role.Vector, offset, length, null, isArray));
                offset += length;
            }
            else
            {
                layout.Add(new Parameter(p, Role.Constant, 0, 0, arguments.Expression(p.Name), false));
            }
        }

        return layout;
    }

    /// <summary>The test point: the differentiable parameters' values, in order.</summary>
    private static double[] Point(IMethodSymbol method, CorpusArguments arguments) =>
        Layout(method, arguments).Where(p => p.Role is Role.Scalar or Role.Vector or Role.State).SelectMany(p => arguments.Values(p.Symbol.Name)).ToArray();

    private static string Wrapper(IMethodSymbol method, CorpusArguments arguments, bool hvp)
    {
        var layout = Layout(method, arguments);
        string name = method.Name;
        string Input(Parameter p, string flat) => p.Role switch
        {
            Role.Scalar => $"{flat}[{p.Offset}]",
            Role.Vector or Role.State when p.IsArray => $"{flat}[{p.Offset}..{p.Offset + p.Length}]",
            Role.Vector => $"new global::System.ReadOnlySpan<double>({flat}, {p.Offset}, {p.Length})",
            _ when p.Symbol.RefKind == RefKind.Ref => $"ref {p.Symbol.Name}Argument",
            _ => p.Constant!,
        };
        var inputs = layout.Where(p => p.Role != Role.Output).ToList();
        var active = layout.Where(p => p.Role is Role.Scalar or Role.Vector or Role.State).ToList();
        var output = layout.FirstOrDefault(p => p.Role is Role.Output or Role.State);
        string Outputs(string flat) => string.Join(", ", active.Select(p => p.Role == Role.Scalar ? $"out double {flat}{p.Offset}" : $"new global::System.Span<double>({flat}, {p.Offset}, {p.Length})"));
        string Scatter(string flat) => string.Concat(active.Where(p => p.Role == Role.Scalar).Select(p => $" {flat}[{p.Offset}] = {flat}{p.Offset};"));
        string args = string.Join(", ", inputs.Select(p => Input(p, "p")));

        // A ref parameter (ref int N) is passed a local of each wrapper's own, holding the table's value.
        string locals = string.Concat(inputs.Where(p => p.Role == Role.Constant && p.Symbol.RefKind == RefKind.Ref)
            .Select(p => $" {p.Symbol.Type.ToDisplayString()} {p.Symbol.Name}Argument = {p.Constant};"));

        var text = new StringBuilder();
        string ns = method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString();
        text.Append("#nullable enable\n");
        if (ns.Length > 0)
        {
            text.Append("namespace ").Append(ns).Append(";\n");
        }

        text.Append("static partial class ").Append(method.ContainingType.Name).Append("\n{\n");
        if (output is null)
        {
            text.Append($"    public static double CorpusValue_{name}(double[] p) {{{locals} return {name}({args}); }}\n");
            text.Append($"    public static double CorpusGradient_{name}(double[] p, double[] g) {{{locals} double f = {name}Gradient({args}, {Outputs("g")});{Scatter("g")} return f; }}\n");
            string directions = string.Join(", ", active.Select(p => p.Role == Role.Scalar ? $"v[{p.Offset}]" : $"new global::System.ReadOnlySpan<double>(v, {p.Offset}, {p.Length})"));
            if (hvp)
            {
                text.Append($"    public static double CorpusHvp_{name}(double[] p, double[] v, double[] hv) {{{locals} double f = {name}HessianVectorProduct({args}, {directions}, {Outputs("hv")});{Scatter("hv")} return f; }}\n");
            }
        }
        else
        {
            // A vector-valued F checked as the scalar u . F(x), whose gradient is FVectorJacobianProduct's u^T J. An
            // in-place method's F runs on a copy of its array's values from the point (they are inputs too).
            string u = "new double[] { " + string.Join(", ", Enumerable.Range(0, output.Length).Select(k => U(k).ToString("R", CultureInfo.InvariantCulture))) + " }";
            string all = string.Join(", ", layout.Select(p => p == output ? "r" : Input(p, "p")));
            string r = output.Role == Role.State ? Input(output, "p") : $"new double[{output.Length}]";
            text.Append($"    public static double CorpusValue_{name}(double[] p) {{ double[] r = {r}; {name}({all}); double[] u = {u}; double s = 0; for (int k = 0; k < r.Length; k++) s += u[k] * r[k]; return s; }}\n");
            text.Append($"    public static double CorpusGradient_{name}(double[] p, double[] g) {{ double f = {name}VectorJacobianProduct({args}, {u}, {Outputs("g")});{Scatter("g")} return f; }}\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    // ---- Finite differences ----

    private static (string? Failure, int Checks) Check(Type type, IMethodSymbol method, CorpusArguments arguments)
    {
        var value = type.GetMethod("CorpusValue_" + method.Name)!.CreateDelegate<Func<double[], double>>();
        var gradient = type.GetMethod("CorpusGradient_" + method.Name)!.CreateDelegate<Func<double[], double[], double>>();
        var hvpMethod = type.GetMethod("CorpusHvp_" + method.Name);
        var hvp = hvpMethod?.CreateDelegate<Func<double[], double[], double[], double>>();
        double[] first = Point(method, arguments);
        double[] second = first.Select((x, i) => x + (0.037 * Math.Sin(i + 1))).ToArray();
        int checks = 0;
        foreach (var point in new[] { first, second })
        {
            string? failure = CheckAt(value, gradient, hvp, point, ref checks);
            if (failure is not null)
            {
                return ("at [" + string.Join(", ", point.Select(R)) + "]: " + failure, checks);
            }
        }

        return (null, checks);
    }

    /// <summary>The checks at one point: null when the gradient (and H v, if given) agree with central differences.</summary>
    internal static string? CheckAt(Func<double[], double> value, Func<double[], double[], double> gradient, Func<double[], double[], double[], double>? hvp, double[] x, ref int checks)
    {
        double f = value(x);
        if (!double.IsFinite(f))
        {
            return $"f = {R(f)} is not finite there; choose another point in the table";
        }

        var g = Enumerable.Repeat(12345.0, x.Length).ToArray();
        double fg = gradient(x, g);
        if (!(Math.Abs(fg - f) <= 1e-12 * Math.Max(1, Math.Abs(f))))
        {
            return $"the gradient member returned {R(fg)}, the function {R(f)}";
        }

        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-4 * Math.Max(1, Math.Abs(x[i]));
            double At(double step)
            {
                var moved = (double[])x.Clone();
                moved[i] += step;
                return value(moved);
            }

            double wide = (At(h) - At(-h)) / (2 * h), narrow = (At(h / 2) - At(-h / 2)) / h;
            double estimate = ((4 * narrow) - wide) / 3;
            double tolerance = (1e-6 * Math.Max(1, Math.Max(Math.Abs(g[i]), Math.Abs(estimate)))) + (1e-9 * Math.Max(1, Math.Abs(f)) / h);
            checks++;
            if (!(Math.Abs(g[i] - estimate) <= tolerance))
            {
                return $"d f / d x[{i}]: generated {R(g[i])}, central differences {R(estimate)} (h = {R(h)}: {R(wide)}, h/2: {R(narrow)}), tolerance {R(tolerance)}";
            }
        }

        if (hvp is null)
        {
            return null;
        }

        var v = Enumerable.Range(0, x.Length).Select(i => Math.Sin((1.7 * i) + 0.3)).ToArray();
        var hv = Enumerable.Repeat(12345.0, x.Length).ToArray();
        double fh = hvp(x, v, hv);
        if (!(Math.Abs(fh - f) <= 1e-12 * Math.Max(1, Math.Abs(f))))
        {
            return $"the Hessian-vector product returned {R(fh)}, the function {R(f)}";
        }

        double[] GradientAt(double step)
        {
            var moved = x.Select((xi, i) => xi + (step * v[i])).ToArray();
            var gm = new double[x.Length];
            gradient(moved, gm);
            return gm;
        }

        double hs = 1e-4 * Math.Max(1, x.Max(Math.Abs));
        double[] plus = GradientAt(hs), minus = GradientAt(-hs), plusHalf = GradientAt(hs / 2), minusHalf = GradientAt(-hs / 2);
        double gScale = Math.Max(1, g.Max(Math.Abs));
        for (int i = 0; i < x.Length; i++)
        {
            double wide = (plus[i] - minus[i]) / (2 * hs), narrow = (plusHalf[i] - minusHalf[i]) / hs;
            double estimate = ((4 * narrow) - wide) / 3;
            double tolerance = (1e-5 * Math.Max(1, Math.Max(Math.Abs(hv[i]), Math.Abs(estimate)))) + (1e-9 * gScale / hs);
            checks++;
            if (!(Math.Abs(hv[i] - estimate) <= tolerance))
            {
                return $"(H v)[{i}] for v_i = sin(1.7 i + 0.3): generated {R(hv[i])}, differences of the generated gradient {R(estimate)}, tolerance {R(tolerance)}";
            }
        }

        return null;
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Collectible, so each file's assembly can be unloaded; the AutoDiff runtime resolves to the copy already loaded.</summary>
    private sealed class CorpusLoadContext() : AssemblyLoadContext("Corpus", isCollectible: true)
    {
        private static readonly Assembly Runtime = typeof(DifferentiableAttribute).Assembly;

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == Runtime.GetName().Name ? Runtime : null;
    }
}
