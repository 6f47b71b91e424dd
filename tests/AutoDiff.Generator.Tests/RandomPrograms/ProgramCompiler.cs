using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <param name="Program">The program.</param>
/// <param name="Value">Its <c>Value</c> wrapper: f at a flat input.</param>
/// <param name="Gradient">Its <c>Gradient</c> wrapper: calls the generated gradient, returns its value.</param>
/// <param name="Trace">Its <c>Trace</c> wrapper: the path the computation took.</param>
/// <param name="Directional">Its <c>Directional</c> wrapper: the generated directional derivative along a flat direction (null: not checked).</param>
/// <param name="HessianVectorProduct">Its <c>HessianVectorProduct</c> wrapper: writes H v into the third array, returns f (null: not checked).</param>
/// <param name="Generated">The file the generator wrote for <c>F</c>, to check the shape of its code (null: not checked).</param>
/// <param name="Pullback">Its <c>Pullback</c> wrapper: the generated pullback with a seed, adding into the adjoints (null: not checked).</param>
/// <param name="Type">The loaded class, for wrappers beyond these (the vector-output ones).</param>
internal sealed record CompiledProgram(
    RandomProgram Program,
    Func<double[], double> Value,
    Func<double[], double[], double> Gradient,
    Func<double[], long> Trace,
    Func<double[], double[], double>? Directional = null,
    Func<double[], double[], double[], double>? HessianVectorProduct = null,
    SyntaxTree? Generated = null,
    Func<double[], double, double[], double>? Pullback = null,
    Type? Type = null);

/// <summary>The programs of one batch that compiled, loaded in a collectible context, and those that did not, with why.</summary>
internal sealed class CompiledBatch(IReadOnlyList<CompiledProgram> programs, IReadOnlyList<(RandomProgram Program, string Reason)> rejected, AssemblyLoadContext? context)
    : IDisposable
{
    public IReadOnlyList<CompiledProgram> Programs { get; } = programs;

    public IReadOnlyList<(RandomProgram Program, string Reason)> Rejected { get; } = rejected;

    public void Dispose() => context?.Unload();
}

/// <summary>
/// Runs the generator on a batch of programs in memory, compiles the result and loads it. One compilation per batch
/// keeps hundreds of programs fast; a program whose generator output or compilation has any diagnostic is taken out
/// (with its diagnostics and generated text) and the rest recompiled, so one bug does not hide the others.
/// </summary>
internal static partial class ProgramCompiler
{
    /// <param name="programs">The programs.</param>
    /// <param name="disabledOptimizations">The generator's <c>AutoDiffDisabledOptimizations</c> property (null: all optimisations on).</param>
    public static CompiledBatch Compile(IReadOnlyList<RandomProgram> programs, string? disabledOptimizations = null)
    {
        var options = disabledOptimizations is null ? null : new Dictionary<string, string> { ["build_property.AutoDiffDisabledOptimizations"] = disabledOptimizations };
        var rejected = new List<(RandomProgram, string)>();
        var remaining = programs.ToList();
        while (remaining.Count > 0)
        {
            // Warnings stay warnings here (the harness makes them errors) so the batch still emits; a program with
            // any warning is rejected below all the same, without compiling the batch again.
            var compilation = GeneratorHarness.CreateCompilation(remaining.Select(p => p.Source).Append(KinksSource.Text).ToArray());
            compilation = compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default));
            var driver = GeneratorHarness.CreateDriver(options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
            var generated = driver.GetRunResult().Results.Single().GeneratedSources;
            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            var problems = generatorDiagnostics.Concat(emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)).Distinct().ToList();
            var owners = problems.Select(d => (Diagnostic: d, Owner: Owner(d, remaining))).ToList();
            if (emit.Success && owners.All(o => o.Owner is not null))
            {
                foreach (var group in owners.GroupBy(o => o.Owner!))
                {
                    rejected.Add((group.Key, Describe(group.Key, group.Select(g => g.Diagnostic), generated)));
                }

                return Load(remaining.Except(rejected.Select(r => r.Item1)).ToList(), rejected, stream, generated);
            }

