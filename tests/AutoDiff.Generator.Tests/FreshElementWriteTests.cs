using System;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// First writes into fresh arrays (<c>Transforms/FreshElementWrites</c>, part of the save analysis): the forward sweep
/// saves nothing before them and the reverse sweep puts back 0. Every result keeps its bits with the save analysis off
/// (which saves every overwritten element); the gradients match finite differences; writes that may overwrite something
/// other than the array's first zero still save it.
/// </summary>
public sealed class FreshElementWriteTests
{
    private const string Source = """
        using System;
        using AutoDiff;

        public static partial class Fresh
        {
            // The MNIST sample's shape: a stackalloc'd hidden layer written once per unit, read by a later loop.
            [Differentiable]
            public static double Hidden(ReadOnlySpan<double> w)
            {
                int units = w.Length / 4;
                Span<double> hidden = stackalloc double[units];
                for (int h = 0; h < units; h++)
                {
                    double a = w[4 * h] + 0.5;
                    for (int i = 1; i < 4; i++)
                    {
                        a += w[4 * h + i] * (0.3 * i);
                    }

                    hidden[h] = Math.Tanh(a);
                }

                double s = 0;
                for (int h = 0; h < units; h++)
                {
                    s += hidden[h] * hidden[h] * w[h];
                }

                return s;
            }

            // A method that writes into its parameter: the generated members copy it at entry (a first write per element),
            // then the method overwrites the copy's elements (which saves them).
            [Differentiable]
            public static double InPlace(double[] x)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = Math.Sin(x[i]) * x[i];
                }

                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += x[i] * x[i] * x[i];
                }

                return s;
            }

            // A heap array filled by one loop (read in it before the write: still 0 there), then overwritten by a second.
            [Differentiable]
            public static double Overwritten(ReadOnlySpan<double> x)
            {
                double[] t = new double[x.Length];
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += t[i] * x[i];
                    t[i] = Math.Exp(x[i]);
                }

                for (int i = 0; i < x.Length; i++)
                {
                    t[i] = t[i] * x[i];
                }

                for (int i = 0; i < x.Length; i++)
                {
                    s += Math.Log(1 + t[i] * t[i]);
                }

                return s;
            }

            // The writing loop is the method's last, whose reverse runs iteration by iteration inside it (fused).
            [Differentiable]
            public static double FusedFill(ReadOnlySpan<double> x)
            {
                double[] a = new double[x.Length];
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    a[i] = Math.Exp(0.5 * x[i]);
                    s += a[i] * a[i] * x[i];
                }

                return s;
            }

            public static double FusedFillValue(double[] p) => FusedFill(p);
            public static double FusedFillGrad(double[] p, double[] g) => FusedFillGradient(p, g);
            public static double FusedFillPull(double[] p, double seed, double[] a) => FusedFillPullback(p, seed, a);
            public static double FusedFillHvp(double[] p, double[] v, double[] hv) => FusedFillHessianVectorProduct(p, v, hv);
            public static double FusedFillDir(double[] p, double[] v, double[] d) => FusedFillDirectionalDerivative(p, v, out d[0]);

            public static double HiddenValue(double[] p) => Hidden(p);
            public static double HiddenGrad(double[] p, double[] g) => HiddenGradient(p, g);
            public static double HiddenPull(double[] p, double seed, double[] a) => HiddenPullback(p, seed, a);
            public static double HiddenHvp(double[] p, double[] v, double[] hv) => HiddenHessianVectorProduct(p, v, hv);
            public static double HiddenDir(double[] p, double[] v, double[] d) => HiddenDirectionalDerivative(p, v, out d[0]);

            public static double InPlaceValue(double[] p) => InPlace((double[])p.Clone());
            public static double InPlaceGrad(double[] p, double[] g) => InPlaceGradient(p, g);
            public static double InPlacePull(double[] p, double seed, double[] a) => InPlacePullback(p, seed, a);
            public static double InPlaceHvp(double[] p, double[] v, double[] hv) => InPlaceHessianVectorProduct(p, v, hv);
            public static double InPlaceDir(double[] p, double[] v, double[] d) => InPlaceDirectionalDerivative(p, v, out d[0]);

            public static double OverwrittenValue(double[] p) => Overwritten(p);
            public static double OverwrittenGrad(double[] p, double[] g) => OverwrittenGradient(p, g);
            public static double OverwrittenPull(double[] p, double seed, double[] a) => OverwrittenPullback(p, seed, a);
            public static double OverwrittenHvp(double[] p, double[] v, double[] hv) => OverwrittenHessianVectorProduct(p, v, hv);
            public static double OverwrittenDir(double[] p, double[] v, double[] d) => OverwrittenDirectionalDerivative(p, v, out d[0]);
        }
        """;

