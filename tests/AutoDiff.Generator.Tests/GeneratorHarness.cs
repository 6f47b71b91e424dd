using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using AutoDiff.Generator;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiff.Generator.Tests;

/// <summary>Runs the generator in memory on source text, as the compiler would, against .NET 10 reference assemblies.</summary>
internal static class GeneratorHarness
{
    // The driver must parse generated files with the same options as the compilation's own trees.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation CreateCompilation(params string[] sources) => CSharpCompilation.Create(
        "GeneratorTests",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,

            // The SDK silences these two binding-redirect notices by default; so does this harness.
            specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    /// <param name="globalOptions">Build properties the generator sees (<c>build_property.Name</c> keys), if any.</param>
    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? globalOptions = null) => CSharpGeneratorDriver.Create(
        new[] { new DifferentiableGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        optionsProvider: globalOptions is null ? null : new GlobalOptionsProvider(globalOptions),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Global analyzer-config options only, as MSBuild passes build properties to the compiler.</summary>
    private sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    /// <summary>
    /// Runs the generator, and <see cref="Diagnostics.DifferentiableAnalyzer"/> on the user's code as a build does;
    /// returns the generator's result, both tools' diagnostics, and the diagnostics of the compilation with its output.
    /// </summary>
    public static GeneratorOutput Run(params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        // As in a build, the analyzer sees the compilation with the generated code in it.
        var analyzerDiagnostics = AnalyzerDiagnostics(output);
        return new GeneratorOutput(
            result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()),
            analyzerDiagnostics.AddRange(generatorDiagnostics),
            output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray(),
            output,
            generatorDiagnostics,
            analyzerDiagnostics);
    }

    /// <summary>What <see cref="Diagnostics.DifferentiableAnalyzer"/> reports on <paramref name="compilation"/>, in source order.</summary>
    public static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation) => compilation
        .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new Diagnostics.DifferentiableAnalyzer()))
        .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
        .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
        .ThenBy(d => d.Location.SourceSpan.Start)
        .ThenBy(d => d.Id, System.StringComparer.Ordinal)
        .ToImmutableArray();
}

/// <param name="Sources">Generated text by hint name.</param>
/// <param name="GeneratorDiagnostics">What a build reports of ours: the analyzer's diagnostics, then the generator's.</param>
/// <param name="CompilationDiagnostics">Warnings and errors of the user's code compiled together with the generated code.</param>
/// <param name="OwnGeneratorDiagnostics">What the generator itself reported (only failures of differentiation).</param>
/// <param name="AnalyzerDiagnostics">What <see cref="Diagnostics.DifferentiableAnalyzer"/> reported.</param>
internal sealed record GeneratorOutput(
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    Compilation Compilation,
    ImmutableArray<Diagnostic> OwnGeneratorDiagnostics,
    ImmutableArray<Diagnostic> AnalyzerDiagnostics);
