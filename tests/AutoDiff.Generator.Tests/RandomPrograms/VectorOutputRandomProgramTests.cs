using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Testing;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// Random programs with vector outputs: each random scalar program F (see <see cref="RandomProgramGenerator"/>) is
/// rewritten as <c>void V(inputs..., Span&lt;double&gt; rOut)</c> whose every exit writes r = (f, f^2, 0.5). V's
/// Jacobian is then known exactly from F's gradient g (itself checked against finite differences by
/// <see cref="RandomProgramTests"/>): rows g, 2 f g and 0. The generated Jacobian-vector product, vector-Jacobian
/// product and dense Jacobian of V must match it to rounding, through every construct the random programs use
/// (branches, early returns, loops, local arrays, calls, fused loop nests). Each program is also rewritten as an in-place
/// method <c>void W(double[] stateIo, inputs...)</c> that updates a state of 3 at every exit, whose products with respect
/// to the state's values at entry and F's inputs are known the same way (see <see cref="CheckInPlace"/>).
/// </summary>
public sealed class VectorOutputRandomProgramTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;
    private static readonly int ProgramCount = TestTier.Choose(reduced: 30, full: 60);

    /// <summary>Relative to the row's scale: the rows are the same arithmetic as F's gradient, in another order.</summary>
    private const double Tolerance = 1e-10;

    [Fact]
    public void VectorOutputPrograms_ProductsAndJacobianMatchTheScalarGradient()
    {
        var generator = new RandomProgramGenerator(Seed, RandomProgramTests.DefaultEnabled);
        var programs = Enumerable.Range(0, ProgramCount).Select(i => generator.Generate(i, null).WithVectorOutput()).ToList();
        using var batch = ProgramCompiler.Compile(programs);
        var failures = batch.Rejected.Select(r => $"#{r.Program.Index} rejected:\n{r.Reason}").ToList();
        int checkedPoints = 0, jacobians = 0;
        foreach (var program in batch.Programs)
        {
            var random = new Random(unchecked((Seed * 31) + program.Program.Index));
            for (int point = 0; point < 2; point++)
            {
                int n = program.Program.InputLength;
                var x = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
                var g = new double[n];
                double f = program.Gradient(x, g);
                if (!double.IsFinite(f) || !g.All(double.IsFinite))
                {
                    continue;
                }

                string? failure = CheckPoint(program, x, f, g, random) ?? CheckInPlace(program, x, f, g, random);
                if (failure is not null)
                {
                    failures.Add($"#{program.Program.Index} at x = [{string.Join(", ", x)}]: {failure}\n{program.Program.Source}");
                    break;
                }

                checkedPoints++;
                jacobians += program.Program.HasJacobian ? 1 : 0;
            }
        }

        output.WriteLine($"Sweep: {TestTier.Name}. {batch.Programs.Count} of {ProgramCount} vector-output programs compiled; {checkedPoints} points checked (each also in place), {jacobians} with a dense Jacobian.");
        foreach (string failure in failures)
        {
            output.WriteLine(failure.Split('\n')[0] + " " + string.Join(" | ", failure.Split('\n').Where(l => l.StartsWith("AD", StringComparison.Ordinal) || l.StartsWith("CS", StringComparison.Ordinal)).Take(3)));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures. The first:\n{failures.FirstOrDefault()}");
        Assert.True(checkedPoints >= ProgramCount, $"only {checkedPoints} points were checked");
        Assert.True(jacobians >= ProgramCount / 6, $"only {jacobians} points had a dense Jacobian to check");
    }

    private static string? CheckPoint(CompiledProgram program, double[] x, double f, double[] g, Random random)
    {
        int n = x.Length;
        var expected = new[] { g, g.Select(gi => 2 * f * gi).ToArray(), new double[n] };

        // J v against the rows dotted with v.
        var v = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = new double[3];
        var jv = new double[3];
        Invoke(program, "FlatJacobianVectorProduct", x, v, r, jv);
        for (int i = 0; i < 3; i++)
        {
            if (Mismatch(jv[i], Dot(expected[i], v), Scale(expected[i], v)) is { } bad)
            {
                return $"(J v)[{i}] {bad}";
            }
        }

        if (Mismatch(r[0], f, Math.Abs(f)) is { } value || Mismatch(r[1], f * f, f * f) is { } value2 || r[2] != 0.5)
        {
            return $"JacobianVectorProduct's values r = [{string.Join(", ", r)}], expected [{f}, {f * f}, 0.5]";
        }

        // u^T J against the weighted sum of the rows.
        var u = new[] { random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5 };
        var ujExpected = Enumerable.Range(0, n).Select(j => (u[0] * expected[0][j]) + (u[1] * expected[1][j])).ToArray();
        var uj = new double[n];
        double weighted = (double)Invoke(program, "FlatVectorJacobianProduct", x, u, uj)!;
        for (int j = 0; j < n; j++)
        {
            if (Mismatch(uj[j], ujExpected[j], Math.Abs(u[0] * g[j]) + Math.Abs(u[1] * expected[1][j])) is { } bad)
            {
                return $"(u^T J)[{j}] {bad}";
            }
        }

        if (Mismatch(weighted, (u[0] * f) + (u[1] * f * f) + (u[2] * 0.5), Math.Abs(u[0] * f) + Math.Abs(u[1] * f * f) + Math.Abs(u[2])) is { } sum)
        {
            return "VectorJacobianProduct's returned u . F " + sum;
        }

        if (program.Program.HasJacobian)
        {
            var jacobian = new double[3 * n];
            Array.Fill(r, double.NaN);
            Invoke(program, "FlatJacobian", x, r, jacobian);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (Mismatch(jacobian[(i * n) + j], expected[i][j], Math.Abs(expected[i][j])) is { } bad)
                    {
                        return $"J[{i}, {j}] {bad}";
                    }
                }
            }

            if (r[0] != f || r[2] != 0.5)
            {
                return $"Jacobian's values r = [{string.Join(", ", r)}], expected [{f}, {f * f}, 0.5]";
            }
        }

        return null;
    }

    /// <summary>
    /// W's J v and u^T J against the rows known from F's value f and gradient g: with s the state at entry and
    /// s0' = s0 s1 + f, the rows over (s, x) are (s1, s0, 0, g), 2 s0' times it, and (0, 0, 0.5, 0). The state's entry
    /// values are random, so a product that took them as zeros (or the state as a pure output) fails.
    /// </summary>
    private static string? CheckInPlace(CompiledProgram program, double[] x, double f, double[] g, Random random)
    {
        int n = x.Length;
        var state = new[] { random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5 };
        double[] before = [.. state];
        double s0 = (state[0] * state[1]) + f;
        double[] row0 = [state[1], state[0], 0, .. g];
        var expected = new[] { row0, row0.Select(e => 2 * s0 * e).ToArray(), [0, 0, 0.5, .. new double[n]] };
        double[] values = [s0, s0 * s0, 0.5 * state[2]];

        var v = Enumerable.Range(0, 3 + n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = new double[3];
        var jv = new double[3];
        Invoke(program, "FlatInPlaceJacobianVectorProduct", state, x, v[..3], v[3..], r, jv);
        for (int i = 0; i < 3; i++)
        {
            if (Mismatch(jv[i], Dot(expected[i], v), Scale(expected[i], v)) is { } bad)
            {
                return $"in place: (J v)[{i}] {bad}";
            }

            if (Mismatch(r[i], values[i], Math.Abs(values[i]) + Math.Abs(state[0] * state[1])) is { } value)
            {
                return $"in place: the values r[{i}] {value}";
            }
        }

        var u = new[] { random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5 };
        var stateGradient = new double[3];
        var uj = new double[n];
        double weighted = (double)Invoke(program, "FlatInPlaceVectorJacobianProduct", state, x, u, stateGradient, uj)!;
        double[] all = [.. stateGradient, .. uj];
        for (int j = 0; j < 3 + n; j++)
        {
            double exact = Enumerable.Range(0, 3).Sum(i => u[i] * expected[i][j]);
            if (Mismatch(all[j], exact, Enumerable.Range(0, 3).Sum(i => Math.Abs(u[i] * expected[i][j]))) is { } bad)
            {
                return $"in place: (u^T J)[{j}] {bad}";
            }
        }

        if (Mismatch(weighted, Dot(u, values), Scale(u, values)) is { } sum)
        {
            return "in place: VectorJacobianProduct's returned u . F " + sum;
        }

        return state.SequenceEqual(before) ? null : "in place: a generated member wrote into the caller's state";
    }

    private static object? Invoke(CompiledProgram program, string wrapper, params object[] arguments) =>
        program.Type!.GetMethod(wrapper)!.Invoke(null, arguments);

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    private static double Scale(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p * q)).Sum();

    /// <summary>Null when <paramref name="actual"/> is <paramref name="expected"/> to within rounding of terms of size <paramref name="scale"/>.</summary>
    private static string? Mismatch(double actual, double expected, double scale) =>
        Math.Abs(actual - expected) <= Tolerance * Math.Max(1, scale) ? null : $"is {actual:R}, expected {expected:R}";
}
