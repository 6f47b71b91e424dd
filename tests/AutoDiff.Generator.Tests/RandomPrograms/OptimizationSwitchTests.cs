using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiff.Testing;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// Reverse mode's optimisations (save analysis, loop fusion, recomputation) switched off one at a time and all together
/// must not change a single derivative beyond rounding: every random program's gradient and Hessian-vector product with
/// an optimisation off is compared with the optimised ones at the same points, a far tighter oracle than finite
/// differences. Every switch is held to rounding (see <see cref="Switches"/>), and the test reports how much is bitwise equal.
/// </summary>
public sealed class OptimizationSwitchTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;
    private const int PointsPerProgram = 3;
    private static readonly int ProgramCount = TestTier.Choose(reduced: 55, full: 110);

    /// <summary>
    /// Each switch. None leaves every result bitwise equal, so all are held to <see cref="RoundingTolerance"/>. Fusion
    /// runs each iteration's reverse right after it, so the adjoints of running sums and inputs are added up in another
    /// order. Switching the save analysis off saves every overwritten value, the running sums of a fusable loop too, and
    /// a loop whose sums are saved is not fused. Recomputation was once claimed bitwise, but with every construct on, 5
    /// of 3,066 values (full sweep, arrays in loops on) differ by an ulp or so with it off:
    /// values that were recomputed are then saved, which can keep their loop from being fused, so sums are added in
    /// another order. Vectorization adds the running dot products (<see cref="Construct.DotProducts"/>) with vector
    /// partial sums, so those values and everything computed from them are rounded differently. Lane loops are held to
    /// the same bits (<see cref="Bitwise"/>). Invariant calls read from a table gather the adjoint of a call's value over
    /// the loop's iterations before multiplying it by the partial derivative once.
    /// </summary>
    private static readonly string[] Switches = ["Recomputation", "SaveAnalysis", "LoopFusion", "Vectorization", "LaneLoops", "InvariantCalls", "all"];

    /// <summary>The switches whose optimisation must not change a bit: lane loops compute every value as the scalar loop does.</summary>
    private static readonly string[] Bitwise = ["LaneLoops"];

    /// <summary>The constructs of the programs compared: all the default ones.</summary>
    private static readonly IReadOnlySet<Construct> Enabled = RandomProgramTests.DefaultEnabled;

    /// <summary>Largest difference allowed, relative to max(1, |optimised|, |naive|).</summary>
    private const double RoundingTolerance = 1e-11;

    [Fact]
    public void OptimizationsOff_GiveTheSameDerivatives()
    {
        var generator = new RandomProgramGenerator(Seed, Enabled);
        var focuses = Enabled.OrderBy(c => c).Select(c => (Construct?)c).Append(null).ToList();
        var programs = Enumerable.Range(0, ProgramCount).Select(i => generator.Generate(i, focuses[i % focuses.Count])).ToList();
        var tallies = Switches.ToDictionary(s => s, _ => new Tally());
        var failures = new List<string>();
        foreach (var batch in programs.Chunk(55))
        {
            using var optimized = ProgramCompiler.Compile(batch);
            foreach (string disabled in Switches)
            {
                using var naive = ProgramCompiler.Compile(batch, disabled);
                failures.AddRange(naive.Rejected.Select(r => $"#{r.Program.Index} does not compile with {disabled} off:\n{r.Reason}"));
                Compare(optimized, naive, disabled, tallies[disabled], failures);
            }
        }

        foreach (var (disabled, tally) in tallies)
        {
            output.WriteLine($"{disabled} off: {tally.Programs} of {programs.Count} programs compared ({tally.WithLanes} with lane loops, {tally.WithTables} with tables), {tally.Values} values, {tally.Exact} bitwise equal; "
                + $"largest relative difference {tally.Largest:E2} ({tally.LargestAt}).");
            Assert.True(tally.Programs >= 0.9 * programs.Count, $"only {tally.Programs} of {programs.Count} programs compiled both ways with {disabled} off");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differences; the first:\n{failures.FirstOrDefault()}");
    }

    private static void Compare(CompiledBatch optimized, CompiledBatch naive, string disabled, Tally tally, List<string> failures)
    {
        var naiveByIndex = naive.Programs.ToDictionary(p => p.Program.Index);
        foreach (var program in optimized.Programs)
        {
            if (!naiveByIndex.TryGetValue(program.Program.Index, out var other))
            {
                continue;
            }

            tally.Programs++;
            if (program.Generated?.ToString().Contains("LoadLanes", StringComparison.Ordinal) == true)
            {
                tally.WithLanes++;
            }

            if (program.Generated?.ToString().Contains("of values the loop below does not change", StringComparison.Ordinal) == true)
            {
                tally.WithTables++;
            }

            var random = new Random(unchecked((Seed * 31) + program.Program.Index));
            for (int point = 0; point < PointsPerProgram; point++)
            {
                var (x, v) = (RandomVector(random, program.Program.InputLength), RandomVector(random, program.Program.InputLength));
                foreach (var (what, a, b) in Results(program, other, x, v))
                {
                    tally.Values++;
                    if (a.Equals(b))
                    {
                        tally.Exact++;
                        continue;
                    }

                    double difference = Math.Abs(a - b) / Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));
                    if (!(difference <= RoundingTolerance) || Bitwise.Contains(disabled))
                    {
                        failures.Add($"#{program.Program.Index} {what} at x = [{Format(x)}], v = [{Format(v)}]: {a:R} optimised, {b:R} with {disabled} off\n{program.Program.Source}");
                    }

                    if (!(difference <= tally.Largest))
                    {
                        (tally.Largest, tally.LargestAt) = (difference, $"#{program.Program.Index} {what}");
                    }
                }
            }
        }
    }

    private sealed class Tally
    {
        public int Programs { get; set; }

        public int Values { get; set; }

        public int Exact { get; set; }

        /// <summary>Programs whose optimised F has a lane loop.</summary>
        public int WithLanes { get; set; }

        /// <summary>Programs whose optimised F reads a call's values from a table (InvariantCalls).</summary>
        public int WithTables { get; set; }

        public double Largest { get; set; }

        public string LargestAt { get; set; } = "none";
    }

    /// <summary>The value, the gradient and the Hessian-vector product of both compilations of one program at x along v.</summary>
    private static IEnumerable<(string What, double Optimized, double Naive)> Results(CompiledProgram optimized, CompiledProgram naive, double[] x, double[] v)
    {
        var (g1, g2) = (new double[x.Length], new double[x.Length]);
        yield return ("value", optimized.Gradient(x, g1), naive.Gradient(x, g2));
        for (int i = 0; i < x.Length; i++)
        {
            yield return ($"gradient[{i}]", g1[i], g2[i]);
        }

        if (optimized.HessianVectorProduct is { } first && naive.HessianVectorProduct is { } second)
        {
            var (h1, h2) = (new double[x.Length], new double[x.Length]);
            first(x, v, h1);
            second(x, v, h2);
            for (int i = 0; i < x.Length; i++)
            {
                yield return ($"(H v)[{i}]", h1[i], h2[i]);
            }
        }
    }

    private static double[] RandomVector(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 4) - 2).ToArray();

    private static string Format(double[] x) => string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
