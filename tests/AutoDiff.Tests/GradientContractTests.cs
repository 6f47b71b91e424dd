using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>The parts of the generated contract that are not numerical accuracy: the value, the outputs, the checks.</summary>
public sealed class GradientContractTests
{
    public static TheoryData<string> AllCases => GradientCases.Names(_ => true);

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Gradient_method_returns_exactly_the_value_of_the_function(string caseName)
    {
        GradientCase gradientCase = GradientCases.Get(caseName);
        foreach (double[] point in gradientCase.Points())
        {
            double value = gradientCase.Value(point);

            double returned = gradientCase.Gradient(point, new double[point.Length]);

            if (VectorisedSums.Contains(caseName))
            {
                // Its running dot products are vector kernels in the gradient: the same sum, added in another order.
                Assert.Equal(value, returned, 1e-14 * Math.Abs(value));
            }
            else
            {
                Assert.Equal(value, returned);
            }
        }
    }

    /// <summary>
    /// The cases whose gradient computes a forward running sum <c>s += a[i] * b[i]</c> with a vector dot product
    /// (TensorPrimitives.Dot, which may also fuse multiplications and additions: at the network's 4 inputs too).
    /// </summary>
    private static readonly string[] VectorisedSums = [nameof(ControlFlowObjectives.DenseLayerSquaredError), nameof(LoopShapeObjectives.TwoLayerNetwork)];

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Gradient_outputs_are_overwritten_not_accumulated(string caseName)
    {
        GradientCase gradientCase = GradientCases.Get(caseName);
        foreach (double[] point in gradientCase.Points())
        {
            double[] fromZeros = gradientCase.GradientAt(point);
            double[] fromGarbage = new double[point.Length];
            for (int i = 0; i < fromGarbage.Length; i++)
            {
                fromGarbage[i] = i % 2 == 0 ? 1e300 : double.NaN;
            }

            gradientCase.Gradient(point, fromGarbage);
            double[] secondCallIntoSameBuffer = (double[])fromGarbage.Clone();
            gradientCase.Gradient(point, secondCallIntoSameBuffer);

            Assert.Equal(fromZeros, fromGarbage);
            Assert.Equal(fromZeros, secondCallIntoSameBuffer);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Single_vector_parameter_rejects_a_gradient_of_the_wrong_length(int gradientLength)
    {
        double[] x = [0.5, -0.25];

        var exception = Assert.Throws<ArgumentException>(
            () => CompositionObjectives.Rosenbrock2Gradient(x, new double[gradientLength]));

        Assert.Equal("gradient", exception.ParamName);
    }

    [Fact]
    public void Array_parameter_rejects_a_gradient_of_the_wrong_length()
    {
        double[] x = [1.5, -0.5, 2];

        var exception = Assert.Throws<ArgumentException>(
            () => SignatureObjectives.ArrayProductAndRatioGradient(x, new double[2]));

        Assert.Equal("gradient", exception.ParamName);
    }

    [Fact]
    public void A_gradient_output_that_overlaps_an_input_is_refused_by_name()
    {
        // FGradient(x, x) used to clear x before reading it, and returned 0 and a zero gradient.
        double[] x = [0.5, -0.25, 1.0, 2.0];

        var same = Assert.Throws<ArgumentException>(() => CompositionObjectives.Rosenbrock2Gradient(x.AsSpan(0, 2), x.AsSpan(0, 2)));
        var shifted = Assert.Throws<ArgumentException>(() => CompositionObjectives.Rosenbrock2Gradient(x.AsSpan(0, 2), x.AsSpan(1, 2)));
        Assert.Equal("gradient", same.ParamName);
        Assert.Equal("gradient", shifted.ParamName);
        Assert.Equal([0.5, -0.25, 1.0, 2.0], x);

        // Adjacent but not overlapping memory is fine.
        CompositionObjectives.Rosenbrock2Gradient(x.AsSpan(0, 2), x.AsSpan(2, 2));
    }

    [Fact]
    public void A_hessian_vector_product_output_that_overlaps_its_input_or_direction_is_refused_by_name()
    {
        double[] x = [0.5, -0.25];
        double[] v = [1.0, 0.0];

        Assert.Equal("hv", Assert.Throws<ArgumentException>(() => CompositionObjectives.Rosenbrock2HessianVectorProduct(x, v, v)).ParamName);
        Assert.Equal("hv", Assert.Throws<ArgumentException>(() => CompositionObjectives.Rosenbrock2HessianVectorProduct(x, v, x)).ParamName);

        double[] buffer = [0.5, -0.25, 0, 0, 0, 0];
        var hessian = Assert.Throws<ArgumentException>(() => CompositionObjectives.Rosenbrock2Hessian(buffer.AsSpan(0, 2), buffer.AsSpan(1, 4)));
        Assert.Equal("hessian", hessian.ParamName);
        CompositionObjectives.Rosenbrock2Hessian(buffer.AsSpan(0, 2), buffer.AsSpan(2, 4));
    }

    [Fact]
    public void Outputs_that_overlap_each_other_or_a_constant_input_are_refused()
    {
        double[] x = [0.1, 0.2, 0.3];
        double[] y = [0.4, 0.5];
        double[] buffer = new double[3];

        // Two outputs on the same memory: the second one named.
        var outputs = Assert.Throws<ArgumentException>(
            () => SignatureObjectives.MixedParametersGradient(1, x, 2, y, out _, buffer, out _, buffer.AsSpan(0, 2)));
        Assert.Equal("yGradient", outputs.ParamName);

        // An output on top of another input.
        var input = Assert.Throws<ArgumentException>(
            () => SignatureObjectives.MixedParametersGradient(1, x, 2, y, out _, new double[3], out _, y));
        Assert.Equal("yGradient", input.ParamName);
    }

    [Fact]
    public void Mixed_parameters_name_the_output_whose_length_is_wrong()
    {
        double[] x = [0.1, 0.2, 0.3];
        double[] y = [0.4, 0.5];

        var xException = Assert.Throws<ArgumentException>(
            () => SignatureObjectives.MixedParametersGradient(1, x, 2, y, out _, new double[2], out _, new double[2]));
        var yException = Assert.Throws<ArgumentException>(
            () => SignatureObjectives.MixedParametersGradient(1, x, 2, y, out _, new double[3], out _, new double[3]));

        Assert.Equal("xGradient", xException.ParamName);
        Assert.Equal("yGradient", yException.ParamName);
    }

    [Fact]
    public void Nested_type_names_the_output_whose_length_is_wrong()
    {
        double[] u = [0.1, 0.2];
        double[] v = [0.3, 0.4];

        var uException = Assert.Throws<ArgumentException>(
            () => SignatureObjectives.Nested.InnerProductPlusCubeGradient(u, v, new double[1], new double[2]));
        var vException = Assert.Throws<ArgumentException>(
            () => SignatureObjectives.Nested.InnerProductPlusCubeGradient(u, v, new double[2], new double[4]));

        Assert.Equal("uGradient", uException.ParamName);
        Assert.Equal("vGradient", vException.ParamName);
    }

    [Fact]
    public void Constant_vector_parameters_get_no_output_and_may_have_any_length()
    {
        // WeightedDistance reads target[0..1] and weights[0..1]; longer constant data is fine and has no output.
        double[] x = [0.5, 1.5];
        double[] gradient = new double[2];

        double value = SignatureObjectives.WeightedDistanceGradient(x, [0.0, 1.0, 99.0], 2.0, [1.0, 3.0, 99.0, 99.0], gradient);

        Assert.Equal(2.0 * (0.5 * 0.5 + 3.0 * 0.5 * 0.5), value);
        Assert.Equal(new[] { 2.0 * 2 * 0.5, 2.0 * 3.0 * 2 * 0.5 }, gradient);
    }

    [Fact]
    public void Instance_objective_reads_the_fields_of_its_own_instance()
    {
        // Two springs stretched the same way: the gradient is proportional to each one's stiffness and rest length.
        double[] ends = [0, 0, 3, 4];
        var soft = new SpringEnergy(stiffness: 1, restLength: 2);
        var stiff = new SpringEnergy(stiffness: 4, restLength: 1);
        double[] softGradient = new double[4];
        double[] stiffGradient = new double[4];

        double softValue = soft.EnergyGradient(ends, softGradient);
        double stiffValue = stiff.EnergyGradient(ends, stiffGradient);

        // Length 5: energies k/2 (5 - rest)^2, gradient at the far end k (5 - rest) (3, 4) / 5.
        Assert.Equal(0.5 * 1 * 3 * 3, softValue);
        Assert.Equal(0.5 * 4 * 4 * 4, stiffValue);
        GradientAssert.Close("soft spring", ends, [-1.8, -2.4, 1.8, 2.4], softGradient, 1e-14, "expected");
        GradientAssert.Close("stiff spring", ends, [-9.6, -12.8, 9.6, 12.8], stiffGradient, 1e-14, "expected");
    }

    [Fact]
    public void Generated_gradients_do_not_allocate()
    {
        // Straight-line gradients keep every intermediate in a local: a call must not touch the heap.
        double[] x = [0.3, -0.4, 1.2];
        double[] y = [0.5, -1.5];
        double[] xGradient = new double[3];
        double[] yGradient = new double[2];
        double[] rosenbrockGradient = new double[2];
        CallGradients();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            CallGradients();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void CallGradients()
        {
            CompositionObjectives.Rosenbrock2Gradient(x.AsSpan(0, 2), rosenbrockGradient);
            SignatureObjectives.MixedParametersGradient(0.7, x, -0.2, y, out _, xGradient, out _, yGradient);
            ElementaryObjectives.SameNamesOnDoubleGradient(0.4, 0.9, out _, out _);
        }
    }
}
