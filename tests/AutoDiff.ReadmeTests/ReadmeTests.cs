using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

// Blocks that print are run in this process with Console redirected, so nothing here runs in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace AutoDiff.ReadmeTests;

/// <summary>
/// Every <c>```csharp</c> block in README.md compiles, without warnings, as the <c>Program.cs</c> of a fresh console
/// project with the package referenced (see <see cref="ReadmeCompiler"/>); a block marked
/// <c>&lt;!-- readme-test: output --&gt;</c> also runs, and what it prints must equal the <c>// </c> comment lines right
/// after its last <c>Console.WriteLine</c> (an <c>elapsed:</c> line is compared by its label only).
/// </summary>
public sealed class ReadmeTests(ITestOutputHelper output)
{
    private static readonly string ReadmePath = Path.Combine(
        typeof(ReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "README.md");

    private static List<ReadmeBlock> Blocks() => ReadmeBlocks.Extract(File.ReadAllText(ReadmePath));

    [Fact]
    public void EveryCSharpBlockCompilesWithoutWarnings()
    {
        List<ReadmeBlock> blocks = Blocks();
        var failures = new List<string>();
        foreach (ReadmeBlock block in blocks)
        {
            var (_, problems) = ReadmeCompiler.Compile(block);
            output.WriteLine($"{block}: {(problems.Count == 0 ? "compiles" : $"{problems.Count} problems")}");
            if (problems.Count > 0)
            {
                failures.Add($"{block}:\n  " + string.Join("\n  ", problems));
            }
        }

        // The Quickstart, the curve fit and the delegates example at least; an extraction that finds nothing must fail.
        Assert.True(blocks.Count >= 3, $"only {blocks.Count} csharp blocks found in {ReadmePath}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {blocks.Count} README blocks do not compile:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void BlocksMarkedOutputPrintWhatReadmeShows()
    {
        List<ReadmeBlock> marked = Blocks().Where(b => b.ChecksOutput).ToList();
        Assert.NotEmpty(marked);
        Assert.Contains(marked, b => b.Code.Contains("Objectives.RosenbrockObjective", StringComparison.Ordinal));
        foreach (ReadmeBlock block in marked)
        {
            var (compilation, problems) = ReadmeCompiler.Compile(block);
            Assert.True(problems.Count == 0, $"{block}:\n" + string.Join('\n', problems));
            string printed = ReadmeCompiler.Run(compilation);
            output.WriteLine($"{block} printed:\n{printed}");
            AssertPrintedAsShown(block, printed);
        }
    }

    [Fact]
    public void ABlockThatDoesNotCompileIsReportedAtItsReadmeLine()
    {
        string markdown = "# Title\n\ntext\n\n```csharp\nusing AutoDiff;\n\nint n = \"not a number\";\n```\n";

        ReadmeBlock block = Assert.Single(ReadmeBlocks.Extract(markdown));
        var (_, problems) = ReadmeCompiler.Compile(block);

        Diagnostic error = Assert.Single(problems);
        Assert.Equal("CS0029", error.Id);
        Assert.Equal("README.md", error.Location.GetMappedLineSpan().Path);
        Assert.Equal(8, error.Location.GetMappedLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void TheGeneratorRunsOnBlocksAndItsDiagnosticsFailThem()
    {
        // A [Differentiable] method in a type that is not partial: the analyzer's ADG0001, not a compiler error.
        string markdown = "```csharp\nusing AutoDiff;\n\nConsole.WriteLine(1);\n\npublic static class NotPartial\n{\n    [Differentiable]\n    public static double Square(double x) => x * x;\n}\n```\n";
        var (_, problems) = ReadmeCompiler.Compile(Assert.Single(ReadmeBlocks.Extract(markdown)));

        Assert.Contains(problems, d => d.Id == "ADG0001");
    }

    [Fact]
    public void FragmentsCompileAsAMethodBodyAndDirectivesAreChecked()
    {
        string markdown = "<!-- readme-test: fragment -->\n```csharp\ndouble[] x = [1.0, 2.0];\nConsole.WriteLine(x.Sum());\n```\n\n```csharp\nConsole.WriteLine(2);\n// 2\n```\n";

        List<ReadmeBlock> blocks = ReadmeBlocks.Extract(markdown);

        Assert.Equal([3, 8], blocks.Select(b => b.FirstLine));
        Assert.True(blocks[0].IsFragment);
        Assert.Null(blocks[1].Directive);
        Assert.Empty(ReadmeCompiler.Compile(blocks[0]).Problems);
        Assert.Throws<FormatException>(() => ReadmeBlocks.Extract("<!-- readme-test: skip -->\n```csharp\n```\n"));
        Assert.Throws<FormatException>(() => ReadmeBlocks.Extract("```csharp\nint x = 1;\n"));
    }

    [Fact]
    public void PrintedOutputThatDiffersFromReadmeFails()
    {
        var block = new ReadmeBlock(1, "Console.WriteLine(\"a\\n  elapsed: 3 ms\");\n// a\n//   elapsed: 1 ms", "output");
        AssertPrintedAsShown(block, "a\n  elapsed: 3 ms\n");

        Assert.ThrowsAny<Exception>(() => AssertPrintedAsShown(block, "b\n  elapsed: 3 ms\n"));
        Assert.ThrowsAny<Exception>(() => AssertPrintedAsShown(block, "a\n  elapsed: 3 ms\nextra\n"));
    }

    /// <summary>The <c>// </c> lines right after the block's last Console.WriteLine, against the printed lines.</summary>
    private static void AssertPrintedAsShown(ReadmeBlock block, string printed)
    {
        string[] lines = block.Code.Split('\n');
        int last = Array.FindLastIndex(lines, l => l.Contains("Console.WriteLine(", StringComparison.Ordinal));
        Assert.True(last >= 0, $"{block} is marked output but has no Console.WriteLine");
        string[] expected = lines.Skip(last + 1).TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal))
            .Select(l => l.Length > 3 ? l[3..].TrimEnd() : "").ToArray();
        string[] actual = printed.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.True(expected.Length > 0, $"{block} is marked output but shows no // output lines after its last Console.WriteLine");
        Assert.True(expected.Length == actual.Length, $"{block}: README shows {expected.Length} lines, the block printed {actual.Length}:\n{printed}");
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i].TrimStart().StartsWith("elapsed:", StringComparison.Ordinal))
            {
                Assert.StartsWith("elapsed:", actual[i].TrimStart(), StringComparison.Ordinal);
                continue;
            }

            Assert.True(expected[i] == actual[i], $"{block}, printed line {i + 1}:\n  README: '{expected[i]}'\n  actual: '{actual[i]}'");
        }
    }
}
