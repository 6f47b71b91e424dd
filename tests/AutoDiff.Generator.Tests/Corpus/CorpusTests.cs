using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Generator.Tests.Corpus;

/// <summary>
/// The external corpus (Corpus/Sources: functions ported from Math.NET Numerics, ADBench and Enzyme's tests, see
/// Corpus/ATTRIBUTION.md): every function's outcome must be the recorded one (<see cref="CorpusExpectations"/>), in
/// either direction, and every accepted function's generated derivatives must agree with finite differences. README's
/// acceptance figure is computed from the same table.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files => new(CorpusExpectations.Files);

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryFunctionHasItsRecordedOutcomeAndAcceptedOnesDifferentiateCorrectly(string file)
    {
        var cases = CorpusExpectations.For(file);
        var results = CorpusRunner.Run(file, cases);
        var problems = new List<string>();

        var missing = results.Select(r => r.Key).Except(cases.Keys).ToList();
        var extra = cases.Keys.Except(results.Select(r => r.Key)).ToList();
        problems.AddRange(missing.Select(k => $"{k}: a [Differentiable] method of {file} that the table does not list"));
        problems.AddRange(extra.Select(k => $"{k}: listed in the table, but {file} has no such [Differentiable] method"));

        foreach (var result in results)
        {
            output.WriteLine($"{result.Key}: {result.Outcome}" + (result.Checks > 0 ? $" ({result.Checks} derivative entries checked)" : ""));
            foreach (string message in result.Messages)
            {
                output.WriteLine("    " + message);
            }

            if (cases.TryGetValue(result.Key, out var expected) && expected.Outcome != result.Outcome)
            {
                problems.Add($"{result.Key}: expected {expected.Outcome}, got {result.Outcome}" + (result.Messages.Count > 0 ? ":\n    " + string.Join("\n    ", result.Messages) : ""));
            }

            if (result.CheckFailure is not null)
            {
                problems.Add($"{result.Key}: {result.CheckFailure}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ReadmeStatesTheCorpusFiguresOfTheTable()
    {
        string expected = ReadmeTable();
        string readme = File.ReadAllText(ReadmePath()).Replace("\r\n", "\n", StringComparison.Ordinal);
        output.WriteLine(expected);
        Assert.True(readme.Contains(expected, StringComparison.Ordinal), "README's External corpus table should read:\n\n" + expected);
    }

    [Fact]
    public void EveryCorpusFileHasAnOriginAndAnAttribution()
    {
        var files = Directory.GetFiles(CorpusRunner.SourceDirectory(), "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(CorpusExpectations.Files.Order(StringComparer.Ordinal), files);
        string attribution = File.ReadAllText(Path.Combine(CorpusRunner.SourceDirectory(), "..", "ATTRIBUTION.md"));
        Assert.All(files, f => Assert.Contains("`" + f + "`", attribution, StringComparison.Ordinal));
        Assert.True(CorpusExpectations.Cases.Count >= 60, $"the corpus has {CorpusExpectations.Cases.Count} functions; issue 13 asks for at least 60");
    }

    [Fact]
    public void TheDerivativeCheckCatchesAWrongGradientOrHessianVectorProduct()
    {
        // f = x0^2 x1: the check must pass the exact derivatives and catch an error of 1e-4 relative in either.
        static double F(double[] x) => x[0] * x[0] * x[1];
        static Func<double[], double[], double> Gradient(double error) => (x, g) =>
        {
            g[0] = 2 * x[0] * x[1] * (1 + error);
            g[1] = x[0] * x[0];
            return F(x);
        };
        static Func<double[], double[], double[], double> Hvp(double error) => (x, v, hv) =>
        {
            hv[0] = (2 * x[1] * v[0]) + (2 * x[0] * v[1]);
            hv[1] = 2 * x[0] * v[0] * (1 + error);
            return F(x);
        };
        double[] point = [1.3, -0.7];
        int checks = 0;

        Assert.Null(CorpusRunner.CheckAt(F, Gradient(0), Hvp(0), point, ref checks));
        Assert.Equal(4, checks);
        Assert.Contains("d f / d x[0]", CorpusRunner.CheckAt(F, Gradient(1e-4), Hvp(0), point, ref checks), StringComparison.Ordinal);
        Assert.Contains("(H v)[1]", CorpusRunner.CheckAt(F, Gradient(0), Hvp(1e-4), point, ref checks), StringComparison.Ordinal);
        Assert.Contains("returned", CorpusRunner.CheckAt(x => F(x) + 1e-9, Gradient(0), Hvp(0), point, ref checks), StringComparison.Ordinal);
    }

    /// <summary>The README table: functions and accepted ones per origin and in total, then the refusals by diagnostic.</summary>
    internal static string ReadmeTable()
    {
        static string Percent(int part, int whole) => (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture) + "%";
        var text = new StringBuilder();
        text.Append("| origin | functions | accepted as written | share |\n|---|--:|--:|--:|\n");
        foreach (var (file, origin) in CorpusExpectations.Origins)
        {
            var cases = CorpusExpectations.Cases.Where(c => c.File == file).ToList();
            int accepted = cases.Count(c => c.Outcome == CorpusExpectations.Accepted);
            text.Append($"| {origin} | {cases.Count} | {accepted} | {Percent(accepted, cases.Count)} |\n");
        }

        int total = CorpusExpectations.Cases.Count, all = CorpusExpectations.Cases.Count(c => c.Outcome == CorpusExpectations.Accepted);
        text.Append($"| **all** | **{total}** | **{all}** | **{Percent(all, total)}** |\n\n");
        text.Append("| diagnostic | functions refused with it |\n|---|--:|\n");
        foreach (var group in CorpusExpectations.Cases.Where(c => c.Outcome != CorpusExpectations.Accepted)
                     .SelectMany(c => c.Outcome.Split('+')).GroupBy(id => id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append($"| {group.Key} | {group.Count()} |\n");
        }

        return text.ToString();
    }

    private static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoDiff.sln")) && File.Exists(Path.Combine(dir.FullName, "README.md")))
            {
                return Path.Combine(dir.FullName, "README.md");
            }
        }

        throw new FileNotFoundException("README.md next to AutoDiff.sln not found above " + AppContext.BaseDirectory);
    }
}