    /// <summary>
    /// Each objective, the array whose first writes save nothing, one that must still save (or null), and whether the
    /// reverse sweep puts the zeros back (only when the loop that writes them, or code before it, reads the array).
    /// </summary>
    public static TheoryData<string, string, string?, bool> Cases => new()
    {
        { "Hidden", "hidden", null, false },
        { "InPlace", "xValues", "xValues", false },
        { "Overwritten", "t", "t", true },
        { "FusedFill", "a", null, true },
    };

    private static double[] Point(int seed, int length) =>
        Enumerable.Range(0, length).Select(i => 0.6 * Math.Sin(seed + 1.3 * i) + 0.05).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void First_writes_save_nothing_and_every_result_keeps_its_bits(string objective, string array, string? stillSaved, bool putsBackZeros)
    {
        using var optimised = CompiledObjectives.Of(Source, "Fresh", disabledOptimizations: null);
        using var naive = CompiledObjectives.Of(Source, "Fresh", disabledOptimizations: "SaveAnalysis");
        string generated = optimised.Generated(objective);
        string push = @"tape\.Push\(" + array + @"\[";
        int saves = Regex.Matches(generated, push).Count;
        Assert.True(Regex.IsMatch(naive.Generated(objective), push), $"{objective}: the naive code saves no element of {array}");
        Assert.True(putsBackZeros == Regex.IsMatch(generated, @"\b" + array + @"\[\w+\] = 0\.0;"), $"{objective}: the reverse sweep puts back 0 into {array}: expected {putsBackZeros}");
        if (stillSaved is null)
        {
            Assert.Equal(0, saves);
        }
        else
        {
            // Only the later overwrites save (in the gradient, the pullback and the HVP: the members that have a reverse sweep).
            Assert.True(saves > 0, $"{objective}: the overwrite of {stillSaved} saves nothing");
            Assert.True(saves < Regex.Matches(naive.Generated(objective), push).Count, $"{objective}: the first writes of {array} still save");
        }

        foreach (int n in new[] { 4, 8, 12, 21 })
        {
            double[] p = Point(n, n), v = Point(n + 5, n);
            var expected = naive.Results(objective, p, v);
            var actual = optimised.Results(objective, p, v);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.True(expected[i].Equals(actual[i]), $"{objective}, n = {n}, result {i}: {actual[i]:R}, {expected[i]:R} with every element saved");
            }

            optimised.AssertGradientMatchesFiniteDifferences(objective, Point(n + 9, n));
        }
    }

    /// <summary>
    /// Writes that may overwrite something other than the fresh array's zero keep saving what they overwrite: in the
    /// loop's body (<paramref name="body"/>), or after a write before the loop (<paramref name="before"/>).
    /// </summary>
    [Theory]
    [InlineData("", "a[i] = x[i]; a[i] = a[i] * x[i];", "written twice in an iteration")]
    [InlineData("", "if (x[i] > 0) { a[i] = x[i] * x[i]; }", "under an if")]
    [InlineData("", "a[i / 2] = a[i / 2] + x[i] * x[i];", "another index than the counter")]
    [InlineData("", "a[i] = x[i] * x[i]; i = i + 0;", "a counter the body assigns")]
    [InlineData("a[0] = x[0] * x[0];", "a[i] = a[i] * Math.Sin(x[i]) + x[i];", "written before the loop")]
    public void Writes_that_may_overwrite_a_value_still_save_it(string before, string body, string shape)
    {
        string source = """
            using System;
            using AutoDiff;

            public static partial class Fresh
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double[] a = new double[x.Length];
                    BEFORE
                    for (int i = 0; i < x.Length; i++)
                    {
                        BODY
                    }

                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        s += Math.Sin(a[i]) * x[i];
                    }

                    return s;
                }

                public static double FValue(double[] p) => F(p);
                public static double FGrad(double[] p, double[] g) => FGradient(p, g);
            }
            """.Replace("BEFORE", before, StringComparison.Ordinal).Replace("BODY", body, StringComparison.Ordinal);
        using var compiled = CompiledObjectives.Of(source, "Fresh", disabledOptimizations: null);
        Assert.True(compiled.Generated("F").Contains("tape.Push(a[", StringComparison.Ordinal), $"{shape}: the write saves nothing");
        compiled.AssertGradientMatchesFiniteDifferences("F", Point(3, 9));
    }
}
