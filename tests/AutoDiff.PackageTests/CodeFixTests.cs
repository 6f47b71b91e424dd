using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiff.CodeFixes;
using AutoDiff.Generator;
using AutoDiff.Generator.Diagnostics;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiff.PackageTests;

/// <summary>
/// The ADG0001 code fix, applied as the IDE would: the analyzer reports the diagnostic on a document, the fix
/// rewrites the document, and the analyzer then reports nothing and the generated code compiles.
/// </summary>
public class CodeFixTests
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location))
        .ToImmutableArray();

    [Fact]
    public Task AddsPartialAfterTheOtherModifiers() => AssertFixed(
        """
        using AutoDiff;

        public static class Objectives
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """,
        """
        using AutoDiff;

        public static partial class Objectives
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """);

    [Fact]
    public Task KeepsTheCommentOfATypeWithoutModifiers() => AssertFixed(
        """
        using AutoDiff;

        // Objectives for the demo.
        class Objectives
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """,
        """
        using AutoDiff;

        // Objectives for the demo.
        partial class Objectives
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """);

    [Fact]
    public Task MakesNestedTypesPartial() => AssertFixed(
        """
        using AutoDiff;

        namespace Demo
        {
            public sealed class Outer
            {
                internal static class Inner
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
        }
        """,
        """
        using AutoDiff;

        namespace Demo
        {
            public sealed partial class Outer
            {
                internal static partial class Inner
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
        }
        """);

    [Fact]
    public void FixesOnlyADG0001AndSupportsFixAll()
    {
        var provider = new MakeTypePartialCodeFixProvider();
        Assert.Equal(new[] { "ADG0001" }, provider.FixableDiagnosticIds);
        Assert.NotNull(provider.GetFixAllProvider());
    }

    [Fact]
    public Task MarksADataArrayConstant() => AssertFixed(
        """
        using System;
        using AutoDiff;

        public static partial class Objectives
        {
            [Differentiable]
            public static double Loss(ReadOnlySpan<double> p, double[] t,
                double[] y)
            {
                double r = p[0] * t[0] - y[0];
                return r * r;
            }
        }
        """,
        """
        using System;
        using AutoDiff;

        public static partial class Objectives
        {
            [Differentiable]
            public static double Loss(ReadOnlySpan<double> p, [Constant] double[] t,
                [Constant] double[] y)
            {
                double r = p[0] * t[0] - y[0];
                return r * r;
            }
        }
        """,
        new MarkParameterConstantCodeFixProvider(),
        "Mark '");

    [Fact]
    public Task MarksADataArrayConstantWithTheNamespaceWhereItIsNotImported() => AssertFixed(
        """
        public static partial class Objectives
        {
            [AutoDiff.Differentiable]
            public static double Loss(double[] p, double[] t) => p[0] * t[0];
        }
        """,
        """
        public static partial class Objectives
        {
            [AutoDiff.Differentiable]
            public static double Loss(double[] p, [AutoDiff.Constant] double[] t) => p[0] * t[0];
        }
        """,
        new MarkParameterConstantCodeFixProvider(),
        "Mark '");

    [Fact]
    public void MarkConstantFixesOnlyADG0022()
    {
        var provider = new MarkParameterConstantCodeFixProvider();
        Assert.Equal(new[] { "ADG0022" }, provider.FixableDiagnosticIds);
        Assert.NotNull(provider.GetFixAllProvider());
    }

    private static Task AssertFixed(string source, string expected) => AssertFixed(source, expected, new MakeTypePartialCodeFixProvider(), "Make '");

    private static async Task AssertFixed(string source, string expected, CodeFixProvider provider, string titlePrefix)
    {
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, source);
        string id = Assert.Single(provider.FixableDiagnosticIds);
        Assert.Contains(await AnalyzerDiagnostics(document), d => d.Id == id);

        // Apply the fix until the analyzer has nothing left to say (nested types, or several parameters, may need one fix each).
        for (int round = 0; round < 3; round++)
        {
            var diagnostics = await AnalyzerDiagnostics(document);
            var fixable = diagnostics.Where(d => d.Id == id).ToList();
            if (fixable.Count == 0)
            {
                break;
            }

            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, fixable[0], (action, _) => actions.Add(action), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
            var action = Assert.Single(actions);
            Assert.StartsWith(titlePrefix, action.Title, System.StringComparison.Ordinal);
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
            document = changed.GetDocument(document.Id)!;
        }

        Assert.Equal(expected, (await document.GetTextAsync()).ToString());
        Assert.Empty(await AnalyzerDiagnostics(document));
        var compilation = (await document.Project.GetCompilationAsync())!;
        CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out _);
        Assert.Empty(withGenerated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.True(withGenerated.SyntaxTrees.Count() > compilation.SyntaxTrees.Count(), "the generator generated nothing");
    }

    private static Document CreateDocument(AdhocWorkspace workspace, string source)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "Consumer",
            "Consumer",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: ParseOptions,
            metadataReferences: References));
        return workspace.AddDocument(project.Id, "Objectives.cs", SourceText.From(source));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics(Document document)
    {
        // As in the IDE, the analyzer sees the project with the generated code in it.
        var compilation = (await document.Project.GetCompilationAsync())!;
        CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out _);
        return await withGenerated
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
    }
}
