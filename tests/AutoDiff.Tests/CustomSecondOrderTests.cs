using System;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>Forward mode and Hessian-vector products through a custom derivative that supplies its second-order rules.</summary>
public sealed class CustomSecondOrderTests
{
    [Theory]
    [InlineData(0.3, -0.2, 0.8)]
    [InlineData(-1.0, 0.5, 0.1)]
    public void Hessian_vector_product_matches_the_closed_form(double w0, double w1, double w2)
    {
        double[] w = [w0, w1, w2], v = [0.4, -1.0, 0.25];
        double[] a = CustomSecondOrderObjectives.Features;
        var hv = new double[3];

        CustomSecondOrderObjectives.SmoothHingeHessianVectorProduct(w, a, v, hv);

        // f = softplus(1 - a'w) + 0.1 w'w: H = s (1 - s) a a' + 0.2 I with s = sigmoid(1 - a'w).
        double s = CustomSecondOrderObjectives.Sigmoid(1 - w.Zip(a, (x, y) => x * y).Sum());
        double av = a.Zip(v, (x, y) => x * y).Sum();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((s * (1 - s) * a[i] * av) + (0.2 * v[i]), hv[i], 12);
        }
    }

    [Fact]
    public void Directional_derivative_equals_gradient_dot_direction()
    {
        double[] w = [0.3, -0.2, 0.8], d = [1.0, 2.0, -0.5];
        var g = new double[3];
        CustomSecondOrderObjectives.SmoothHingeGradient(w, CustomSecondOrderObjectives.Features, g);

        CustomSecondOrderObjectives.SmoothHingeDirectionalDerivative(w, CustomSecondOrderObjectives.Features, d, out double derivative);

        Assert.Equal(g.Zip(d, (x, y) => x * y).Sum(), derivative, 12);
    }
}
