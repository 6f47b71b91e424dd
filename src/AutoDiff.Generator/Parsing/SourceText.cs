using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Source quoted in diagnostics and in generated comments: always one line, so a message never stops mid-sentence and
/// the rest of a line never lands outside a <c>//</c> comment.
/// </summary>
internal static class SourceText
{
    private const int MaximumLength = 80;

    // Every line break C# knows: CR, LF, NEL, LS, PS.
    private static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    /// <summary>The first line of <paramref name="text"/>, trimmed, cut to 80 characters (ending "...") when longer.</summary>
    public static string FirstLine(string text)
    {
        int end = text.IndexOfAny(LineBreaks);
        string first = (end >= 0 ? text.Substring(0, end) : text).Trim();
        return first.Length > MaximumLength ? first.Substring(0, MaximumLength - 3) + "..." : first;
    }

    /// <summary>The node's <see cref="FirstLine"/>, with " ..." added when more lines follow.</summary>
    public static string OneLine(SyntaxNode node)
    {
        string text = node.ToString();
        string first = FirstLine(text);
        int end = text.IndexOfAny(LineBreaks);
        return end >= 0 && !first.EndsWith("...", System.StringComparison.Ordinal) && text.Substring(end).Trim().Length > 0 ? first + " ..." : first;
    }
}
