using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// What the parser refuses among assignments used as values, switches and tuples: one diagnostic at the construct,
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
}
