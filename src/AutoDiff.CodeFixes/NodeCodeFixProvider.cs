using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AutoDiff.CodeFixes;

/// <summary>
/// A fix of one syntax node per diagnostic: the innermost <typeparamref name="TNode"/> around the diagnostic's start,
/// offered with a title that names it. Batch fix-all.
/// </summary>
/// <typeparam name="TNode">The kind of node the fix changes (a type declaration, a parameter).</typeparam>
public abstract class NodeCodeFixProvider<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TNode>().FirstOrDefault();
            if (node is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title(node), cancellationToken => FixAsync(context.Document, node, cancellationToken), equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    /// <summary>The title the IDE shows for fixing <paramref name="node"/>.</summary>
    protected abstract string Title(TNode node);

    /// <summary>The document with <paramref name="node"/> fixed.</summary>
    protected abstract Task<Document> FixAsync(Document document, TNode node, CancellationToken cancellationToken);
}
