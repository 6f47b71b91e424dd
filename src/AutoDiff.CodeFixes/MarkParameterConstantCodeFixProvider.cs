using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.CodeFixes;

/// <summary>
/// Fixes ADG0022 (a <c>double[]</c> or <c>ReadOnlySpan&lt;double&gt;</c> parameter that looks like data is
/// differentiated) by marking the parameter <c>[Constant]</c>, spelled <c>[AutoDiff.Constant]</c> where the
/// <c>AutoDiff</c> namespace is not imported.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkParameterConstantCodeFixProvider))]
[Shared]
public sealed class MarkParameterConstantCodeFixProvider : NodeCodeFixProvider<ParameterSyntax>
{
    /// <summary>The analyzer's diagnostic ID for a data array that is differentiated.</summary>
    public const string DataParameterDifferentiatedId = "ADG0022";

    private const string ConstantAttributeName = "AutoDiff.ConstantAttribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DataParameterDifferentiatedId);

    /// <inheritdoc />
    protected override string Title(ParameterSyntax node) => $"Mark '{node.Identifier.ValueText}' [Constant]";

    /// <inheritdoc />
    protected override Task<Document> FixAsync(Document document, ParameterSyntax node, CancellationToken cancellationToken) =>
        MarkConstantAsync(document, node, cancellationToken);

    private static async Task<Document> MarkConstantAsync(Document document, ParameterSyntax parameter, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        // [Constant] where 'Constant' already means AutoDiff's attribute here, [AutoDiff.Constant] otherwise.
        bool imported = semanticModel.LookupNamespacesAndTypes(parameter.SpanStart, name: "ConstantAttribute")
            .Any(symbol => symbol.ToDisplayString() == ConstantAttributeName);
        var name = imported
            ? (NameSyntax)SyntaxFactory.IdentifierName("Constant")
            : SyntaxFactory.QualifiedName(SyntaxFactory.IdentifierName("AutoDiff"), SyntaxFactory.IdentifierName("Constant"));
        var attributeList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(name)))
            .WithTrailingTrivia(SyntaxFactory.Space);

        // The attribute takes the parameter's leading trivia (a line break and indentation, in a long parameter list).
        var marked = parameter.WithoutLeadingTrivia()
            .WithAttributeLists(parameter.AttributeLists.Add(attributeList))
            .WithLeadingTrivia(parameter.GetLeadingTrivia());
        return document.WithSyntaxRoot(root.ReplaceNode(parameter, marked));
    }
}
