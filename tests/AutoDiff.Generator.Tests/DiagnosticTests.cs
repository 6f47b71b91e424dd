using System;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Every diagnostic ID is triggered here, and its exact span asserted: the source marks the expected span with
/// <c>[|</c> and <c>|]</c>. A method with an error generates nothing, so the user never gets code that does not compile.
/// </summary>
public class DiagnosticTests
{
    [Theory]
    [InlineData("ADG0001", """
        public static class [|Objectives|]
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """)]
    [InlineData("ADG0001", """
        public class [|Outer|]
        {
            public static partial class Inner
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
        }
        """)]
    [InlineData("ADG0002", """
        public static partial class Objectives
        {
            [Differentiable]
            public static [|float|] F(float x) => x * x;
        }
        """)]
    [InlineData("ADG0003", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F([|ref double x|]) => x * x;
        }
        """)]
    [InlineData("ADG0003", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F([|Span<double> x|]) => x[0] * x[0];
        }
        """)]
    [InlineData("ADG0002", """
        public static partial class Objectives
        {
            [Differentiable]
            public static [|void|] F(ReadOnlySpan<double> x, [Constant] Span<double> scratch) => scratch[0] = x[0];
        }
        """)]
    [InlineData("ADG0002", """
        public static partial class Objectives
        {
            // A double[] it only reads: not in place, so no output at all.
            [Differentiable]
            public static [|void|] F(double[] x) => Console.WriteLine(x[0]);
        }
        """)]
    [InlineData("ADG0003", """
        public static partial class Objectives
        {
            [Differentiable]
            public static void F(ReadOnlySpan<double> x, Span<double> r, [|Span<double> s|]) => r[0] = x[0];
        }
        """)]
    [InlineData("ADG0010", """
        public static partial class Objectives
        {
            [Differentiable]
            public static void F(ReadOnlySpan<double> x, Span<double> r)
            {
                r[0] = x[0];
                [|r|] = default;
            }
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                [|Math.Max(x, 0)|];
                return x;
            }
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                string [|s = "no"|];
                return x;
            }
        }
        """)]
    [InlineData("ADG0005", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x) => [|x is > 0 and < 1|] ? x : -x;
        }
        """)]
    [InlineData("ADG0005", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double Sum(ReadOnlySpan<double> v) => v[0] + v[1];

            [Differentiable]
            public static double F(ReadOnlySpan<double> x) => [|x[1..]|][0];
        }
        """)]
    [InlineData("ADG0006", """
        public static partial class Objectives
        {
            private static double Helper(double x) => x * x;

            [Differentiable]
            public static double F(double x) => 1 + [|Helper(x)|];
        }
        """)]
    [InlineData("ADG0006", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x) => [|Math.BitIncrement(x)|];
        }
        """)]
    [InlineData("ADG0008", """
        public static partial class Objectives
        {
            [Differentiable]
            public static extern double [|F|](double x);
        }
        """)]
    [InlineData("ADG0009", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F[|<T>|](double x) => x * x;
        }
        """)]
    [InlineData("ADG0010", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double[] x)
            {
                [|x|] = new double[1];
                return x[0];
            }
        }
        """)]
    [InlineData("ADG0010", """
        public static partial class Objectives
        {
            private static double s_cache;

            [Differentiable]
            public static double F(double x)
            {
                [|s_cache|] = x;
                return x;
            }
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    double[] [|a = new double[i + 1]|];
                    a[0] = x;
                    s += a[0];
                }

                return s;
            }
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                [|try { x += 1; } finally { }|]
                return x;
            }
        }
        """)]
    [InlineData("ADG0010", """
        public static partial class Objectives
        {
            private static readonly double[] Table = { 1.0 };

            [Differentiable]
            public static double F(double[] x)
            {
                [|Table[0]|] = 1;
                return x[0];
            }
        }
        """)]
    [InlineData("ADG0010", """
        public static partial class Objectives
        {
            [Differentiable]
            public static void Scale(ReadOnlySpan<double> x, Span<double> r) => r[0] = 2 * x[0];

            private static readonly double[] Table = { 1.0 };

            [Differentiable]
            public static double F(double[] x)
            {
                [|Scale(x, Table)|];
                return x[0];
            }
        }
        """)]
    [InlineData("ADG0011", """
        public static partial class Objectives
        {
            public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

            [CustomDerivative(nameof(Softplus))]
            public static double [|SoftplusPullback|](double z, double seed, double zAdjoint) => Softplus(z);
        }
        """)]
    [InlineData("ADG0012", """
        public static partial class Objectives
        {
            [[|CustomDerivative("Missing")|]]
            public static double MissingPullback(double z, double seed, ref double zAdjoint) => z;
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static void Inner(ReadOnlySpan<double> x, Span<double> r)
            {
                r[0] = 1;
                if (x[0] > 0)
                {
                    return;
                }

                r[0] = x[0];
            }

            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                Span<double> r = stackalloc double[1];
                [|Inner(x, r)|];
                return r[0];
            }
        }
        """)]
    [InlineData("ADG0013", """
        public static partial class Objectives
        {
            public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

            [CustomDerivative(nameof(Softplus))]
            public static double SoftplusPullback(double z, double seed, ref double zAdjoint)
            {
                zAdjoint += seed / (1 + Math.Exp(-z));
                return Softplus(z);
            }

            [Differentiable]
            public static double F(double x) => 2 * [|Softplus(x)|];
        }
        """)]
    [InlineData("ADG0013", """
        public static partial class Objectives
        {
            [Differentiable(Derivatives.Gradient)]
            public static double Square(double x) => x * x;

            [Differentiable(Derivatives.HessianVectorProduct)]
            public static double F(double x) => [|Square(x)|] + x;
        }
        """)]
    [InlineData("ADG0015", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double Helper(double a, [Constant] double b) => a * b;

            [Differentiable]
            public static double F(double x) => Helper(x, [|x|]);
        }
        """)]
    [InlineData("ADG0015", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double Weighted(ReadOnlySpan<double> v, [Constant] ReadOnlySpan<double> w) => v[0] * w[0];

            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                double[] scaled = new double[x.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    scaled[i] = 2 * x[i];
                }

                return Weighted(x, [|scaled|]);
            }
        }
        """)]
    [InlineData("ADG0016", """
        public partial class Objectives
        {
            [Differentiable]
            public virtual double [|F|](double x) => x * x;
        }
        """)]
    [InlineData("ADG0016", """
        public abstract partial class Objectives
        {
            [Differentiable]
            public abstract double [|F|](double x);
        }
        """)]
    [InlineData("ADG0017", """
        public static partial class Objectives
        {
            public static double Outer(double x)
            {
                [Differentiable]
                static double [|F|](double y) => y * y;
                return F(x);
            }
        }
        """)]
    [InlineData("ADG0017", """
        public interface IModel
        {
            double F(double x);
        }

        public partial class Objectives : IModel
        {
            [Differentiable]
            double IModel.[|F|](double x) => x * x;
        }
        """)]
    [InlineData("ADG0017", """
        file static partial class Objectives
        {
            [Differentiable]
            public static double [|F|](double x) => x * x;
        }
        """)]
    [InlineData("ADG0018", """
        public static partial class Objectives
        {
            public static double RJacobian(ReadOnlySpan<double> x, Span<double> jacobian) => 0;

            [Differentiable]
            public static void [|R|](ReadOnlySpan<double> x, Span<double> r) => r[0] = x[0];
        }
        """)]
    [InlineData("ADG0013", """
        public static partial class Objectives
        {
            public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

            [CustomDerivative(nameof(Softplus))]
            public static double SoftplusPullback(double z, double seed, ref double zAdjoint)
            {
                zAdjoint += seed / (1 + Math.Exp(-z));
                return Softplus(z);
            }

            [Differentiable]
            public static void R(ReadOnlySpan<double> x, Span<double> r) => r[0] = [|Softplus(x[0])|];
        }
        """)]
    [InlineData("ADG0018", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double [|F|](double x) => x * x;

            public static int FGradient;
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                double[] a = new double[2];
                a[0] = x[0];
                ref double [|r = ref a[0]|];
                r = 3 * r;
                return a[0] * a[0];
            }
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                Span<double> a = stackalloc double[2];
                [|foreach (ref double v in a)
                {
                    v = x[0];
                }|]

                return a[0];
            }
        }
        """)]
    [InlineData("ADG0005", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double Sum(ReadOnlySpan<double> v) => v[0] + v[1];

            [Differentiable]
            public static double F(ReadOnlySpan<double> x) => Sum([|x.Slice(1)|].Slice(1));
        }
        """)]
    [InlineData("ADG0005", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double Scaled([Constant] Span<double> scratch, double y) => scratch[0] * y;

            [Differentiable]
            public static double F(double[] a, double y) => Scaled([|a.AsSpan(1)|], y);
        }
        """)]
    [InlineData("ADG0025", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = 2 * x;
                double Scaled(double t) => t * [|y|];
                return Scaled(x);
            }
        }
        """)]
    [InlineData("ADG0025", """
        public partial class Model
        {
            private readonly double _w = 2;

            [Differentiable]
            public double F(double x)
            {
                double Scaled(double t) => t * [|_w|];
                return Scaled(x) + Scaled(2 * x);
            }
        }
        """)]
    [InlineData("ADG0026", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                static double Power(double t, int n) => n == 0 ? 1 : t * [|Power(t, n - 1)|];
                return Power(x, 3);
            }
        }
        """)]
    [InlineData("ADG0026", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                static double Even(double t, int n) => n == 0 ? t : Odd(t * t, n - 1);
                static double Odd(double t, int n) => n == 0 ? -t : [|Even(t + 1, n - 1)|];
                return Even(x, 3);
            }
        }
        """)]
    [InlineData("ADG0027", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = 2 * x;
                Func<double, double> [|scaled = t => t * y|];
                return scaled(x);
            }
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                static double Logged(double t)
                {
                    [|Math.Max(t, 0)|];
                    return t;
                }

                return Logged(x);
            }
        }
        """)]
    [InlineData("ADG0006", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                static int Next(int i) => i + 1;
                return x[[|Next(0)|]];
            }
        }
        """)]
    [InlineData("ADG0004", """
        public static partial class Objectives
        {
            private static readonly Exception Failure = new InvalidOperationException("negative");

            [Differentiable]
            public static double F(double x)
            {
                if (x < 0)
                {
                    [|throw Failure;|]
                }

                return x;
            }
        }
        """)]
    [InlineData("ADG0005", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                Console.WriteLine("{0} at {1}", x, [|DateTime.Now|]);
                return x;
            }
        }
        """)]
    [InlineData("ADG0005", """
        public enum Mode { Fast, Exact }

        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x, Mode mode)
            {
                Console.WriteLine("{0} in mode {1}", x, [|mode|]);
                return x;
            }
        }
        """)]
    [InlineData("ADG0005", """
        public static partial class Objectives
        {
            [Differentiable]
            public static double F(double x)
            {
                System.Diagnostics.Debug.Assert(x > 0, [|$"x = {x}"|]);
                return x;
            }
        }
        """)]
    [InlineData("ADG0018", """
        public static partial class Objectives
        {
            public static double F_SqPullback(double t) => t;

            [Differentiable]
            public static double F(double x)
            {
                static double [|Sq|](double t) => t * t;
                return Sq(x);
            }
        }
        """)]
    public void ReportsIdAtExactSpan(string id, string markedSource)
    {
        var (source, expectedSpan) = Unmark("using System;\nusing AutoDiff;\n\n" + markedSource);

        var output = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);

        // The analyzer reports it, in the syntax tree (so the IDE can squiggle and fix it); the generator does not repeat it.
        Assert.Same(diagnostic, Assert.Single(output.AnalyzerDiagnostics));
        Assert.True(diagnostic.Location.IsInSource);
        Assert.Empty(output.OwnGeneratorDiagnostics);

        // The method with the error (always F here) gets no generated code; other methods may.
        Assert.DoesNotContain(output.Sources.Keys, hint => hint.Contains(".F_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("public static double [|F|]([Constant] double[] data) => data[0] * data[0];", "every parameter is [Constant]")]
    [InlineData("public static double [|F|]() => 2.0;", "it has no parameters")]
    [InlineData("public static double [|F|](int n, bool flag) => flag ? n : 0;", "every parameter is [Constant]")]
    public void NothingToDifferentiateIsAWarningAndTheMembersAreStillGenerated(string method, string reason)
    {
        var (source, expectedSpan) = Unmark($$"""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable]
                {{method}}
            }
            """);

        var output = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("ADG0020", diagnostic.Id);

        // A warning by default (the harness builds with warnings as errors, as users' CI often does).
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Contains(reason, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(output.Sources.Keys, hint => hint.Contains(".F_", StringComparison.Ordinal));
        Assert.Empty(output.CompilationDiagnostics);
    }

    [Theory]
    [InlineData("Tangent = \"NoSuchMethod\"", "Tangent", "has no method of that name")]
    [InlineData("Tangent = nameof(VectorTangent)", "Tangent", "expected static double VectorTangent(System.ReadOnlySpan<double>, double, ReadOnlySpan<double>, double, out double)")]
    [InlineData("PullbackTangent = nameof(VectorPullbackTangent)", "PullbackTangent",
        "expected static double VectorPullbackTangent(System.ReadOnlySpan<double>, double, ReadOnlySpan<double>, double, double seed, double seedTangent, Span<double>, ref double, Span<double>, ref double)")]
    public void ReportsSecondOrderRuleOfTheWrongShapeAtTheAttribute(string rule, string property, string problem)
    {
        // The tangent takes Span<double> where ReadOnlySpan<double> belongs; the pullback tangent swaps the order of
        // the adjoints and their tangents. Either would otherwise surface as a compile error in generated code.
        var (source, expectedSpan) = Unmark($$"""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                public static double Vector(ReadOnlySpan<double> v, double s) => s * v[0];

                [[|CustomDerivative(nameof(Vector), {{rule}})|]]
                public static double VectorPullback(ReadOnlySpan<double> v, double s, double seed, Span<double> vAdjoint, ref double sAdjoint)
                {
                    vAdjoint[0] += seed * s;
                    sAdjoint += seed * v[0];
                    return s * v[0];
                }

                public static double VectorTangent(ReadOnlySpan<double> v, double s, Span<double> vTangent, double sTangent, out double derivative)
                {
                    derivative = sTangent * v[0] + s * vTangent[0];
                    return s * v[0];
                }

                public static double VectorPullbackTangent(
                    ReadOnlySpan<double> v, double s, ReadOnlySpan<double> vTangent, double sTangent, double seed, double seedTangent,
                    Span<double> vAdjoint, Span<double> vAdjointTangent, ref double sAdjoint, ref double sAdjointTangent) => s * v[0];
            }
            """);

        var output = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("ADG0014", diagnostic.Id);
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"The {property} rule ", message, StringComparison.Ordinal);
        Assert.Contains("for 'Objectives.Vector'", message, StringComparison.Ordinal);
        Assert.EndsWith(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsEveryProblemInOneMethod()
    {
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;
            public static partial class Objectives
            {
                [Differentiable]
                public static double F(double[] x, double y)
                {
                    x = new double[1];
                    Math.Max(y, 0);
                    return y is > 0 ? x[0] : y;
                }
            }
            """);

        Assert.Equal(new[] { "ADG0010", "ADG0004", "ADG0005" }, output.GeneratorDiagnostics.Select(d => d.Id));
    }

    [Fact]
    public void AssigningARefParameterNamesTheRefParameterAndTheFix()
    {
        // A ref integer is written back (Enzyme's rwrloop.c, RefParameterTests); a ref double is not: the message says
        // what the construct is (not "a vector parameter") and what to do instead.
        var output = GeneratorHarness.Run("""
            using AutoDiff;
            public static partial class Objectives
            {
                [Differentiable]
                public static double F(double[] a, ref double n)
                {
                    double sum = a[0] * n;
                    n = 7;
                    return sum;
                }
            }
            """);

        var assignment = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "ADG0010");
        Assert.Equal(
            "Cannot assign to the ref parameter 'n' in a [Differentiable] method: the generated members write back only ref integers (a ref double would need a derivative of its own, an out parameter a value to start from); take it by value (the method may change its copy) and leave writing the caller's variable to the caller",
            assignment.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("n", assignment.Location.SourceTree!.GetText().ToString(assignment.Location.SourceSpan));
    }

    [Fact]
    public void CallOfAnUnmarkedHelperSaysToMarkIt()
    {
        var output = GeneratorHarness.Run("""
            using AutoDiff;
            public static partial class Objectives
            {
                private static double Helper(double x) => x * x;

                [Differentiable]
                public static double F(double x) => Helper(x);
            }
            """);

        string message = Assert.Single(output.GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            "Cannot differentiate the call to 'Objectives.Helper': 'Helper' is not [Differentiable] and its result depends on the differentiable inputs; mark it [Differentiable] so its derivative is generated, or write a pullback for it marked [CustomDerivative]",
            message);
    }

    [Fact]
    public void CallThroughAWrongPullbackIsRefusedAtTheCallToo()
    {
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;
            public static partial class Objectives
            {
                public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

                [CustomDerivative(nameof(Softplus))]
                public static double SoftplusPullback(double z, double seed, double zAdjoint) => Softplus(z);

                [Differentiable]
                public static double F(double x) => Softplus(x);
            }
            """);

        Assert.Equal(new[] { "ADG0006", "ADG0011" }, output.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal));
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void MessageNamesTheConstructAndWhatToDo()
    {
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;
            public static class Objectives
            {
                [Differentiable]
                public static double F(double x) => x;
            }
            """);

        string message = Assert.Single(output.GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            "Type 'Objectives' contains the [Differentiable] method 'F' and must be declared 'partial' so the generated derivatives can be added to it",
            message);
    }

    [Fact]
    public void InternalFailureBecomesADG0007ArgumentsNamingTheMethod()
    {
        // A model the transform has no rule for stands in for a generator bug: the step reports it and emits nothing
        // (the emit step reports ADG0007 at the method's name, which it knows from the method's position).
        var model = new MethodModel(
            Namespace: null,
            ContainingTypes: new[] { new ContainingTypeModel("class", "Objectives") }.ToEquatableArray(),
            Name: "F",
            Accessibility: "public",
            IsStatic: true,
            Parameters: new[] { new ParameterModel("x", "double", ValueKind.Real, ParameterRole.Differentiable, IsArray: false) }.ToEquatableArray(),
            Locals: EquatableArray<DeclareStatement>.Empty,
            Body: new Statement[] { new ReturnStatement(new BinaryExpr(BinaryOperator.Equal, new VariableExpr("x", ValueKind.Real), new VariableExpr("x", ValueKind.Real), ValueKind.Real)) }.ToEquatableArray(),
            ReservedNames: EquatableArray<string>.Empty,
            HintName: "Objectives.F.g.cs",
            Derivatives: DerivativeKinds.Gradient);

        var result = DifferentiableGenerator.Differentiate(model, Transforms.DifferentiationOptions.All, default);

        Assert.Null(result.File);
        Assert.Equal("Objectives.F.g.cs", result.HintName);
        Assert.Equal("F", result.Failure[0]);
        var diagnostic = new DiagnosticInfo(DiagnosticDescriptors.InternalError.Id, new LocationInfo("Objectives.cs", new TextSpan(40, 1), default), result.Failure).ToDiagnostic();
        Assert.Equal("ADG0007", diagnostic.Id);
        Assert.Contains("'F'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void InputDependentArgumentToAConstantParameterIsNotReportedForData()
    {
        // A [Constant] parameter given data (a constant, a data parameter, a local computed from data only) is fine.
        var output = GeneratorHarness.Run("""
            using System;
            using AutoDiff;

            public static partial class Objectives
            {
                [Differentiable]
                public static double Helper(double a, [Constant] double b) => a * b;

                [Differentiable]
                public static double F(double x, [Constant] double scale)
                {
                    double c = 2 * scale;
                    return Helper(x, c) + Helper(x, 3.0) + Helper(x, scale);
                }
            }
            """);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
    }

    [Fact]
    public void CallOfAVirtualDifferentiableMethodIsADG0016AtTheCall()
    {
        var output = GeneratorHarness.Run("""
            using AutoDiff;

            public partial class Model
            {
                [Differentiable]
                public virtual double G(double x) => x * x;

                [Differentiable]
                public double F(double x) => G(x) + x;
            }
            """);
        var ids = output.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "ADG0016", "ADG0016" }, ids);
        string source = output.Compilation.SyntaxTrees.First().ToString();
        Assert.Contains(output.GeneratorDiagnostics, d => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length) == "G(x)");
    }

    [Fact]
    public void ASealedOverrideIsDifferentiated()
    {
        var output = GeneratorHarness.Run("""
            using AutoDiff;

            public class Base
            {
                public virtual double F(double x) => x;
            }

            public sealed partial class Derived : Base
            {
                [Differentiable]
                public sealed override double F(double x) => x * x * x;
            }
            """);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
    }

    [Fact]
    public void CustomDerivativeOnADifferentiableMethodIsADG0019()
    {
        var output = GeneratorHarness.Run("""
            using AutoDiff;

            public static partial class Objectives
            {
                public static double G(double z) => z * z;

                [Differentiable]
                [CustomDerivative(nameof(G))]
                public static double GPullback(double z, double seed, double zAdjoint) => G(z) + seed + zAdjoint;
            }
            """);
        var diagnostic = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "ADG0019");
        string source = output.Compilation.SyntaxTrees.First().ToString();
        Assert.Equal("GPullback", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void EveryDescriptorIsAnErrorWithAStableId_ExceptTheNothingToDifferentiateWarningAndTheDataParameterInfo()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToArray();
        int last = int.Parse(ids[^1][3..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(1, last).Select(i => $"ADG{i:0000}"), ids);
        Assert.All(DiagnosticDescriptors.All, d => Assert.Equal(
            d.Id switch { "ADG0020" => DiagnosticSeverity.Warning, "ADG0022" => DiagnosticSeverity.Info, _ => DiagnosticSeverity.Error },
            d.DefaultSeverity));
    }

    /// <summary>Removes the <c>[|</c> <c>|]</c> markers and returns the span they enclosed.</summary>
    internal static (string Source, TextSpan Span) Unmark(string marked)
    {
        int start = marked.IndexOf("[|", System.StringComparison.Ordinal);
        int end = marked.IndexOf("|]", System.StringComparison.Ordinal);
        string source = marked.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