            if (owners.Any(o => o.Owner is null) && remaining.Count > 1)
            {
                // A diagnostic without a program to blame (a generator crash, say): find the culprits one by one.
                var good = new List<RandomProgram>();
                foreach (var program in remaining)
                {
                    using var single = Compile([program], disabledOptimizations);
                    rejected.AddRange(single.Rejected);
                    good.AddRange(single.Programs.Select(p => p.Program));
                }

                remaining = good;
                continue;
            }

            var bad = owners.GroupBy(o => o.Owner ?? remaining[0]).ToList();
            foreach (var group in bad)
            {
                rejected.Add((group.Key, Describe(group.Key, group.Select(g => g.Diagnostic), generated)));
            }

            remaining = remaining.Except(bad.Select(g => g.Key)).ToList();
        }

        return new CompiledBatch([], rejected, null);
    }

    private static CompiledBatch Load(List<RandomProgram> programs, List<(RandomProgram, string)> rejected, MemoryStream image, IEnumerable<GeneratedSourceResult> generated)
    {
        // The generator names each file after its method, with '_' for punctuation: RandomPrograms.RandomProgram0012.F_double_.g.cs.
        var generatedF = generated.Where(g => g.HintName.Contains(".F_", StringComparison.Ordinal))
            .ToDictionary(g => ClassName().Match(g.HintName).Value, g => g.SyntaxTree);
        var context = new ProgramLoadContext();
        image.Position = 0;
        var assembly = context.LoadFromStream(image);
        var compiled = programs.Select(p =>
        {
            var type = assembly.GetType("RandomPrograms." + p.ClassName, throwOnError: true)!;
            return new CompiledProgram(
                p,
                type.GetMethod("Value")!.CreateDelegate<Func<double[], double>>(),
                type.GetMethod("Gradient")!.CreateDelegate<Func<double[], double[], double>>(),
                type.GetMethod("Trace")!.CreateDelegate<Func<double[], long>>(),
                type.GetMethod("Directional")!.CreateDelegate<Func<double[], double[], double>>(),
                type.GetMethod("HessianVectorProduct")!.CreateDelegate<Func<double[], double[], double[], double>>(),
                generatedF[p.ClassName],
                type.GetMethod("Pullback")!.CreateDelegate<Func<double[], double, double[], double>>(),
                type);
        }).ToList();
        return new CompiledBatch(compiled, rejected, context);
    }

    /// <summary>The program a diagnostic belongs to: by its source file, or by the class a generated file extends.</summary>
    private static RandomProgram? Owner(Diagnostic diagnostic, List<RandomProgram> programs)
    {
        if (diagnostic.Location.SourceTree is not { } tree)
        {
            return null;
        }

        var source = SourceFileName().Match(tree.FilePath);
        if (source.Success && int.Parse(source.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < programs.Count)
        {
            return programs[i];
        }

        var match = ClassName().Match(tree.GetText().ToString());
        return match.Success ? programs.FirstOrDefault(p => p.ClassName == match.Value) : null;
    }

    private static string Describe(RandomProgram program, IEnumerable<Diagnostic> diagnostics, IEnumerable<GeneratedSourceResult> generated)
    {
        var text = new StringBuilder();
        foreach (var d in diagnostics)
        {
            text.Append(d.Id).Append(' ').Append(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Append(" at ")
                .Append(d.Location.GetLineSpan()).Append('\n');
        }

        foreach (var g in generated.Where(g => g.SourceText.ToString().Contains("class " + program.ClassName, StringComparison.Ordinal)))
        {
            text.Append("Generated ").Append(g.HintName).Append(":\n").Append(g.SourceText).Append('\n');
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^Source(\d+)\.cs$")]
    private static partial Regex SourceFileName();

    [GeneratedRegex(@"RandomProgram\d{4}")]
    private static partial Regex ClassName();

    /// <summary>Collectible, so each batch's assembly can be unloaded; the AutoDiff runtime resolves to the copy already loaded.</summary>
    private sealed class ProgramLoadContext() : AssemblyLoadContext("RandomPrograms", isCollectible: true)
    {
        private static readonly Assembly Runtime = typeof(DifferentiableAttribute).Assembly;

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == Runtime.GetName().Name ? Runtime : null;
    }
}
