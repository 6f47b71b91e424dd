using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// A corpus of code the generator refuses, much of it spanning several lines: every message is one line, names the
/// construct as a C# user would, says the fix, uses no compiler-internal name, and has the ID README's table gives
/// the construct. (When a construct here becomes supported, move it out of the corpus.)
/// </summary>
public class MessageQualityTests
{
    /// <summary>ID, how the message names the construct, the fix it suggests, the body of <c>F(double x, ReadOnlySpan&lt;double&gt; v, double[] a)</c>.</summary>
    public static TheoryData<string, string, string, string> Corpus => new()
    {
        {
            "ADG0004", "'break'", "if/else", """
            double s = 0;
            switch ((int)x)
            {
                case 0:
                    if (x > 0)
                    {
                        break;
                    }

                    s = x;
                    break;
            }

            return s;
            """
        },
        {
            "ADG0005", "throw", "give the arm a value", """
            return (int)x switch
            {
                0 => x,
                _ => throw new ArgumentOutOfRangeException(
                    nameof(x)),
            };
            """
        },
        {
            "ADG0025", "Local function 'Scaled' captures 'y'", "make it 'static' and pass 'y' as a parameter", """
            double y = 2 * x;
            double Scaled(double t)
            {
                return t * y;
            }

            return Scaled(x);
            """
        },
        {
            "ADG0026", "Local function 'Raise' calls itself", "write the recursion as a loop", """
            static double Raise(double t, int n)
            {
                return n == 0
                    ? 1
                    : t * Raise(t, n - 1);
            }

            return Raise(x, 3);
            """
        },
        {
            "ADG0006", "call of local function 'Next'", "compute other results inline", """
            static int Next(int i)
            {
                return i + 1;
            }

            return v[Next(0)];
            """
        },
        {
            "ADG0027", "lambda assigned to local 'scaled'", "it captures 'y'); write a static local function or a method", """
            double y = 2 * x;
            Func<double, double> scaled = t =>
            {
                return t * y;
            };
            return scaled(x);
            """
        },
        {
            "ADG0027", "lambda assigned to local 'square'", "'square' is used other than called", """
            Func<double, double> square = t =>
            {
                return t * t;
            };
            Func<double, double> other = square;
            return square(x);
            """
        },
        {
            "ADG0006", "call of delegate 'root'", "write a static local function or a method", """
            Func<double, double> root = Math.Sqrt;
            return root(x);
            """
        },
        {
            "ADG0006", "LINQ call 'Sum'", "write a for loop", """
            return a.Sum(t =>
                t * t);
            """
        },
        {
            "ADG0005", "LINQ query", "write a for loop", """
            return (from t in a
                    where t > 0
                    select t * t).Sum();
            """
        },
        {
            "ADG0004", "'try' statement", "move it to the caller", """
            try
            {
                return x * x;
            }
            catch (Exception)
            {
                return 0;
            }
            """
        },
        {
            "ADG0004", "'goto' statement", "use loops with break and continue", """
            double s = x;
            again:
            s = s * 0.5;
            if (s > 1) goto again;
            return s;
            """
        },
        {
            "ADG0004", "'lock' statement", "move it to the caller", """
            lock (a)
            {
                return x * a[0];
            }
            """
        },
        {
            "ADG0005", "operator '*' on 'float' values", "compute with double values", """
            float f = 2f;
            double g = f * f;
            return g * x;
            """
        },
        {
            "ADG0005", "conversion from 'double' to 'float'", "compute with double values", """
            return (float)x;
            """
        },
        {
            "ADG0005", "operator '^' on 'int' values", "use + - * / %", """
            int n = (int)x;
            int m = n ^ 3;
            return m * x;
            """
        },
        {
            "ADG0006", "call to 'Helpers.Cube'", "mark it [Differentiable]", """
            return Helpers.Cube(
                x);
            """
        },
        {
            "ADG0005", "slice 'Slice(...)'", "pass a slice only as an argument", """
            double first = v.Slice(
                1)[0];
            return first;
            """
        },
        {
            "ADG0005", "range slice '[a..b]'", "pass a slice only as an argument", """
            return v[1..][0];
            """
        },
        {
            "ADG0005", "slice 'Slice(...)'", "slice a parameter, a local array or a field directly", """
            return G(v.Slice(1)
                .Slice(1));
            """
        },
        {
            "ADG0005", "slice 'AsSpan(...)'", "take the parameter as ReadOnlySpan<double>", """
            return H(a.AsSpan(
                1), x);
            """
        },
        {
            "ADG0004", "call to 'Math.Max'", "remove it", """
            Math.Max(
                x, 0);
            return x;
            """
        },
        {
            "ADG0010", "element 'Helpers.Table[0]'", "copy them into a local array", """
            Helpers.Table[0] = x;
            return x;
            """
        },
        {
            "ADG0004", "tuple deconstruction", "one by one", """
            double p, q, r;
            (p, (q,
                r)) = (x, (2 * x, x));
            return p * q * r;
            """
        },
        {
            "ADG0023", "writes into constant data", "change the copy", """
            Helpers.Rows[0][
                1] = x;
            return x;
            """
        },
        {
            "ADG0024", "the local 'rows' of type 'double[][]'", "new double[n, m]", """
            double[][] rows = new double[2][];
            rows[0] = new double[]
            {
                x,
            };
            return x;
            """
        },
        {
            "ADG0024", "the 2-D local array 't' declared in a loop with a size that may change", "its size reads 'i', which the loop changes", """
            double s = 0;
            for (int i = 0; i < v.Length; i++)
            {
                var t = new double[
                    2, i + 2];
                t[0, 0] = v[i];
                s += t[0, 0];
            }

            return s;
            """
        },
        {
            "ADG0004", "local array 'row' declared in a loop with a length that may change", "its length reads 'n', which the loop changes; compute the length before the outermost loop", """
            double s = 0;
            for (int i = 0; i < v.Length; i++)
            {
                int n = i % 3;
                for (int j = 0; j < 2; j++)
                {
                    Span<double> row = stackalloc double[
                        n + 1];
                    row[n] = v[i];
                    s += row[0];
                }
            }

            return s;
            """
        },
        {
            "ADG0024", "the local 'p' of type 'Helpers.Point'", "'data[i].X'", """
            var p = Helpers.Points[
                0];
            return x * p.X;
            """
        },
    };

