using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// The generated text of each <see cref="BaselineCases"/> method must equal its committed baseline exactly.
/// To regenerate after a deliberate change: <c>AUTODIFF_UPDATE_BASELINES=1 dotnet test --filter BaselineTests</c>,
/// then review the diff of tests/AutoDiff.Generator.Tests/Baselines before committing it.
/// </summary>
public class BaselineTests
{
    public static TheoryData<string> CaseNames => new(BaselineCases.All.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GeneratedSourceMatchesBaseline(string name)
    {
        var output = GeneratorHarness.Run(BaselineCases.All[name]);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        // One file per [Differentiable] method, concatenated in hint-name order.
        Assert.NotEmpty(output.Sources);
        string generated = string.Join("\n", output.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value));

        string path = Path.Combine(BaselineDirectory(), name + ".g.cs");
        if (Environment.GetEnvironmentVariable("AUTODIFF_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"No baseline at {path}; run with AUTODIFF_UPDATE_BASELINES=1 to create it.");
        Assert.Equal(File.ReadAllText(path), generated);
    }

    [Fact]
    public void EveryBaselineFileHasACase()
    {
        var files = Directory.GetFiles(BaselineDirectory(), "*.g.cs").Select(f => Path.GetFileName(f)[..^".g.cs".Length]);
        Assert.Equal(BaselineCases.All.Keys.OrderBy(k => k, StringComparer.Ordinal), files.OrderBy(f => f, StringComparer.Ordinal));
    }

    private static string BaselineDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines");
}
