using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Properties of the generated code that decide its speed, asserted directly so that a change that loses one fails
/// here rather than only as a changed baseline.
/// </summary>
public class GeneratedShapeTests
{
    private static string PullbackOf(string caseName, string method)
    {
        var output = GeneratorHarness.Run(BaselineCases.All[caseName]);
        Assert.Empty(output.GeneratorDiagnostics);
        string source = string.Join("\n", output.Sources.Values);
        int start = source.IndexOf($" {method}Pullback(", StringComparison.Ordinal);
        int end = source.IndexOf($" {method}DirectionalDerivative(", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{method}Pullback not found");
        return source[start..end];
    }

    [Fact]
    public void Sum_over_a_counting_loop_is_fused_and_uses_no_tape()
    {
        string pullback = PullbackOf("ForLoop", "ExtendedRosenbrock");

        Assert.Contains("each iteration followed by its own reverse", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("tape", pullback, StringComparison.Ordinal);
    }

    [Fact]
    public void Counting_loop_indices_are_never_saved()
    {
        string pullback = PullbackOf("NestedLoops", "DenseLoss");

        Assert.DoesNotContain("Push(r)", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("Push(c)", pullback, StringComparison.Ordinal);
        Assert.Contains("each iteration followed by its own reverse", pullback, StringComparison.Ordinal);
    }

    [Fact]
    public void Trip_counts_of_loops_with_stable_bounds_are_recomputed_not_taped()
    {
        // Inner loops from 0 to the outer index by 2 and from the outer index down to a local assigned once: their
        // starts and counts are recomputed in the reverse sweep, so only doubles go on the tape.
        string recomputed = PullbackOf("RecomputedTripCounts", "TriangularProduct");
        Assert.Contains("PopDouble", recomputed, StringComparison.Ordinal);
        Assert.DoesNotContain("PopInt", recomputed, StringComparison.Ordinal);
        Assert.DoesNotContain("Push(count", recomputed, StringComparison.Ordinal);

        // A break may end the inner loop early: its trip count is recorded.
        string recorded = PullbackOf("RecomputedTripCounts", "UntilNegative");
        Assert.Contains("PopInt", recorded, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_products_and_independent_reverse_loops_are_vector_kernels()
    {
        // z += w[r * x.Length + c] * x[c]: forward, a dot product; reverse, w's adjoint row gets z_bar times x.
        string pullback = PullbackOf("NestedLoops", "DenseLoss");

        Assert.Contains("VectorKernels.Dot(((global::System.ReadOnlySpan<double>)w).Slice(r * x.Length + c, x.Length - c), ((global::System.ReadOnlySpan<double>)x).Slice(c, x.Length - c))", pullback, StringComparison.Ordinal);
        Assert.Contains("VectorKernels.MultiplyAdd(((global::System.ReadOnlySpan<double>)x).Slice(cStart, count), t0_bar, ((global::System.Span<double>)wAdjoint).Slice(r * x.Length + cStart, count))", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("t0 = ", pullback, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gradient_that_a_loop_adds_into_at_shifted_indices_is_written_once_per_element()
    {
        // Extended Rosenbrock adds into g[i] and g[i + 1]: in gather form g[i] is written once, from locals, and the
        // output is not cleared first (only the elements the loop never reaches are, after it).
        var output = GeneratorHarness.Run(BaselineCases.All["ForLoop"]);
        string source = string.Join("\n", output.Sources.Values);
        int start = source.IndexOf(" ExtendedRosenbrockGradient(", StringComparison.Ordinal);
        string gradient = source[start..source.IndexOf(" ExtendedRosenbrockPullback(", start, StringComparison.Ordinal)];

        Assert.DoesNotContain("gradient.Clear();\n            double", gradient, StringComparison.Ordinal);
        Assert.Contains("gradient[i] = gradientPending0;", gradient, StringComparison.Ordinal);
        Assert.Contains("VectorKernels.ClearOutside(gradient, gradientFirst, i + 1);", gradient, StringComparison.Ordinal);
        Assert.DoesNotContain("gradient[i + 1] +=", gradient, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_that_fills_a_scratch_array_before_reading_it_is_fused()
    {
        // t[0] and t[1] are written at constant indices before every read in each iteration: nothing crosses from one
        // iteration to the next, so the loop is fused and its saves are locals, not the tape.
        const string source = """
            using System;
            using AutoDiff;

            public static partial class Scratch
            {
                [Differentiable]
                public static double Terms(ReadOnlySpan<double> x)
                {
                    Span<double> t = stackalloc double[2];
                    double sum = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        t[0] = 1 - x[i];
                        t[1] = x[i + 1] - x[i] * x[i];
                        sum += t[0] * t[0] + 100 * t[1] * t[1];
                    }

                    return sum;
                }
            }
            """;
        var output = GeneratorHarness.Run(source);
        Assert.Empty(output.GeneratorDiagnostics);
        string generated = string.Join("\n", output.Sources.Values);
        int start = generated.IndexOf(" TermsPullback(", StringComparison.Ordinal);
        string pullback = generated[start..generated.IndexOf(" TermsDirectionalDerivative(", start, StringComparison.Ordinal)];

        Assert.Contains("each iteration followed by its own reverse", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("Push(", pullback, StringComparison.Ordinal);
    }

    [Fact]
    public void With_vectorization_off_every_loop_stays_scalar()
    {
        var compilation = GeneratorHarness.CreateCompilation(BaselineCases.All["NestedLoops"]);
        GeneratorHarness.CreateDriver(new Dictionary<string, string> { ["build_property.AutoDiffDisabledOptimizations"] = "Vectorization" })
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        string generated = string.Join("\n", output.SyntaxTrees.Skip(1).Select(tree => tree.ToString()));

        Assert.Contains("DenseLossPullback", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("VectorKernels", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fused_iteration_keeps_its_records_in_locals()
    {
        // The loop over rows is fused; the trip count of the inner loop over columns and the residual e are needed by
        // the iteration's own reverse only, right after it: locals, not the tape.
        string pullback = PullbackOf("NestedLoops", "DenseLoss");

        Assert.DoesNotContain("tape", pullback, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_sum_is_not_saved_inside_its_loop()
    {
        string pullback = PullbackOf("Calls", "Norm");

        // s += Square(e) in a foreach: the sum is read only after the loop, so its partial values are never saved.
        Assert.DoesNotContain("Push(s)", pullback, StringComparison.Ordinal);
    }

    private static string HessianVectorProductOf(string caseName, string method)
    {
        var output = GeneratorHarness.Run(BaselineCases.All[caseName]);
        Assert.Empty(output.GeneratorDiagnostics);
        string source = string.Join("\n", output.Sources.Values);
        int start = source.IndexOf($" {method}HessianVectorProduct(", StringComparison.Ordinal);
        int end = source.IndexOf("[global::System.CodeDom.Compiler.GeneratedCode", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{method}HessianVectorProduct not found");
        return source[start..end];
    }

    [Theory]
    [InlineData("Rosenbrock", "Rosenbrock")]
    [InlineData("ForLoop", "ExtendedRosenbrock")]
    public void A_Hessian_vector_product_computes_no_gradient_and_clears_its_output_once(string caseName, string method)
    {
        string hvp = HessianVectorProductOf(caseName, method);

        // The gradient the forward sweep differentiates is never returned: no scratch for it, no writes into it.
        Assert.DoesNotContain("AllocateZeroed", hvp, StringComparison.Ordinal);
        Assert.DoesNotContain("gradient", hvp, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(hvp, @"\bhv\.Clear\(\)"));

        // u * u has the tangent 2 u du, not du u + u du.
        Assert.DoesNotContain("v[0] * x[0] + x[0] * v[0]", hvp, StringComparison.Ordinal);
    }

    [Fact]
    public void Loops_that_share_nothing_with_a_sum_move_in_front_of_it_so_it_is_fused()
    {
        string pullback = PullbackOf("FusionOrder", "PointsThenWeights");

        int fused = pullback.IndexOf("each iteration followed by its own reverse", StringComparison.Ordinal);
        Assert.True(fused > 0, "the loop over points is not fused");
        int max = pullback.IndexOf("Math.Max(largest", StringComparison.Ordinal);
        Assert.True(max > 0 && max < fused, "the maximum's loop did not move in front");
        Assert.True(pullback.IndexOf("// line 12: for (int i = 0", StringComparison.Ordinal) > max, "the loop's own line did not stay with it");
    }

    [Fact]
    public void A_library_call_in_a_loop_is_saved_not_called_again_and_what_is_computed_from_it_is_recomputed()
    {
        string pullback = PullbackOf("FusionOrder", "ProductOfExponentials");

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(pullback, @"global::System\.Math\.Exp\("));
        Assert.Contains("t0 = tape.PopDouble()", pullback, StringComparison.Ordinal);

        // t1 = t0 + x[i] is recomputed from the restored t0 at the start of each reverse iteration, not saved as well.
        Assert.DoesNotContain("Push(t1)", pullback, StringComparison.Ordinal);
        Assert.Contains("t1 = t0 + x[i];", pullback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SumThenLoopThatReadsIt", "scaled = scaled + ")]
    [InlineData("SumThenLoopThatThrows", "total = total + ")]
    public void A_loop_that_reads_the_sum_or_may_throw_does_not_move_in_front_of_it(string method, string secondLoopSum)
    {
        string pullback = PullbackOf("FusionOrder", method);

        // The loops run forward in the order written; the sum's loop is not fused (the second one may be: it is last).
        int first = pullback.IndexOf("sum = sum + ", StringComparison.Ordinal);
        int second = pullback.IndexOf(secondLoopSum, StringComparison.Ordinal);
        int fused = pullback.IndexOf("each iteration followed by its own reverse", StringComparison.Ordinal);
        Assert.True(first > 0 && first < second, "the loops are not in the order written");
        Assert.True(fused < 0 || first < fused, "the sum's loop is fused");
    }

    [Fact]
    public void An_accumulation_at_one_offset_into_an_output_that_is_not_cleared_stays_as_written()
    {
        // The pullback adds z_bar into bAdjoint[r] once per iteration: gather form would only route it through a local and
        // leave an empty if after the loop.
        string pullback = PullbackOf("NestedLoops", "DenseLoss");

        Assert.Contains("bAdjoint[r] += z_bar;", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("bAdjointPending0", pullback, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\{\s*\}", pullback);
    }
}
