using System;
using System.Diagnostics;
using System.IO;
using Samples.Common;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>
/// The samples' shared command line: a typo is refused with the usage and exit code 2 instead of silently running the
/// full budget; --help prints the usage and exits 0. Checked on the parser and on the built samples as processes.
/// </summary>
public class SampleCommandLineTests
{
    private static SampleCommandLine Create() => new("Demo", "Shows something.", SampleCommandLine.Smoke);

    [Fact]
    public void KnownFlagsAreReadAndTheSampleRuns()
    {
        var commandLine = Create();

        Assert.Null(commandLine.Parse(["--smoke"], TextWriter.Null, TextWriter.Null));
        Assert.True(commandLine.Has(SampleCommandLine.Smoke));
        Assert.Null(commandLine.Parse([], TextWriter.Null, TextWriter.Null));
        Assert.False(commandLine.Has(SampleCommandLine.Smoke));
    }

    [Theory]
    [InlineData("--smok")]
    [InlineData("smoke")]
    [InlineData("--SMOKE")]
    [InlineData("--epochs")]
    public void AnUnknownArgumentPrintsTheUsageToStderrAndExitsNonZero(string argument)
    {
        var commandLine = Create();
        var output = new StringWriter();
        var error = new StringWriter();

        int? exitCode = commandLine.Parse(["--smoke", argument], output, error);

        Assert.Equal(SampleCommandLine.UsageExitCode, exitCode);
        Assert.NotEqual(0, SampleCommandLine.UsageExitCode);
        Assert.Equal("", output.ToString());
        Assert.StartsWith($"unknown argument '{argument}'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: dotnet run --project samples/Demo [--] [--smoke]", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void HelpPrintsTheUsageAndExitsZero(string argument)
    {
        var output = new StringWriter();

        int? exitCode = Create().Parse([argument, "--typo-after-help"], output, TextWriter.Null);

        Assert.Equal(0, exitCode);
        Assert.Contains("--smoke    a tiny budget", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Shows something.", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Every sample this project references, run as a process: a typo exits 2 at once, --help exits 0.</summary>
    [Theory]
    [InlineData("IrisLogistic")]
    [InlineData("MnistMlp")]
    [InlineData("InitializationSaturation")]
    [InlineData("RbmPretraining")]
    [InlineData("SgdTheory")]
    [InlineData("IllConditionedQuadratic")]
    public void BuiltSamplesRefuseATypoAndAnswerHelp(string sample)
    {
        (int typoExit, string typoError) = RunSample(sample, "--smok");
        (int helpExit, _) = RunSample(sample, "--help");

        Assert.Equal(2, typoExit);
        Assert.Contains("unknown argument '--smok'", typoError, StringComparison.Ordinal);
        Assert.Contains($"samples/{sample}", typoError, StringComparison.Ordinal);
        Assert.Equal(0, helpExit);
    }

    private static (int ExitCode, string Error) RunSample(string sample, string argument)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(), // a sample that ignored the argument would write plots here, not in the repository
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, sample + ".dll"));
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} {argument} still running after 2 minutes: the argument was not refused");
        }

        _ = output.Result;
        return (process.ExitCode, error.Result);
    }
}
