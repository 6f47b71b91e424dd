using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AutoDiff.Testing;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.PackageTests;

/// <summary>
/// The package as a new user meets it: pack into a local folder, create a console project outside the solution that
/// references the package by version, build it, run it, and break it on purpose.
/// </summary>
public sealed class ConsumerTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The package id (nuget.org's "AutoDiff" is another project's library; see README, Install).</summary>
    private const string PackageId = "AutoDiff.SourceGenerator";

    private const string Objectives = """
        using System;
        using AutoDiff;

        public static partial class Objectives
        {
            [Differentiable]
            public static double Rosenbrock(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
                    sum += a * a + 100 * b * b;
                }
                return sum;
            }
        }
        """;

    private const string Program = """
        using System;
        using System.Globalization;
        using AutoDiff.Optimization;

        double[] x = { -1.2, 1.0 }, g = new double[2];
        double f = Objectives.RosenbrockGradient(x, g);
        var result = new LbfgsSolver().Minimize(Objectives.RosenbrockObjective, new double[] { -1.2, 1 });
        Console.WriteLine(string.Join(" ", new[] { f, g[0], g[1], result.Minimizer[0], result.Minimizer[1] }
            .Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        Console.WriteLine(result.Converged);
        """;

    private const string NotPartial = """
        using AutoDiff;

        public static class NotPartial
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """;

    private readonly ITestOutputHelper _output;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "autodiff-consumer-" + Guid.NewGuid().ToString("N")[..12]);

    public ConsumerTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_root);
    }

    [Fact]
    public void PackedPackageDifferentiatesAndSolvesInAFreshProject()
    {
        var clock = Stopwatch.StartNew();
        string feed = Path.Combine(_root, "feed"), app = Path.Combine(_root, "Consumer");
        Directory.CreateDirectory(app);

        // A version no cache can hold; the package's own content is what `dotnet pack` makes of this build.
        string version = "0.0.0-consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") };
        Dotnet(_root, env, "pack", Path.Combine(RepositoryRoot, "src", "AutoDiff", "AutoDiff.csproj"),
            "-c", Configuration, "--no-build", "-o", feed, $"-p:Version={version}");
        Assert.True(File.Exists(Path.Combine(feed, $"{PackageId}.{version}.nupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"{PackageId}.{version}.snupkg")));
        Assert.Equal([$"{PackageId}.{version}.nupkg", $"{PackageId}.{version}.snupkg"], Directory.GetFiles(feed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertAnalyzersNeedAtMostRoslyn(Path.Combine(feed, $"{PackageId}.{version}.nupkg"));

        File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig(feed, MachineSources(env)));
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageId}" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Objectives.cs"), Objectives);
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

        Dotnet(app, env, "build", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        string[] printed = Dotnet(app, env, Path.Combine(app, "bin", "Debug", "net10.0", "Consumer.dll"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double[] values = printed[0].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(24.2, values[0], 1e-12);
        Assert.Equal(-215.6, values[1], 1e-10);
        Assert.Equal(-88.0, values[2], 1e-10);
        Assert.Equal(1.0, values[3], 1e-6);
        Assert.Equal(1.0, values[4], 1e-6);
        Assert.Equal("True", printed[1]);

        // The package ships exactly what the consumer resolved: ours from the feed, not from any cache, and not
        // nuget.org's unrelated package "AutoDiff".
        Assert.True(Directory.Exists(Path.Combine(_root, "packages", PackageId.ToLowerInvariant(), version)));
        Assert.False(Directory.Exists(Path.Combine(_root, "packages", "autodiff")));

        // An unsupported construct fails the build with our diagnostic ID and its help link: a second build, so only in
        // the full sweep (ADG0001 itself and the help links are covered by the generator tests either way).
        _output.WriteLine($"Sweep: {TestTier.Name}.");
        if (TestTier.Full)
        {
            File.WriteAllText(Path.Combine(app, "NotPartial.cs"), NotPartial);
            var (exitCode, output) = DotnetCli.Run(app, env, CommandTimeout, "build", "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=false");
            _output.WriteLine(output);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("error ADG0001", output, StringComparison.Ordinal);
            Assert.Contains("README.md#adg0001", output, StringComparison.Ordinal);
        }

        _output.WriteLine($"consumer test took {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// The oldest compiler README promises: a compiler loads an analyzer only if its Roslyn is at least the version the
    /// analyzer references. The generator references exactly this; the code fixes nothing newer.
    /// </summary>
    private static readonly Version MinimumRoslyn = new(4, 14, 0, 0);

    private void AssertAnalyzersNeedAtMostRoslyn(string package)
    {
        using ZipArchive archive = ZipFile.OpenRead(package);
        var analyzers = archive.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.Equal(["AutoDiff.CodeFixes.dll", "AutoDiff.Generator.dll"], analyzers.Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (ZipArchiveEntry entry in analyzers)
        {
            using var image = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(image);
            }

            image.Position = 0;
            using var pe = new PEReader(image);
            MetadataReader metadata = pe.GetMetadataReader();
            var roslyn = metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
                .Where(r => metadata.GetString(r.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .Select(r => (Name: metadata.GetString(r.Name), r.Version))
                .ToList();
            _output.WriteLine($"{entry.Name}: " + string.Join(", ", roslyn.Select(r => $"{r.Name} {r.Version}")));
            Assert.NotEmpty(roslyn);
            Assert.All(roslyn, r => Assert.True(r.Version <= MinimumRoslyn, $"{entry.Name} references {r.Name} {r.Version}, newer than README's minimum {MinimumRoslyn}"));
            if (entry.Name == "AutoDiff.Generator.dll")
            {
                Assert.Contains(roslyn, r => r.Name == "Microsoft.CodeAnalysis" && r.Version == MinimumRoslyn);
            }
        }

        Assert.Contains($"built against Microsoft.CodeAnalysis (Roslyn) {MinimumRoslyn.ToString(3)}", File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string RepositoryRoot => Metadata("RepositoryRoot");

    private static string Configuration => Metadata("Configuration");

    private static string Metadata(string key) => typeof(ConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;

    private string Dotnet(string directory, IReadOnlyDictionary<string, string> env, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = DotnetCli.Run(directory, env, CommandTimeout, arguments);
        _output.WriteLine($"$ dotnet {string.Join(' ', arguments)}  ({clock.Elapsed.TotalSeconds:F1} s, exit {exitCode})");
        if (exitCode != 0)
        {
            _output.WriteLine(output);
        }

        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    /// <summary>The enabled package sources of this machine (as `dotnet nuget list source` shows them outside any project).</summary>
    private List<string> MachineSources(IReadOnlyDictionary<string, string> env)
    {
        string output = Dotnet(_root, env, "nuget", "list", "source", "--format", "short");
        var sources = output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToList();
        Assert.NotEmpty(sources);
        return sources;
    }

    /// <summary>
    /// The local feed serves our package and nothing else; every other package comes from the machine's sources. The
    /// machine's global packages folder is a read-only fallback, so MathNet.Numerics is not downloaded again.
    /// </summary>
    private static string NuGetConfig(string feed, List<string> machineSources)
    {
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string fallback = Directory.Exists(globalPackages)
            ? $"""<fallbackPackageFolders><clear /><add key="machine" value="{globalPackages}" /></fallbackPackageFolders>"""
            : "";
        string sources = string.Join("\n", machineSources.Select((s, i) => $"""<add key="machine{i}" value="{s}" />"""));
        string mappings = string.Join("\n", machineSources.Select((_, i) => $"""<packageSource key="machine{i}"><package pattern="*" /></packageSource>"""));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                {sources}
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="local"><package pattern="{PackageId}" /></packageSource>
                {mappings}
              </packageSourceMapping>
              {fallback}
            </configuration>
            """;
    }
}
