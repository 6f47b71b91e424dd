using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace AutoDiff.ReadmeTests;

/// <summary>
/// A fenced <c>```csharp</c> block of a Markdown file: its text, the line of its first code line, and the directive in
/// an HTML comment on the line right above the fence, if any (<c>&lt;!-- readme-test: output --&gt;</c>, or
/// <c>&lt;!-- readme-test: fragment --&gt;</c>; see <see cref="ReadmeCompiler"/>).
/// </summary>
internal sealed record ReadmeBlock(int FirstLine, string Code, string? Directive)
{
    public bool IsFragment => Directive == "fragment";

    public bool ChecksOutput => Directive == "output";

    public override string ToString() => $"README.md line {FirstLine}";
}

internal static partial class ReadmeBlocks
{
    [GeneratedRegex(@"^<!--\s*readme-test:\s*(?<directive>[a-z-]+)\s*-->\s*$")]
    private static partial Regex DirectivePattern();

    /// <summary>Every <c>```csharp</c> block, in order. An unclosed fence or an unknown directive throws.</summary>
    public static List<ReadmeBlock> Extract(string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<ReadmeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp")
            {
                continue;
            }

            string? directive = null;
            if (i > 0 && DirectivePattern().Match(lines[i - 1].Trim()) is { Success: true } match)
            {
                directive = match.Groups["directive"].Value;
                if (directive is not ("output" or "fragment"))
                {
                    throw new FormatException($"README.md line {i}: unknown readme-test directive '{directive}' (use output or fragment).");
                }
            }

            int start = i + 1, end = start;
            while (end < lines.Length && lines[end].TrimEnd() != "```")
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new FormatException($"README.md line {i + 1}: the ```csharp fence is never closed.");
            }

            blocks.Add(new ReadmeBlock(start + 1, string.Join('\n', lines[start..end]), directive));
            i = end;
        }

        return blocks;
    }
}
