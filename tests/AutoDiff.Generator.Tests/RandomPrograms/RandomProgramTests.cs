using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using AutoDiff.Generator.Rules;
using AutoDiff.Testing;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// Random [Differentiable] programs (see <see cref="RandomProgramGenerator"/>), compiled in memory with the generator
/// and run; every gradient is compared with central finite differences (see <see cref="GradientChecker"/>). A failure
/// prints the seed, the program's index and full source, the point, the coordinate, and the expected and actual
/// derivative; a generator diagnostic or compilation error prints the program and the generated text.
/// The seed is fixed so a failure reproduces. To explore, set AUTODIFF_RANDOM_PROGRAM_SEED to another seed, and
/// AUTODIFF_RANDOM_PROGRAM_CONSTRUCTS to comma-separated <see cref="Construct"/> names (or "none") to narrow a failure
/// down to the constructs that cause it.
/// </summary>
public sealed class RandomProgramTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261124;
    private static readonly int ProgramCount = TestTier.Choose(reduced: 110, full: 330);

    /// <summary>How many programs must contain each construct and call each Math function: 20 in the full sweep, pro rata.</summary>
    private static readonly int MinimumPrograms = 20 * ProgramCount / 330;
    private const int BatchSize = 55;
    private const int PointsPerProgram = 3;

    /// <summary>
    /// How many programs must have a fused loop inside a fused loop (see <see cref="Construct.FusableLoopNests"/>); with
    /// the default seed 36 do, with seeds 1, 4, 7 and 20 from 24 to 48 (full sweep; pro rata in the reduced one).
    /// </summary>
    private static readonly int MinimumNestedFusions = 15 * ProgramCount / 330;

    /// <summary>
    /// Constructs the generator does not support yet, with what it says about them. Every other construct is on: each
    /// was switched on once small programs with it compiled and gave correct gradients. Straight-line code and every
    /// Math function are always on.
    /// </summary>
    private static readonly IReadOnlyDictionary<Construct, string> NotYetSupported = new Dictionary<Construct, string>
    {
    };

    internal static readonly IReadOnlySet<Construct> DefaultEnabled = Constructs.All.Where(c => !NotYetSupported.ContainsKey(c)).ToHashSet();

    private static readonly IReadOnlySet<Construct> Enabled = EnabledConstructs();

    [Fact]
    public void RandomPrograms_GradientsMatchCentralFiniteDifferences()
    {
        int seed = Seed();
        var generator = new RandomProgramGenerator(seed, Enabled);

        // Each enabled construct is the focus of an equal share of the programs, so all of them are exercised.
        var focuses = Enabled.OrderBy(c => c).Select(c => (Construct?)c).Append(null).ToList();
        var programs = Enumerable.Range(0, ProgramCount).Select(i => generator.Generate(i, focuses[i % focuses.Count])).ToList();

        var tally = new CheckTally();
        int fused = 0, nestedFused = 0;
        var failures = new List<(RandomProgram Program, string What)>();
        int compiled = 0;
        var compiling = new Stopwatch();
        var checking = new Stopwatch();
        foreach (var batch in programs.Chunk(BatchSize))
        {
            compiling.Start();
            using var result = ProgramCompiler.Compile(batch);
            compiling.Stop();
            checking.Start();
            failures.AddRange(result.Rejected.Select(r => (r.Program, "Generator diagnostic or compilation error:\n" + r.Reason)));
            compiled += result.Programs.Count;
            foreach (var program in result.Programs)
            {
                int fusedDepth = FusedLoops.NestingDepth(program.Generated!, "FPullback");
                fused += fusedDepth >= 1 ? 1 : 0;
                nestedFused += fusedDepth >= 2 ? 1 : 0;
                string? failure;
                try
                {
                    failure = GradientChecker.Check(program, new Random(unchecked((seed * 31) + program.Program.Index)), PointsPerProgram, tally);
                }
                catch (Exception e)
                {
                    failure = $"Program #{program.Program.Index} threw {e.GetType().Name}: {e.Message}\n";
                }

                if (failure is not null)
                {
                    failures.Add((program.Program, failure));
                }
            }

            checking.Stop();
        }

        // Times are information for whoever tunes the batch size, never asserted.
        output.WriteLine($"Sweep: {TestTier.Name}.");
        output.WriteLine(Summary(seed, programs, compiled, tally)
            + $"\nFused loops: {fused} programs, {nestedFused} of them with a fused loop inside a fused loop."
            + $"\nGenerating and compiling took {compiling.Elapsed.TotalSeconds:F1} s, checking {checking.Elapsed.TotalSeconds:F1} s.");
        foreach (var (program, what) in failures)
        {
            output.WriteLine(Describe(seed, program, what));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {ProgramCount} random programs failed (seed {seed}; programs #"
            + string.Join(", #", failures.Select(f => f.Program.Index)) + "). The first:\n" + (failures.Count > 0 ? Describe(seed, failures[0].Program, failures[0].What) : ""));

        // Skipping must not hide bugs: nearly every coordinate must have been checked, and every construct exercised.
        int attempted = tally.CoordinatesChecked + tally.CoordinatesSkippedAtKink + tally.CoordinatesSkippedNonFinite + tally.CoordinatesSkippedUnresolved;
        Assert.True(tally.CoordinatesChecked >= 0.9 * attempted, $"only {tally.CoordinatesChecked} of {attempted} coordinates were checked");
        Assert.True(tally.NonFinitePoints <= tally.Points / 100, $"{tally.NonFinitePoints} of {tally.Points} points had a non-finite value");
        Assert.True(tally.SecondOrderChecked >= 0.8 * (tally.SecondOrderChecked + tally.SecondOrderSkipped), $"only {tally.SecondOrderChecked} points had their Hessian-vector product checked");
        foreach (var construct in Enabled)
        {
            int count = programs.Count(p => p.Constructs.Contains(construct));
            Assert.True(count >= MinimumPrograms, $"only {count} programs contain {construct}");
        }

        // The loop nests must really be fused, level inside level, or they only test the unfused sweeps.
        if (Enabled.Contains(Construct.FusableLoopNests))
        {
            Assert.True(nestedFused >= MinimumNestedFusions, $"only {nestedFused} programs have a fused loop inside a fused loop");
        }

        foreach (string function in MathFunctions)
        {
            int count = programs.Count(p => p.Functions.Contains(function));
            Assert.True(count >= MinimumPrograms, $"only {count} programs call {function}");
        }

        // The table says which functions the programs draw: one drawn that it says is not is a stale record.
        var called = programs.SelectMany(p => p.Functions).ToHashSet();
        Assert.DoesNotContain(DerivativeRules.Functions, f => f.RandomPrograms == RandomProgramUse.NotDrawn && called.Contains(f.Name));
    }

    [Fact]
    public void RandomProgramGenerator_SameSeedAndIndex_GiveTheSameProgram()
    {
        var first = new RandomProgramGenerator(DefaultSeed, Enabled).Generate(17, null);
        var second = new RandomProgramGenerator(DefaultSeed, Enabled).Generate(17, null);

        Assert.Equal(first.Source, second.Source);
    }

    /// <summary>The functions of the rule table the programs draw often enough to require a minimum count of each.</summary>
    private static readonly string[] MathFunctions = FunctionsUsed(RandomProgramUse.Drawn);

    /// <summary>Functions drawn less often (one case of the generator's choice among seven): printed, not counted against a minimum.</summary>
    private static readonly string[] RareMathFunctions = FunctionsUsed(RandomProgramUse.DrawnRarely);

    private static string[] FunctionsUsed(RandomProgramUse use) =>
        DerivativeRules.Functions.Where(f => f.RandomPrograms == use).Select(f => f.Name).ToArray();

    private static IReadOnlySet<Construct> EnabledConstructs()
    {
        string? names = Environment.GetEnvironmentVariable("AUTODIFF_RANDOM_PROGRAM_CONSTRUCTS");
        return string.IsNullOrWhiteSpace(names)
            ? DefaultEnabled
            : names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(n => n != "none")
                .Select(Enum.Parse<Construct>)
                .ToHashSet();
    }

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("AUTODIFF_RANDOM_PROGRAM_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
            ? seed
            : DefaultSeed;

    private static string Summary(int seed, List<RandomProgram> programs, int compiled, CheckTally tally)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Seed {seed}: {programs.Count} programs, {compiled} compiled; {tally.Points} points, ")
            .Append(CultureInfo.InvariantCulture, $"{tally.NonFinitePoints} with a non-finite value; {tally.CoordinatesChecked} partial derivatives checked, ")
            .Append(CultureInfo.InvariantCulture, $"{tally.CoordinatesSkippedAtKink} skipped (stencil crosses a kink or branch), {tally.CoordinatesSkippedNonFinite} skipped (non-finite), {tally.CoordinatesSkippedUnresolved} skipped (finite differences do not converge); ")
            .Append(CultureInfo.InvariantCulture, $"largest relative error {tally.MaxRelativeError:E2} ({tally.MaxRelativeErrorAt}; tolerance {GradientChecker.Tolerance:E0}).\n")
            .Append(CultureInfo.InvariantCulture, $"Second order: directional derivative and Hessian-vector product checked at {tally.SecondOrderChecked} points, {tally.SecondOrderSkipped} skipped (path changes along the direction).\n");
        text.Append("Constructs on: ").Append(string.Join(", ", Constructs.All.Where(Enabled.Contains).Select(c => $"{c} ({programs.Count(p => p.Constructs.Contains(c))} programs)")))
            .Append("\nConstructs off: ").Append(string.Join(", ", Constructs.All.Where(c => !Enabled.Contains(c)).Select(c => NotYetSupported.TryGetValue(c, out string? why) ? $"{c} ({why})" : c.ToString())))
            .Append("\nMath functions (programs): ").Append(string.Join(", ", MathFunctions.Concat(RareMathFunctions).Select(f => $"{f} {programs.Count(p => p.Functions.Contains(f))}")));
        return text.ToString();
    }

    private static string Describe(int seed, RandomProgram program, string what) =>
        $"--- seed {seed}, program #{program.Index} ---\n{what}\nProgram source:\n{program.Source}";
}
