using System;
using System.Linq;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>Which members are generated: everything by default, only what <c>[Differentiable(Derivatives...)]</c> asks for otherwise.</summary>
public class GeneratedMembersTests
{
    private static string[] MethodsGeneratedFor(string attribute, string parameters = "ReadOnlySpan<double> x", string body = "x[0] * x[0]")
    {
        var output = GeneratorHarness.Run($$"""
            using System;
            using AutoDiff;
            public static partial class Objectives
            {
                {{attribute}}
                public static double F({{parameters}}) => {{body}};
            }
            """);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        var type = output.Compilation.GetTypeByMetadataName("Objectives")!;
        return type.GetMembers().Select(m => m.Name).Where(n => n.StartsWith('F') && n != "F").Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void Everything_by_default()
    {
        Assert.Equal(
            new[] { "FDirectionalDerivative", "FGradient", "FHessian", "FHessianMatrix", "FHessianVectorProduct", "FObjective", "FPullback", "FPullbackTangent" },
            MethodsGeneratedFor("[Differentiable]"));
    }

    [Fact]
    public void Gradient_only()
    {
        Assert.Equal(new[] { "FGradient", "FObjective", "FPullback" }, MethodsGeneratedFor("[Differentiable(Derivatives.Gradient)]"));
    }

    [Fact]
    public void Forward_mode_without_second_order()
    {
        Assert.Equal(
            new[] { "FDirectionalDerivative", "FGradient", "FObjective", "FPullback" },
            MethodsGeneratedFor("[Differentiable(Derivatives.DirectionalDerivative)]"));
    }

    [Fact]
    public void Hessian_vector_products_without_dense_Hessian()
    {
        Assert.Equal(
            new[] { "FDirectionalDerivative", "FGradient", "FHessianVectorProduct", "FObjective", "FPullback", "FPullbackTangent" },
            MethodsGeneratedFor("[Differentiable(Derivatives.HessianVectorProduct)]"));
    }

    [Fact]
    public void Dense_Hessian_and_objective_only_for_a_single_span_parameter()
    {
        Assert.Equal(
            new[] { "FDirectionalDerivative", "FGradient", "FHessianVectorProduct", "FObjective", "FPullback", "FPullbackTangent" },
            MethodsGeneratedFor("[Differentiable]", "double[] x"));
    }

    [Theory]
    [InlineData("ReadOnlySpan<double> x, [Constant] double[] data", new[] { "FObjective" })]
    [InlineData("double[] x, [Constant] int k", new[] { "FObjective" })]
    [InlineData("double a, double b, [Constant] double c", new[] { "FObjective" })]
    [InlineData("ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> sample", new[] { "FObjective", "FStochasticObjective" })]
    [InlineData("ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> sample, [Constant] double lambda", new[] { "FObjective", "FStochasticObjective" })]
    [InlineData("ReadOnlySpan<double> x, double a", new string[0])]
    [InlineData("ReadOnlySpan<double> x, ReadOnlySpan<double> y", new string[0])]
    [InlineData("ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> s, [Constant] ReadOnlySpan<double> t", new[] { "FObjective" })]
    public void Objective_factories_for_methods_with_data(string parameters, string[] objectives)
    {
        var generated = MethodsGeneratedFor("[Differentiable(Derivatives.Gradient)]", parameters, body: "1.5");
        Assert.Equal(objectives, generated.Where(n => n.Contains("Objective", StringComparison.Ordinal)).ToArray());
    }

    [Theory]
    [InlineData("[Differentiable]")]
    [InlineData("[Differentiable(Derivatives.Gradient)]")]
    public void Vector_output_methods_get_the_Jacobian_and_both_products_whatever_they_ask_for(string attribute)
    {
        var output = GeneratorHarness.Run($$"""
            using System;
            using AutoDiff;
            public static partial class Objectives
            {
                {{attribute}}
                public static void F(ReadOnlySpan<double> x, Span<double> r) => r[0] = x[0] * x[1];

                [Differentiable]
                public static void G(double a, ReadOnlySpan<double> x, Span<double> r) => r[0] = a * x[0];
            }
            """);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        var type = output.Compilation.GetTypeByMetadataName("Objectives")!;
        string[] Generated(string prefix) => type.GetMembers().Select(m => m.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n != prefix)
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(new[] { "FJacobian", "FJacobian", "FJacobianVectorProduct", "FVectorJacobianProduct" }, Generated("F"));

        // Two differentiable parameters: the products, no dense Jacobian.
        Assert.Equal(new[] { "GJacobianVectorProduct", "GVectorJacobianProduct" }, Generated("G"));
    }
}
