using System;
using System.IO;
using AutoDiff.Generator.Diagnostics;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>Every diagnostic links to its row of README's Diagnostics table, and that row exists.</summary>
public class HelpLinkTests
{
    [Fact]
    public void EveryDescriptorLinksToItsReadmeAnchor()
    {
        string readme = File.ReadAllText(FindReadme());
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            string anchor = descriptor.Id.ToLowerInvariant();
            Assert.Equal($"https://github.com/autodiff-dotnet/autodiff/blob/main/README.md#{anchor}", descriptor.HelpLinkUri);
            Assert.Contains($"<a id=\"{anchor}\"></a>{descriptor.Id}", readme, StringComparison.Ordinal);
        }
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "AutoDiff.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md next to AutoDiff.sln not found above " + AppContext.BaseDirectory);
    }
}
