using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// Finds the fused loops in a generated pullback. A fused loop runs each iteration's forward statements and then their
/// reverse, so its body holds source comments of the forward sweep (<c>// line 7: ...</c>) directly, and somewhere
/// inside (directly, or in a fused loop in it) those of the reverse sweep (<c>// reverse of line 7: ...</c>). A loop of
/// the forward sweep holds no comment of the reverse sweep, and a loop of the reverse sweep no comment of the forward
/// sweep directly.
/// </summary>
internal static class FusedLoops
{
    /// <summary>The comment the generator puts before the outermost fused loop.</summary>
    public const string Marker = "each iteration followed by its own reverse";

    /// <summary>
    /// How deep fused loops nest in <paramref name="method"/> of the generated <paramref name="source"/>: 0 when no loop
    /// is fused, 1 for a fused loop, 2 for a fused loop inside a fused loop, and so on.
    /// </summary>
    public static int NestingDepth(SyntaxTree source, string method)
    {
        var declaration = source.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == method);
        return declaration.ToFullString().Contains(Marker, StringComparison.Ordinal) ? Depth(declaration) : 0;
    }

    private static int Depth(SyntaxNode node)
    {
        int inside = node.ChildNodes().Select(Depth).DefaultIfEmpty(0).Max();
        return IsFused(node) ? inside + 1 : inside;
    }

    private static bool IsFused(SyntaxNode node)
    {
        if ((node switch { WhileStatementSyntax w => w.Statement, ForStatementSyntax f => f.Statement, DoStatementSyntax d => d.Statement, _ => null }) is not BlockSyntax body)
        {
            return false;
        }

        return body.Statements.SelectMany(s => s.GetLeadingTrivia()).Any(t => IsComment(t, "// line "))
            && body.DescendantTrivia().Any(t => IsComment(t, "// reverse of line "));
    }

    private static bool IsComment(SyntaxTrivia trivia, string start) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && trivia.ToString().StartsWith(start, StringComparison.Ordinal);
}
