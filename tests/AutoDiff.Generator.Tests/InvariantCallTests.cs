using System;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Invariant calls (<c>Transforms/InvariantCalls</c>): a math call in a loop whose arguments the loop does not change is
/// computed once into a table. The value and the directional derivative keep their bits with the pass off; the gradient,
/// the pullback and the HVP add the same terms in another order and stay within rounding; all match finite differences.
/// Nothing is read that the loop would not read, and calls of other shapes stay in the loop.
/// </summary>
public sealed class InvariantCallTests
{
    private const string Source = """
        using System;
        using AutoDiff;

        public static partial class Tables
        {
            // The GMM shape: Exp of each component's entries, the same for every point; a local on the path (b, q), two
            // counting loops between the point loop and the call, and a call that reads the point (not taken out).
            [Differentiable]
            public static double Mixture(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> x, int k, int d)
            {
                int n = x.Length / d;
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    double total = 0;
                    for (int c = 0; c < k; c++)
                    {
                        int b = c * d;
                        double norm = 0;
                        for (int j = 0; j < d; j++)
                        {
                            double q = p[b + j];
                            double v = Math.Exp(q) * (x[i * d + j] - p[k * d + j]);
                            norm += v * v;
                        }

                        total += Math.Exp(-0.5 * norm);
                    }

                    s += Math.Log(total);
                }

                return s;
            }

            // A call straight in the loop's body (a table of one entry), loops that start at 2 and at 1, and the same call
            // twice in one statement (one table).
            [Differentiable]
            public static double Offsets(ReadOnlySpan<double> p)
            {
                double s = 0;
                for (int i = 0; i < 5; i++)
                {
                    double scale = Math.Log(1 + p[0] * p[0]);
                    s += scale * p[i % p.Length];
                    for (int c = 2; c < p.Length; c++)
                    {
                        for (int j = 1; j < 3; j++)
                        {
                            s += Math.Sin(p[c] * j) * Math.Sin(p[c] * j) * p[(i + c) % p.Length];
                        }
                    }
                }

                return s;
            }

            // A while loop that is not a counting loop, and a do loop (no first test).
            [Differentiable]
            public static double OtherLoops(ReadOnlySpan<double> p)
            {
                double s = 0;
                int i = 0;
                while (i < p.Length)
                {
                    for (int j = 0; j < p.Length; j++)
                    {
                        s += Math.Exp(0.3 * p[j]) * p[i];
                    }

                    i += 2;
                }

                int t = 0;
                do
                {
                    for (int j = 0; j < 2; j++)
                    {
                        s += Math.Cos(p[j]) * p[t];
                    }

                    t++;
                }
                while (t < p.Length);

                return s;
            }

            private static readonly double[] Points = [0.3, -1.2, 0.8, 0.1, -0.4, 1.5, 2.0, -0.7, 0.05, 0.9, -1.1, 0.6, 0.2, -0.3];

            public static double MixtureValue(double[] p) => Mixture(p, Points, p.Length / 2 - 1, 2);
            public static double MixtureGrad(double[] p, double[] g) => MixtureGradient(p, Points, p.Length / 2 - 1, 2, g);
            public static double MixturePull(double[] p, double seed, double[] a) => MixturePullback(p, Points, p.Length / 2 - 1, 2, seed, a);
            public static double MixtureHvp(double[] p, double[] v, double[] hv) => MixtureHessianVectorProduct(p, Points, p.Length / 2 - 1, 2, v, hv);
            public static double MixtureDir(double[] p, double[] v, double[] d) => MixtureDirectionalDerivative(p, Points, p.Length / 2 - 1, 2, v, out d[0]);

            public static double OffsetsValue(double[] p) => Offsets(p);
            public static double OffsetsGrad(double[] p, double[] g) => OffsetsGradient(p, g);
            public static double OffsetsPull(double[] p, double seed, double[] a) => OffsetsPullback(p, seed, a);
            public static double OffsetsHvp(double[] p, double[] v, double[] hv) => OffsetsHessianVectorProduct(p, v, hv);
            public static double OffsetsDir(double[] p, double[] v, double[] d) => OffsetsDirectionalDerivative(p, v, out d[0]);

            public static double OtherLoopsValue(double[] p) => OtherLoops(p);
            public static double OtherLoopsGrad(double[] p, double[] g) => OtherLoopsGradient(p, g);
            public static double OtherLoopsPull(double[] p, double seed, double[] a) => OtherLoopsPullback(p, seed, a);
            public static double OtherLoopsHvp(double[] p, double[] v, double[] hv) => OtherLoopsHessianVectorProduct(p, v, hv);
            public static double OtherLoopsDir(double[] p, double[] v, double[] d) => OtherLoopsDirectionalDerivative(p, v, out d[0]);
        }
        """;

