using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AutoDiff.Generator;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiff.ReadmeTests;

/// <summary>
/// Compiles a README block as a new user would paste it: the whole <c>Program.cs</c> of <c>dotnet new console</c>
/// (implicit usings, nullable on) referencing the package (the runtime, MathNet.Numerics, and the generator run on
/// it), plus AutoDiff.Mpi for its section; a block of declarations only (no top-level statements) is compiled as
/// another source file of such a project. A block marked <c>&lt;!-- readme-test: fragment --&gt;</c> is instead the
/// body of a method (statements only, no using directives). Diagnostics carry README's line numbers.
/// </summary>
internal static class ReadmeCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>What the SDK's console template imports (ImplicitUsings for Microsoft.NET.Sdk).</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(AutoDiff.Mpi.MpiEnvironment).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location))
        .ToImmutableArray();

    /// <summary>The block compiled with the generator's output, and every warning and error of both.</summary>
    public static (Compilation Compilation, IReadOnlyList<Diagnostic> Problems) Compile(ReadmeBlock block)
    {
        string source = block.IsFragment
            ? $"public static class ReadmeFragment\n{{\n    public static void Run()\n    {{\n#line {block.FirstLine} \"README.md\"\n{block.Code}\n#line default\n    }}\n}}\n"
            : $"#line {block.FirstLine} \"README.md\"\n{block.Code}\n";
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Program.cs");

        // Top-level statements make the block the console project's Program.cs; declarations alone are another file of it.
        bool isProgram = tree.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "ReadmeBlock" + block.FirstLine,
            [CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "GlobalUsings.g.cs"), tree],
            References,
            new CSharpCompilationOptions(
                isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    // The SDK silences these binding-redirect notices; so does this harness.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DifferentiableGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        // The analyzer reports what is wrong with a [Differentiable] method (the generator then generates nothing for it).
        var analyzerDiagnostics = output
            .WithAnalyzers([new AutoDiff.Generator.Diagnostics.DifferentiableAnalyzer()])
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var problems = analyzerDiagnostics.Concat(generatorDiagnostics).Concat(output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        return (output, problems);
    }

    /// <summary>Runs a compiled console block in this process and returns what it printed.</summary>
    public static string Run(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("Emit failed:\n" + string.Join('\n', emitted.Diagnostics));
        }

        var context = new AssemblyLoadContext("readme-block", isCollectible: true);
        TextWriter console = Console.Out;
        using var printed = new StringWriter { NewLine = "\n" };
        try
        {
            image.Position = 0;
            Assembly assembly = context.LoadFromStream(image);
            MethodInfo main = assembly.EntryPoint ?? throw new InvalidOperationException("The block has no entry point.");
            Console.SetOut(printed);
            main.Invoke(null, main.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(console);
            context.Unload();
        }

        return printed.ToString();
    }
}
