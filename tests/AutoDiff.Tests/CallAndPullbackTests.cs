using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The generated pullbacks (seeded, accumulating) and the user pullbacks marked <see cref="CustomDerivativeAttribute"/>:
/// that the generated code really calls them, and follows them even where they differ from the true derivative.
/// </summary>
public sealed class CallAndPullbackTests
{
    [Fact]
    public void Generated_pullback_adds_the_seeded_gradient_to_the_adjoint()
    {
        double[] x = [0.5, -1.0, 2.0, 0.25];
        var gradient = new double[x.Length];
        double value = CallObjectives.SmoothnessPenaltyGradient(x, gradient);
        double[] adjoint = [1.0, -2.0, 3.0, 0.5];
        double[] before = (double[])adjoint.Clone();

        double returned = CallObjectives.SmoothnessPenaltyPullback(x, 2.5, adjoint);

        Assert.Equal(value, returned);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(before[i] + 2.5 * gradient[i], adjoint[i], 14);
        }
    }

    [Fact]
    public void Arrays_spans_and_tables_pass_to_read_only_span_parameters()
    {
        double[] x = [0.7, -1.1, 0.4], w = [1.0, 0.25, 3.0], table = [0.5, 2.0, 1.5];
        double[] v = [1.0, -0.5, 2.0];
        var gradient = new double[3];
        var product = new double[3];

        double f = CallObjectives.ConvertedArrayArgumentsGradient(x, w, gradient);
        CallObjectives.ConvertedArrayArgumentsHessianVectorProduct(x, w, v, product);

        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            expected += w[i] * Math.Pow(x[i], 4) + table[i] * Math.Sin(x[i]) * Math.Sin(x[i]) + 2 * table[i] * x[i] * x[i];
            Assert.Equal(4 * w[i] * Math.Pow(x[i], 3) + table[i] * Math.Sin(2 * x[i]) + 4 * table[i] * x[i], gradient[i], 12);
            Assert.Equal((12 * w[i] * x[i] * x[i] + 2 * table[i] * Math.Cos(2 * x[i]) + 4 * table[i]) * v[i], product[i], 12);
        }

        Assert.Equal(expected, f, 12);
        Assert.Equal(expected, CallObjectives.ConvertedArrayArguments(x, w), 12);
    }

    [Fact]
    public void Scratch_spans_for_a_table_argument_go_back_to_the_tape_after_each_call()
    {
        // 10,000 calls in a loop, each borrowing a 3-double adjoint (and, for the second-order members, a zero tangent)
        // for the table: if the spans were kept until the method returns, the tape's scratch would grow to 30,000+
        // doubles (hundreds of kilobytes) on this thread's first call. A new thread starts with a new, small tape.
        const int repeats = 10_000;
        double[] x = [0.3, -1.2, 2.0], v = [1.0, 0.5, -1.0], table = [0.5, 2.0, 1.5];
        var gradient = new double[3];
        var product = new double[3];
        double derivative = 0;
        long bytes = -1;
        var thread = new System.Threading.Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            CallObjectives.TableInLoopGradient(x, repeats, gradient);
            CallObjectives.TableInLoopHessianVectorProduct(x, repeats, v, product);
            CallObjectives.TableInLoopDirectionalDerivative(x, repeats, v, out derivative);
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();

        double scale = repeats + (0.001 * repeats * (repeats - 1) / 2);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(scale * table[i], gradient[i], 8);
            Assert.Equal(0.0, product[i]);
        }

        Assert.Equal(scale * ((table[0] * v[0]) + (table[1] * v[1]) + (table[2] * v[2])), derivative, 8);
        Assert.InRange(bytes, 0, 64 * 1024);
    }

    [Fact]
    public void Generated_pullback_of_a_scalar_function_adds_to_ref_adjoints()
    {
        double dx = 10, dy = -4;

        double value = CallObjectives.ChainOfHelpersPullback(0.7, -0.4, -2.0, ref dx, ref dy);

        CallObjectives.ChainOfHelpersGradient(0.7, -0.4, out double gx, out double gy);
        Assert.Equal(CallObjectives.ChainOfHelpers(0.7, -0.4), value);
        Assert.Equal(10 - 2.0 * gx, dx, 14);
        Assert.Equal(-4 - 2.0 * gy, dy, 14);
    }

    [Fact]
    public void Straight_through_pullback_is_followed_rather_than_the_true_derivative()
    {
        // f = x round(3x) + x^2. With the declared derivative of round being 1: f' = round(3x) + 3x + 2x.
        // The true derivative (round' = 0) would be round(3x) + 2x.
        foreach (double x in new[] { -1.1, -0.2, 0.4, 0.9, 2.3 })
        {
            double value = CallObjectives.QuantisedProductGradient(x, out double gradient);

            Assert.Equal(x * Math.Round(3 * x) + x * x, value);
            Assert.Equal(Math.Round(3 * x) + 3 * x + 2 * x, gradient, 14);
        }
    }

    [Fact]
    public void Softplus_gradient_runs_the_custom_pullback_once_per_call_site_evaluation()
    {
        double[] x = [-800.0, 800.0, 0.0, 3.0];
        var gradient = new double[x.Length];
        int callsBefore = CallObjectives.SoftplusPullbackCalls;

        double value = CallObjectives.WeightedSoftplusSumGradient(x, gradient);

        // The loop reaches Softplus once per entry; the pullback's stable sigmoid gives exactly 0 and 1 at +-800.
        Assert.Equal(x.Length, CallObjectives.SoftplusPullbackCalls - callsBefore);
        Assert.Equal(CallObjectives.WeightedSoftplusSum(x), value);
        Assert.Equal(0.0, gradient[0]);
        Assert.Equal(2.0, gradient[1]);
        Assert.Equal(1.5, gradient[2]);
        Assert.Equal(4 / (1 + Math.Exp(-3.0)), gradient[3], 15);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.7)]
    [InlineData(12.0)]
    public void Special_functions_match_known_values_so_the_pullback_cases_test_real_functions(double x)
    {
        // The recurrences Gamma(x + 1) = x Gamma(x) and psi(x + 1) = psi(x) + 1/x.
        Assert.Equal(Math.Log(x), SpecialFunctions.LogGamma(x + 1) - SpecialFunctions.LogGamma(x), 12);
        Assert.Equal(1 / x, SpecialFunctions.Digamma(x + 1) - SpecialFunctions.Digamma(x), 12);
    }

    [Fact]
    public void Special_functions_match_tabulated_values()
    {
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 13); // Gamma(1/2) = sqrt(pi)
        Assert.Equal(-0.5772156649015329, SpecialFunctions.Digamma(1), 13); // -Euler-Mascheroni
        Assert.Equal(0.8427007929497149, SpecialFunctions.Erf(1), 14);
        Assert.Equal(0.9953222650189527, SpecialFunctions.Erf(2), 14);
        Assert.Equal(-0.5204998778130465, SpecialFunctions.Erf(-0.5), 14);
    }

    [Fact]
    public void Beta_likelihood_gradient_uses_the_digamma()
    {
        // d/da [n ln B(a, b) - sum((a - 1) ln s + (b - 1) ln(1 - s))] = n (psi(a) - psi(a + b)) - sum ln s.
        double a = 2.5, b = 1.25;
        double[] samples = ControlFlowData.UnitSamples;

        CallObjectives.BetaNegativeLogLikelihoodGradient(a, b, samples, out double ga, out double gb);

        double n = samples.Length;
        double psiSum = SpecialFunctions.Digamma(a + b);
        Assert.Equal(n * (SpecialFunctions.Digamma(a) - psiSum) - samples.Sum(Math.Log), ga, 12);
        Assert.Equal(n * (SpecialFunctions.Digamma(b) - psiSum) - samples.Sum(s => Math.Log(1 - s)), gb, 12);
    }
}
