using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Emit;

internal static class Identifiers
{
    /// <summary>A name as C# source must spell it: <c>@base</c> for a parameter the user named <c>@base</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
