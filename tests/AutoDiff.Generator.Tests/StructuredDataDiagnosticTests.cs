using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Structured constant data: what is read as data (no gradient outputs for it), and what the parser refuses: writes
/// into constant data (ADG0023) and local structured data it cannot differentiate (ADG0024), each one diagnostic at
/// the construct, on one line, with the fix. The supported forms are in the StructuredData and LocalMatrix baselines.
/// </summary>
public class StructuredDataDiagnosticTests
{
    private const string Types = """
            public struct Point
            {
                public double X;
                public double Y;
            }

        """;

    [Theory]
    [InlineData("ADG0023", "change the copy", """
        public static double F(ReadOnlySpan<double> p, double[][] xs)
        {
            [|xs[0][1]|] = p[0];
            return p[0];
        }
        """)]
    [InlineData("ADG0023", "change the copy", """
        public static double F(ReadOnlySpan<double> p, double[][] xs)
        {
            [|xs[1]|] = new double[2];
            return p[0];
        }
        """)]
    [InlineData("ADG0023", "change the copy", """
        public static double F(ReadOnlySpan<double> p, double[,] a)
        {
            [|a[0, 1]|] += p[0];
            return p[0] * a[0, 1];
        }
        """)]
    [InlineData("ADG0023", "change the copy", """
        public static double F(ReadOnlySpan<double> p, Point[] data)
        {
            [|data[0].X|] = p[0];
            return p[0] * data[0].X;
        }
        """)]
    [InlineData("ADG0023", "change the copy", """
        public static double F(ReadOnlySpan<double> p, Span<int> counts)
        {
            [|counts[0]|]++;
            return p[0] * counts[0];
        }
        """)]
    [InlineData("ADG0023", "change the copy", """
        public static double F(ReadOnlySpan<double> p, Point[] data)
        {
            foreach (var o in data)
            {
                return p[0] * o.X;
            }

            return [|data[0].Y|] = 1;
        }
        """)]
    [InlineData("ADG0024", "new double[n, m]", """
        public static double F(ReadOnlySpan<double> p)
        {
            double[][] [|rows = new double[2][]|];
            return p[0];
        }
        """)]
    [InlineData("ADG0024", "'data[i].X'", """
        public static double F(ReadOnlySpan<double> p, Point[] data)
        {
            var [|o = data[0]|];
            return p[0] * o.X;
        }
        """)]
    [InlineData("ADG0024", "read 'f' itself instead of a local that names it", """
        public static double F(ReadOnlySpan<double> p, float[] f)
        {
            float[] [|g = f|];
            return p[0] * g[0];
        }
        """)]
    [InlineData("ADG0024", "copy the values you need into a double[] local", """
        public static double F(ReadOnlySpan<double> p, float[] f)
        {
            var [|g = new float[2]|];
            g[0] = f[1];
            return p[0] * g[0];
        }
        """)]
    [InlineData("ADG0024", "its size reads 'i', which the loop changes; compute the size before the outermost loop", """
        public static double F(ReadOnlySpan<double> p)
        {
            double s = 0;
            for (int i = 0; i < p.Length; i++)
            {
                var [|t = new double[2, i + 1]|];
                t[0, 0] = p[i];
                s += t[0, 0];
            }

            return s;
        }
        """)]
    [InlineData("ADG0024", "create it where it is declared", """
        public static double F(ReadOnlySpan<double> p, double[,] a)
        {
            double[,] [|t = a|];
            return p[0] * t[0, 0];
        }
        """)]
    [InlineData("ADG0024", "overwrite its elements", """
        public static double F(ReadOnlySpan<double> p)
        {
            var t = new double[2, 2];
            [|t|] = new double[3, 3];
            t[0, 0] = p[0];
            return t[0, 0];
        }
        """)]
    [InlineData("ADG0024", "copy it into a double[] indexed", """
        public static double F(ReadOnlySpan<double> p)
        {
            var t = new double[2, 2];
            t[0, 0] = p[0];
            return G(p[0], [|t|]);
        }

        [Differentiable]
        public static double G(double x, double[,] t) => x * t[0, 0];
        """)]
    [InlineData("ADG0024", "the constant 0 or 1", """
        public static double F(ReadOnlySpan<double> p, int d)
        {
            var t = new double[2, 2];
            t[0, 0] = p[0];
            return t[0, 0] * [|t.GetLength(d)|];
        }
        """)]
    [InlineData("ADG0024", "loop over the indices with for", """
        public static double F(ReadOnlySpan<double> p, double[,] a)
        {
            double s = 0;
            [|foreach (double v in a)
            {
                s += v * p[0];
            }|]

            return s;
        }
        """)]
    [InlineData("ADG0024", "compute the index into a local first", """
        public static double F(ReadOnlySpan<double> p, double[][] xs)
        {
            int k = 0;
            return G(p, [|xs[k]|], p[k++]);
        }

        [Differentiable]
        public static double G(ReadOnlySpan<double> w, ReadOnlySpan<double> row, double scale) => scale * w[0] * row[0];
        """)]
    public void RefusesAtTheConstruct_OnOneLine_WithTheFix(string id, string fix, string method)
    {
        string marked = "using System;\nusing AutoDiff;\n\npublic static partial class Objectives\n{\n" + Types + "    [Differentiable]\n" + method + "\n}\n";
        int start = marked.IndexOf("[|", System.StringComparison.Ordinal);
        int end = marked.IndexOf("|]", System.StringComparison.Ordinal);
        string source = marked.Remove(end, 2).Remove(start, 2);

        var output = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(TextSpan.FromBounds(start, end - 2), diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain('\n', message);
        Assert.Contains(fix, message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void StructuredDataParametersGetNoGradientOutputs()
    {
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;

            public readonly record struct Observation(double X, double Y);

            public static partial class Objectives
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> p, double[][] xs, double[,] a, Observation[] data, ReadOnlySpan<Observation> more, float[] f, int[] k)
                    => p[0] * xs[0][0] + a[0, 0] + data[0].X * more[0].Y + f[0] + k[0];
            }
            """);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var gradient = output.Compilation.GetTypeByMetadataName("Objectives")!.GetMembers("FGradient").OfType<IMethodSymbol>().Single();
        Assert.Equal(
            new[] { "p", "xs", "a", "data", "more", "f", "k", "gradient" },
            gradient.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void WrtNamingStructuredDataIsADG0021()
    {
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable(Wrt = ["p", "xs"])]
                public static double F(ReadOnlySpan<double> p, double[][] xs) => p[0] * xs[0][0];
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("ADG0021", diagnostic.Id);
        Assert.Contains("which is data", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }
}

/// <summary>The random programs' <see cref="RandomPrograms.Construct.StructuredData"/> construct writes each of its shapes.</summary>
public class StructuredDataRandomProgramTests
{
    [Fact]
    public void TheConstructReadsEveryKindOfDataAndFillsLocal2DArrays()
    {
        var generator = new RandomPrograms.RandomProgramGenerator(20261124, RandomPrograms.RandomProgramTests.DefaultEnabled);
        string sources = string.Concat(Enumerable.Range(0, 60).Select(i => generator.Generate(i, RandomPrograms.Construct.StructuredData).Source));

        foreach (string shape in new[] { "Rows[", "Grid[", "(double)Floats[", "(Ints[", "Points[", ".GetLength(1)" })
        {
            Assert.Contains(shape, sources, System.StringComparison.Ordinal);
        }

        Assert.Matches(@"double\[,\] m\d* = new double\[\d, \d\];", sources);
    }
}