    /// <summary>Each objective, with the lengths of its parameter vector (Mixture: K = 1, 2, 3 components in 2 dimensions).</summary>
    public static TheoryData<string, int> Cases => new()
    {
        { "Mixture", 4 },
        { "Mixture", 6 },
        { "Mixture", 8 },
        { "Offsets", 3 },
        { "Offsets", 6 },
        { "OtherLoops", 2 },
        { "OtherLoops", 5 },
    };

    /// <summary>The tables each objective's members fill: the calls taken out of its loops, and no others.</summary>
    private static string[] TablesIn(string objective) => objective switch
    {
        "Mixture" => ["expTable: Exp"],
        "Offsets" => ["logTable: Log", "sinTable: Sin"],
        _ => ["cosTable: Cos", "expTable: Exp"],
    };

    private const string TableComment = "of values the loop below does not change";

    private static double[] Point(int seed, int length) =>
        Enumerable.Range(0, length).Select(i => 0.7 * Math.Sin(seed + 1.7 * i) + 0.1).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_and_directional_derivatives_keep_their_bits_and_the_rest_stays_within_rounding(string objective, int n)
    {
        using var tables = CompiledObjectives.Of(Source, "Tables", disabledOptimizations: null);
        using var inLoop = CompiledObjectives.Of(Source, "Tables", disabledOptimizations: "InvariantCalls");
        var filled = Regex.Matches(tables.Generated(objective), @"(\w+: \w+) " + TableComment)
            .Select(match => match.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(TablesIn(objective), filled);
        Assert.DoesNotContain(TableComment, inLoop.Generated(objective), StringComparison.Ordinal);

        double[] p = Point(n, n), v = Point(n + 3, n);
        var expected = inLoop.Results(objective, p, v);
        var actual = tables.Results(objective, p, v);
        Assert.Equal(expected.Count, actual.Count);

        // Results: value, gradient (n), pullback value, adjoints (n), HVP value, product (n), directional value, derivative.
        int[] exact = [0, n + 1, 2 * n + 2, 3 * n + 3, 3 * n + 4];
        for (int i = 0; i < expected.Count; i++)
        {
            if (exact.Contains(i))
            {
                Assert.True(expected[i].Equals(actual[i]), $"{objective}, result {i}: {actual[i]:R} with tables, {expected[i]:R} without");
            }
            else
            {
                double scale = Math.Max(1, Math.Abs(expected[i]));
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 * scale, $"{objective}, result {i}: {actual[i]:R} with tables, {expected[i]:R} without");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_with_tables_match_finite_differences(string objective, int n)
    {
        using var tables = CompiledObjectives.Of(Source, "Tables", disabledOptimizations: null);
        tables.AssertGradientMatchesFiniteDifferences(objective, Point(n + 11, n));
    }

    [Fact]
    public void A_loop_that_does_not_run_reads_nothing_and_one_that_does_throws_as_before()
    {
        const string unrun = """
            using System;
            using AutoDiff;

            public static partial class Tables
            {
                [Differentiable]
                public static double Unrun(ReadOnlySpan<double> p, int n, int m)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        for (int j = 0; j < m; j++)
                        {
                            s += Math.Exp(p[j + 3]) * p[i];
                        }
                    }

                    return s;
                }

                public static double UnrunGrad(double[] p, int n, int m, double[] g) => UnrunGradient(p, n, m, g);
            }
            """;
        using var tables = CompiledObjectives.Of(unrun, "Tables", disabledOptimizations: null);
        Assert.Contains(TableComment, tables.Generated("Unrun"), StringComparison.Ordinal);

        // The table would read p[3] and beyond; the point loop does not run, so neither does the filling.
        var gradient = new[] { 5.0, 5.0 };
        Assert.Equal(0.0, (double)tables.Invoke("UnrunGrad", new[] { 1.0, 2.0 }, 0, 4, gradient)!);
        Assert.Equal(new[] { 0.0, 0.0 }, gradient);

        var thrown = Assert.Throws<TargetInvocationException>(() => tables.Invoke("UnrunGrad", new[] { 1.0, 2.0 }, 1, 4, new double[2]));
        Assert.IsType<IndexOutOfRangeException>(thrown.InnerException);
    }

    [Theory]
    [InlineData("int j = 0; j < m; j++", "s += Math.Exp(p[i]) * p[j];", "an argument that reads the outer counter")]
    [InlineData("int j = 0; j < m; j++", "if (p[j] > 0) { s += Math.Exp(p[j]) * p[i]; }", "a call under an if")]
    [InlineData("int j = 0; j < m; j++", "s += p[j] > 0 ? Math.Exp(p[j]) * p[i] : p[i];", "a call in a branch of a conditional")]
    [InlineData("int j = 0; j < m; j++", "s += Math.Exp(q) * p[i]; q = p[j];", "a local assigned after the call")]
    [InlineData("int j = 0; j < m; j++", "q = p[j]; q = q * q; s += Math.Exp(q) * p[i];", "a local assigned twice")]
    [InlineData("int j = 0; j < m; j++", "q = 0.5 * q + p[j]; s += Math.Exp(q) * p[i];", "a local that reads its own last value")]
    [InlineData("int j = 0; j < i; j++", "s += Math.Exp(p[j]) * p[i];", "a bound the outer loop changes")]
    [InlineData("int j = 0; j < m; j++", "if (p[j] > 5) { break; } s += Math.Exp(p[j]) * p[i];", "a loop that may end early")]
    [InlineData("int j = 0; j < m; j++", "if (p[j] > 50) { throw new ArgumentException(\"too large\", nameof(p)); } s += Math.Exp(p[j]) * p[i];", "a throw before the call")]
    [InlineData("int j = 0; j < m; j += 2", "s += Math.Exp(p[j]) * p[i];", "a loop that counts by two")]
    public void Calls_of_other_shapes_stay_in_the_loop(string inner, string body, string why)
    {
        var output = GeneratorHarness.Run(LoopWithBody(inner, body));
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        Assert.True(!string.Concat(output.Sources.Values).Contains(TableComment, StringComparison.Ordinal), "a table despite " + why);
    }

    [Fact]
    public void The_same_loops_with_an_invariant_call_fill_a_table()
    {
        // The positive control of the test above.
        var output = GeneratorHarness.Run(LoopWithBody("int j = 0; j < m; j++", "s += Math.Exp(p[j]) * p[i];"));
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        Assert.Contains(TableComment, string.Concat(output.Sources.Values), StringComparison.Ordinal);
    }

    private static string LoopWithBody(string inner, string body) => $$"""
        using System;
        using AutoDiff;

        public static partial class Tables
        {
            [Differentiable]
            public static double Other(ReadOnlySpan<double> p, int n, int m)
            {
                double s = 0, q = 0.5;
                for (int i = 0; i < n; i++)
                {
                    for ({{inner}})
                    {
                        {{body}}
                    }
                }

                return s + q;
            }
        }
        """;
}
