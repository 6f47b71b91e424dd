using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// A piece of random-program text in two renderings. <see cref="Plain"/> is what the generator differentiates;
/// <see cref="Traced"/> is the same computation with every kink, jump and comparison routed through
/// <see cref="KinksSource"/>, so a run can report which side of each it took. The finite-difference check only
/// trusts a stencil on which that record does not change.
/// </summary>
internal readonly record struct Code(string Plain, string Traced)
{
    public static Code Same(string text) => new(text, text);

    /// <summary>Formats both renderings with the same pattern (<c>{0}</c>, <c>{1}</c>, ...).</summary>
    public static Code Of(string format, params Code[] parts) => new(
        string.Format(CultureInfo.InvariantCulture, format, parts.Select(p => (object)p.Plain).ToArray()),
        string.Format(CultureInfo.InvariantCulture, format, parts.Select(p => (object)p.Traced).ToArray()));

    /// <summary>A call of a smooth function: identical in both renderings.</summary>
    public static Code Call(string function, params Code[] arguments) => new(
        function + "(" + string.Join(", ", arguments.Select(a => a.Plain)) + ")",
        function + "(" + string.Join(", ", arguments.Select(a => a.Traced)) + ")");

    /// <summary>A call of a non-smooth function: the traced rendering calls the recording twin in <c>Kinks</c>.</summary>
    public static Code KinkCall(string function, string kink, params Code[] arguments) => new(
        function + "(" + string.Join(", ", arguments.Select(a => a.Plain)) + ")",
        "Kinks." + kink + "(" + string.Join(", ", arguments.Select(a => a.Traced)) + ")");

    /// <summary>A comparison of doubles: an operator in the plain rendering, a recording call in the traced one.</summary>
    public static Code Compare(Code left, string op, Code right)
    {
        string kink = op switch { "<" => "Lt", "<=" => "Le", ">" => "Gt", _ => "Ge" };
        return new($"({left.Plain} {op} {right.Plain})", $"Kinks.{kink}({left.Traced}, {right.Traced})");
    }

    /// <summary>A double literal that always reads as a double (<c>2.0</c>, not <c>2</c>).</summary>
    public static Code Literal(double value) => Same(value.ToString("0.0##", CultureInfo.InvariantCulture));
}

/// <summary>Writes the plain and traced renderings of a method body side by side, indented.</summary>
internal sealed class DualWriter(int indent)
{
    private readonly StringBuilder plain = new();
    private readonly StringBuilder traced = new();
    private int indent = indent;

    public string PlainText => plain.ToString();

    public int PlainLength => plain.Length;

    public string TracedText => traced.ToString();

    public void Line(Code line)
    {
        plain.Append(' ', indent * 4).Append(line.Plain).Append('\n');
        traced.Append(' ', indent * 4).Append(line.Traced).Append('\n');
    }

    public void Open()
    {
        Line(Code.Same("{"));
        indent++;
    }

    public void Close()
    {
        indent--;
        Line(Code.Same("}"));
    }
}

/// <summary>The recording twins of the non-smooth functions and comparisons, compiled once per batch.</summary>
internal static class KinksSource
{
    public const string Text = """
        using System;

        namespace RandomPrograms;

        /// <summary>
        /// Each call records which side of a kink, jump or comparison the computation took into a running hash, so two
        /// runs whose hashes agree took the same path and the function is smooth on the segment between them.
        /// </summary>
        public static class Kinks
        {
            [ThreadStatic] private static long hash;

            public static long Hash => hash;

            public static void Reset() => hash = 17;

            private static void Record(long side) => hash = unchecked(hash * 1_000_003 + side);

            private static double RecordValue(double value)
            {
                Record(BitConverter.DoubleToInt64Bits(value));
                return value;
            }

            public static double Abs(double u) { Record(u >= 0 ? 1 : 2); return Math.Abs(u); }
            public static double Max(double a, double b) { Record(a >= b ? 3 : 4); return Math.Max(a, b); }
            public static double Min(double a, double b) { Record(a <= b ? 5 : 6); return Math.Min(a, b); }
            public static double Clamp(double u, double lo, double hi) { Record(u < lo ? 7 : u > hi ? 8 : 9); return Math.Clamp(u, lo, hi); }
            public static int Sign(double u) { int s = Math.Sign(u); Record(s + 20); return s; }
            public static double Floor(double u) => RecordValue(Math.Floor(u));
            public static double Ceiling(double u) => RecordValue(Math.Ceiling(u));
            public static double Round(double u) => RecordValue(Math.Round(u));
            public static double Round(double u, int digits) => RecordValue(Math.Round(u, digits));
            public static double Truncate(double u) => RecordValue(Math.Truncate(u));

            // Atan2 jumps by 2 pi where y changes sign with x < 0.
            public static double Atan2(double y, double x) { Record(x >= 0 ? 30 : y >= 0 ? 31 : 32); return Math.Atan2(y, x); }

            public static bool Lt(double a, double b) { bool r = a < b; Record(r ? 40 : 41); return r; }
            public static bool Le(double a, double b) { bool r = a <= b; Record(r ? 42 : 43); return r; }
            public static bool Gt(double a, double b) { bool r = a > b; Record(r ? 44 : 45); return r; }
            public static bool Ge(double a, double b) { bool r = a >= b; Record(r ? 46 : 47); return r; }
        }
        """;
}
