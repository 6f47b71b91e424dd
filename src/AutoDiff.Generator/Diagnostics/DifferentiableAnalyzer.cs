using System.Collections.Immutable;
using System.Linq;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiff.Generator.Diagnostics;

/// <summary>
/// Reports the generator's diagnostics while the user types (squiggles, and the code fixes of AutoDiff.CodeFixes),
/// from the same parser the generator runs: each <c>[Differentiable]</c> method through
/// <see cref="MethodParser"/>, each <c>[CustomDerivative]</c> pullback through <see cref="CustomDerivativeParser"/>.
/// The generator reports none of these itself, so a build lists each once; it keeps only ADG0007 for a failure of
/// differentiation, which runs in the generator alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DifferentiableAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
    {
        // Attributes written on this declaration, as ForAttributeWithMetadataName finds them (a partial method's
        // attribute is on one of its two parts, and that part alone is reported).
        var attributeLists = context.Node switch
        {
            MethodDeclarationSyntax method => method.AttributeLists,
            LocalFunctionStatementSyntax local => local.AttributeLists,
            _ => default,
        };
        if (attributeLists.Count == 0)
        {
            return;
        }

        bool differentiable = false;
        bool customDerivative = false;
        foreach (var attribute in attributeLists.SelectMany(list => list.Attributes))
        {
            string? name = context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol?.ContainingType?.ToDisplayString();
            differentiable |= name == DifferentiableGenerator.DifferentiableAttributeName;
            customDerivative |= name == DifferentiableGenerator.CustomDerivativeAttributeName;
        }

        if ((!differentiable && !customDerivative)
            || context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) is not IMethodSymbol symbol)
        {
            return;
        }

        if (differentiable)
        {
            Report(context, MethodParser.Parse(context.Node, symbol, context.SemanticModel, context.CancellationToken).Diagnostics);
        }

        if (customDerivative && context.Node is MethodDeclarationSyntax pullback)
        {
            var attributes = symbol.GetAttributes().Where(a =>
                a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.CustomDerivativeAttributeName
                && a.ApplicationSyntaxReference is { } reference
                && reference.SyntaxTree == pullback.SyntaxTree
                && pullback.Span.Contains(reference.Span));
            Report(context, CustomDerivativeParser.Validate(pullback, symbol, attributes, context.CancellationToken));
        }
    }

    private static void Report(SyntaxNodeAnalysisContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var info in diagnostics)
        {
            // The model keeps a path and a span; the IDE needs the location in the syntax tree itself.
            var tree = context.Node.SyntaxTree.FilePath == info.Location.FilePath
                ? context.Node.SyntaxTree
                : context.SemanticModel.Compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == info.Location.FilePath);
            context.ReportDiagnostic(info.ToDiagnostic(tree is null ? info.Location.ToLocation() : Location.Create(tree, info.Location.Span)));
        }
    }
}
