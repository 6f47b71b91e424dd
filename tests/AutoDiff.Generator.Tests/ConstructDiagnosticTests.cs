using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// What the parser refuses among assignments used as values, switches, tuples and integer constants: one diagnostic at the construct,
/// on one line, naming it and the fix. The supported forms are in the ValueAssignments, Switches and Tuples baselines.
/// </summary>
public class ConstructDiagnosticTests
{
    [Theory]
    [InlineData("ADG0005", "throws", """
        public static double F(double x, int k) => k switch
        {
            0 => x,
            [|_ => throw new System.ArgumentOutOfRangeException(nameof(k))|],
        };
        """)]
    [InlineData("ADG0005", "discard arm", """
        public static double F(double x) => [|x switch { < 0 => -x, >= 0 => x }|];
        """)]
    [InlineData("ADG0006", "mark it [Differentiable]", """
        public static double F(double x)
        {
            double y = x * x;
            return [|Scale(y)|] + 1;
        }

        private static double Scale(double t) => 2 * t;
        """)]
    [InlineData("ADG0006", "ReadOnlySpan<T> or IEnumerable<T>", """
        public static double F(double[] x) => x[0] * Count([|x|]);

        private static int Count(double[] values) => values.Length;
        """)]
    [InlineData("ADG0006", "write a for loop", """
        public static double F(double[] x) => [|System.Linq.Enumerable.Sum(x, t => t * t)|];
        """)]
    [InlineData("ADG0006", "only the number and bool results", """
        public static double F(double x, int k) => [|Name(k)|].Length * x;

        private static string Name(int k) => k.ToString();
        """)]
    [InlineData("ADG0005", "one expression", """
        public static double F(double x, [Constant] double[] data) => x * System.Linq.Enumerable.Sum(data, [|t =>
        {
            double u = t * t;
            return u;
        }|]);
        """)]
    [InlineData("ADG0004", "if/else", """
        public static double F(double x, int k)
        {
            double s = 0;
            switch (k)
            {
                case 0:
                    if (x > 0)
                    {
                        [|break;|]
                    }

                    s = x;
                    break;
            }

            return s;
        }
        """)]
    [InlineData("ADG0004", "plain condition", """
        public static double F(double x, int n)
        {
            double s = 0;
            do
            {
                s += x;
                if (s > 3)
                {
                    continue;
                }

                s *= x;
            }
            while ([|n-- > 0|]);

            return s;
        }
        """)]
    [InlineData("ADG0004", "one by one", """
        public static double F(double x)
        {
            double a, b, c;
            [|(a, (b, c)) = (x, (x, x))|];
            return a * b * c;
        }
        """)]
    [InlineData("ADG0004", "one by one", """
        public static double F(double x)
        {
            [|var (a, b) = Pair(x)|];
            return a * b;
        }

        private static (double, double) Pair(double x) => (x, 2 * x);
        """)]
    [InlineData("ADG0004", "its length reads 'i', which the loop changes", """
        public static double F(System.ReadOnlySpan<double> x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double[] [|prefix = new double[i + 1]|];
                prefix[i] = x[i];
                s += prefix[i] * prefix[0];
            }

            return s;
        }
        """)]
    [InlineData("ADG0004", "its length reads 'm', which the loop changes", """
        public static double F(System.ReadOnlySpan<double> x, int n)
        {
            double s = 0;
            int m = n;
            while (m > 1)
            {
                Span<double> [|t = stackalloc double[m]|];
                t[0] = x[0];
                s += t[0];
                m--;
            }

            return s;
        }
        """)]
    [InlineData("ADG0004", "its length reads 'counts', which the loop changes", """
        public static double F(System.ReadOnlySpan<double> x)
        {
            double s = 0;
            double[] counts = new double[2];
            for (int i = 0; i < x.Length; i++)
            {
                counts[0] += 1;
                double[] [|t = new double[(int)counts[0]]|];
                t[0] = x[i];
                s += t[0];
            }

            return s;
        }
        """)]
    [InlineData("ADG0004", "its length reads 'k', which the loop changes", """
        public static double F(System.ReadOnlySpan<double> x, int n)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                int k = n;
                k += i % 2;
                double[] [|t = new double[k]|];
                t[0] = x[i];
                s += t[0];
            }

            return s;
        }
        """)]
    [InlineData("ADG0005", "compute the value from smaller constants", """
        public static double F(double x)
        {
            ulong w = [|ulong.MaxValue|];
            return x * (w % 3);
        }
        """)]
    [InlineData("ADG0005", "pass an enum parameter or a member of the enum", """
        public static double F(double x, Mode mode)
        {
            Mode local = x > 0 ? mode : Mode.Slow;
            return x * Scale([|local|]);
        }

        public enum Mode { Slow, Fast }

        private static double Scale(Mode mode) => mode == Mode.Fast ? 2 : 3;
        """)]
    [InlineData("ADG0005", "pass an enum parameter or a member of the enum", """
        public static double F(double x, Mode mode) => G(x, [|x > 0 ? mode : Mode.Slow|]);

        public enum Mode { Slow, Fast }

        [Differentiable]
        public static double G(double x, Mode mode) => mode == Mode.Fast ? 2 * x : 3 * x;
        """)]
    [InlineData("ADG0006", "'Bump' changes 'Objectives.Scale', which this method", """
        public static double F(double x)
        {
            double y = Scale * x * x;
            int b = [|Bump()|];
            return y + (Scale * x) + b;
        }

        public static double Scale = 1;

        private static int Bump()
        {
            Scale *= 2;
            return 0;
        }
        """)]
    [InlineData("ADG0006", "'Count' changes 'Objectives.Weights' (in 'Fill')", """
        public static double F(double x) => (Weights[0] * x) + [|Count(3)|];

        public static double[] Weights = [1.0, 2.0];

        private static int Count(int n)
        {
            Fill(n);
            return n;
        }

        private static void Fill(int n) => Weights[0] = n;
        """)]
    [InlineData("ADG0006", "'Reset' changes 'Objectives.Gain'", """
        public static double F(double x)
        {
            double y = G(x);
            bool reset = [|Reset()|];
            return reset ? y : 2 * y;
        }

        public static double Gain { get; set; } = 1;

        [Differentiable]
        public static double G(double x) => Gain * x * x;

        private static bool Reset()
        {
            Gain = 0;
            return true;
        }
        """)]
    [InlineData("ADG0006", "'Tune' changes 'Settings.Rate'", """
        public static double F(double x, [Constant] Settings settings) => (settings.Rate * x * x) + [|Tune(settings)|];

        public sealed class Settings
        {
            public double Rate = 1;
        }

        private static int Tune(Settings settings)
        {
            settings.Rate++;
            return 1;
        }
        """)]
    public void RefusesAtTheConstruct_OnOneLine_WithTheFix(string id, string fix, string method)
    {
        string marked = "using System;\nusing AutoDiff;\n\npublic static partial class Objectives\n{\n    [Differentiable]\n" + method + "\n}\n";
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

    /// <summary>
    /// Lengths that are the same in every iteration of the outermost loop are accepted: parameters, constants, lengths
    /// of arrays (a local array's, even one the loop writes), locals declared before the loop and not assigned in it,
    /// and locals declared in the loop, assigned only there, from such values (a for loop's extra declarator too).
    /// </summary>
    [Fact]
    public void AcceptsLocalArraysInLoops_WhoseLengthDoesNotChange()
    {
        string source = """
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, int n)
                {
                    double s = 0;
                    double[] outer = new double[3];
                    int before = n + 2;
                    for (int i = 0, width = x.Length / 2 + 1; i < x.Length; i++)
                    {
                        int half = before - 1;
                        int third = half * half;
                        outer[i % 3] = x[i];
                        double[] a = new double[n + 1];
                        Span<double> b = stackalloc double[outer.Length + x.Length];
                        double[] c = new double[third + width];
                        double[] d = new double[] { x[i], 2 * x[i] };
                        foreach (double e in x)
                        {
                            Span<double> f = stackalloc double[a.Length + b.Length];
                            f[0] = e;
                            s += f[0];
                        }

                        a[0] = x[i];
                        b[0] = a[0];
                        c[0] = b[0];
                        s += c[0] * d[1] + outer[0];
                    }

                    return s;
                }
            }
            """;

        var output = GeneratorHarness.Run(source);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
    }

    /// <summary>
    /// A call that is not differentiated may change fields and properties the method and its differentiable callees do
    /// not read (a call counter, also changed when a differentiable callee runs the same call), build objects (a
    /// constructor setting its own fields, an object initialiser) and read the members the method reads; it is refused
    /// only when it changes one of them.
    /// </summary>
    [Fact]
    public void AcceptsCallsThatChangeNothingTheDerivativeReads()
    {
        const string source = """
            using AutoDiff;

            public static partial class Objectives
            {
                public static int Calls;
                public static double Scale = 2;

                [Differentiable]
                public static double F(double x, [Constant] Box box) => (Scale * x * x) + G(x) + Count(box) + (box.Value * x);

                // G runs Count too, which changes Calls: its derivative does not read what Count reads or writes.
                [Differentiable]
                public static double G(double x) => (box2.Value * x) + Count(box2);

                private static readonly Box box2 = new(3);

                private static int Count(Box box)
                {
                    Calls++;
                    var copy = new Box(box.Value) { Value = box.Value + Scale };
                    return (int)copy.Value;
                }
            }

            public sealed class Box
            {
                public double Value;

                public Box(double value)
                {
                    Value = value;
                }
            }
            """;

        var output = GeneratorHarness.Run(source);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
    }
}