    /// <summary>Capitalised names of IOperation kinds and operator kinds, which mean nothing to a C# user.</summary>
    private static readonly string[] InternalNames = Enum.GetNames<OperationKind>()
        .Concat(Enum.GetNames<BinaryOperatorKind>())
        .Concat(Enum.GetNames<UnaryOperatorKind>())
        .Where(name => name != "None")
        .ToArray();

    [Theory]
    [MemberData(nameof(Corpus))]
    public void MessageIsOneLineNamesTheConstructAndSaysTheFix(string id, string construct, string fix, string body)
    {
        string source = $$"""
            using System;
            using System.Linq;
            using AutoDiff;

            public static class Helpers
            {
                public readonly record struct Point(double X, double Y);

                public static readonly double[][] Rows = { new[] { 1.0, 2.0 } };
                public static readonly double[] Table = { 1.0 };
                public static readonly Point[] Points = { new(1.0, 2.0) };

                public static double Cube(double t) => t * t * t;
            }

            public static partial class Objectives
            {
                [Differentiable]
                public static double G(ReadOnlySpan<double> w) => w[0] * w[0];

                [Differentiable]
                public static double H([Constant] Span<double> w, double y) => w[0] * y;

                [Differentiable]
                public static double F(double x, ReadOnlySpan<double> v, double[] a)
                {
            {{body}}
                }
            }
            """;

        var output = GeneratorHarness.Run(source);

        Assert.NotEmpty(output.GeneratorDiagnostics);
        foreach (var diagnostic in output.GeneratorDiagnostics)
        {
            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.DoesNotMatch("[\r\n\u0085\u2028\u2029]", message);
            foreach (string name in InternalNames)
            {
                Assert.False(Regex.IsMatch(message, $@"\b{name}\b"), $"'{name}' in: {message}");
            }
        }

        var messages = output.GeneratorDiagnostics.Select(d => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture)).ToList();
        Assert.True(
            output.GeneratorDiagnostics.Any(d => d.Id == id
                && d.GetMessage(CultureInfo.InvariantCulture).Contains(construct, StringComparison.Ordinal)
                && d.GetMessage(CultureInfo.InvariantCulture).Contains(fix, StringComparison.Ordinal)),
            $"expected {id} naming {construct} with the fix '{fix}'; got:\n" + string.Join("\n", messages));
    }
}
