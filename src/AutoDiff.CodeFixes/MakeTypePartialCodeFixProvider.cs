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
/// Fixes ADG0001 (a type holding a <c>[Differentiable]</c> method is not <c>partial</c>) by adding the
/// <c>partial</c> keyword to the reported type and to every type around it that lacks it, so one fix is enough for
/// nested types.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFixProvider))]
[Shared]
public sealed class MakeTypePartialCodeFixProvider : NodeCodeFixProvider<TypeDeclarationSyntax>
{
    /// <summary>The generator's diagnostic ID for a containing type that is not partial.</summary>
    public const string TypeNotPartialId = "ADG0001";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(TypeNotPartialId);

    /// <inheritdoc />
    protected override string Title(TypeDeclarationSyntax node) => $"Make '{node.Identifier.ValueText}' partial";

    /// <inheritdoc />
    protected override Task<Document> FixAsync(Document document, TypeDeclarationSyntax node, CancellationToken cancellationToken) =>
        MakePartialAsync(document, node, cancellationToken);

    private static async Task<Document> MakePartialAsync(Document document, TypeDeclarationSyntax type, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // The type itself and the types around it: C# requires every containing type to be partial too.
        var targets = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToList();
        var fixedRoot = root.ReplaceNodes(targets, (_, rewritten) => AddPartial(rewritten));
        return document.WithSyntaxRoot(fixedRoot);
    }

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        // 'partial' must come right before 'class'/'struct'/'record'/'interface', so it goes last among the modifiers.
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (type.Modifiers.Count > 0)
        {
            return type.AddModifiers(partial);
        }

        // No modifiers: the keyword carries the declaration's leading trivia (indentation, comments); move it.
        var keyword = type.Keyword;
        return type
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
