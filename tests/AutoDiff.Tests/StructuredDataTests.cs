using System;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// Structured constant data (jagged and 2-D arrays, arrays and spans of structs and records, float and int data) and
/// local 2-D arrays: gradients and Hessian-vector products against finite differences and closed forms, and the data
/// bound into the objective factories.
/// </summary>
public class StructuredDataTests
{
    private delegate double Function(ReadOnlySpan<double> x);

    private delegate double Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    private delegate double Product(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

    private static readonly double[][] Rows = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.3, 0.8, 1.1], [2.0, -0.4, 0.6]];
    private static readonly double[] Targets = [1.0, -0.5, 0.75, 2.5];
    private static readonly double[,] Matrix = { { 1.0, 0.5, -0.25, 9.0 }, { -1.5, 2.0, 0.75, 9.0 }, { 0.3, -0.6, 1.25, 9.0 } };
    private static readonly Observation[] Observations = [new(0.1, 1.2, 1), new(0.5, 1.9, 2), new(0.9, 2.8, 1), new(1.4, 4.1, 3)];
    private static readonly LabelledSample[] Samples = [new([1.0, 0.5, -0.2], 0.3), new([-0.4, 1.2, 0.8], -1.1), new([0.7, -0.9, 0.1], 0.6)];
    private static readonly float[] Floats = [0.5f, -1.25f, 2.0f];
    private static readonly int[] Ints = [3, -1, 2];
    private static readonly float[] SpanFloats = [1.5f, 0.25f, -0.5f];
    private static readonly int[] SpanInts = [7, 2, -3];
    private static readonly bool[] Mask = [true, false, true, true];
    private static readonly Activation[] Activations = [Activation.Tanh, Activation.Square, Activation.Square, Activation.Identity];

    public static TheoryData<string, double[]> Cases => new()
    {
        { "JaggedLeastSquares", [0.3, -0.7, 1.2] },
        { "MatrixQuadratic", [0.4, -1.3, 0.9] },
        { "ExponentialFit", [1.1, 0.8] },
        { "ExponentialFitSpan", [0.9, 1.05] },
        { "RecordLoss", [0.2, -0.5, 1.4] },
        { "Converted", [0.6, -0.35, 1.7] },
        { "SoftTable", [0.3, -0.2, 0.5, 0.1] },
        { "SoftTable", [-0.45, 0.6, 0.2] },
        { "Determinant", [0.7, -1.2, 0.4] },
        { "Masked", [0.7, -1.2, 0.4, 1.5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientAndHessianVectorProduct_MatchFiniteDifferences(string name, double[] point)
    {
        var (f, gradient, product) = Functions(name);
        var g = new double[point.Length];
        double value = gradient(point, g);
        Assert.Equal(f(point), value);
        for (int i = 0; i < point.Length; i++)
        {
            double expected = FiniteDifferences.Richardson(p => f(p), point, i);
            Assert.True(Math.Abs(expected - g[i]) <= 1e-7 * Math.Max(1, Math.Abs(expected)), $"{name}: d/dx{i} = {g[i]}, finite differences {expected}");
        }

        var v = new double[point.Length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = 0.9 - (0.37 * i);
        }

        var hv = new double[point.Length];
        Assert.Equal(value, product(point, v, hv));
        const double h = 1e-5;
        var plus = new double[point.Length];
        var minus = new double[point.Length];
        var shifted = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            shifted[i] = point[i] + (h * v[i]);
        }

        gradient(shifted, plus);
        for (int i = 0; i < point.Length; i++)
        {
            shifted[i] = point[i] - (h * v[i]);
        }

        gradient(shifted, minus);
        for (int i = 0; i < point.Length; i++)
        {
            double expected = (plus[i] - minus[i]) / (2 * h);
            Assert.True(Math.Abs(expected - hv[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{name}: (Hv){i} = {hv[i]}, finite differences {expected}");
        }
    }

    [Fact]
    public void MatrixQuadratic_MatchesItsClosedForm()
    {
        double[] x = [0.4, -1.3, 0.9];
        double[] v = [1.0, -0.5, 0.25];
        var g = new double[3];
        var hv = new double[3];
        double value = StructuredDataObjectives.MatrixQuadraticGradient(x, Matrix, g);
        StructuredDataObjectives.MatrixQuadraticHessianVectorProduct(x, Matrix, v, hv);
        double expectedValue = 0;
        for (int i = 0; i < 3; i++)
        {
            // d/dx_i = sum_j (A_ij + A_ji) x_j + cos(x_i) A_ii;  (H v)_i = sum_j (A_ij + A_ji) v_j - sin(x_i) A_ii v_i.
            double gi = Math.Cos(x[i]) * Matrix[i, i];
            double hvi = -Math.Sin(x[i]) * Matrix[i, i] * v[i];
            for (int j = 0; j < 3; j++)
            {
                expectedValue += x[i] * Matrix[i, j] * x[j];
                gi += (Matrix[i, j] + Matrix[j, i]) * x[j];
                hvi += (Matrix[i, j] + Matrix[j, i]) * v[j];
            }

            expectedValue += Math.Sin(x[i]) * Matrix[i, i];
            Assert.Equal(gi, g[i], 13);
            Assert.Equal(hvi, hv[i], 13);
        }

        Assert.Equal(expectedValue, value, 13);
    }

    [Fact]
    public void Masked_MatchesItsClosedForm()
    {
        double[] x = [0.7, -1.2, 0.4, 1.5];
        var g = new double[4];
        double value = StructuredDataObjectives.MaskedGradient(x, Mask, Activations, g);
        Assert.Equal(Math.Tanh(0.7) + (0.4 * 0.4) + 1.5, value, 14);
        Assert.Equal(new[] { 1 - (Math.Tanh(0.7) * Math.Tanh(0.7)), 0.0, 0.8, 1.0 }, g);
    }

    [Fact]
    public void Determinant_MatchesItsClosedForm()
    {
        // f = x0 (3 + x1 x2) - x1 x2 x0 + 3 + x1 x2 = 3 x0 + 3 + x1 x2.
        double[] x = [0.7, -1.2, 0.4];
        var g = new double[3];
        double value = StructuredDataObjectives.DeterminantGradient(x, g);
        Assert.Equal((3 * 0.7) + 3 + (-1.2 * 0.4), value, 13);
        Assert.Equal(3.0, g[0], 13);
        Assert.Equal(0.4, g[1], 13);
        Assert.Equal(-1.2, g[2], 13);
    }

    [Fact]
    public void ALocal2DArrayIndexedPastItsColumnsThrowsAsCSharpDoes()
    {
        // SoftTable reads t[i, n] of an n x (n + 1) table, which is in range; the flat storage must not let a column
        // index wrap into the next row. The same indexing on a real 2-D array and the flat one agree on a valid input.
        double[] x = [0.3, -0.2];
        Assert.Equal(StructuredDataObjectives.SoftTable(x), StructuredDataObjectives.SoftTableGradient(x, new double[2]));
        Assert.Throws<IndexOutOfRangeException>(() => StructuredDataObjectives.OutOfRangeColumnGradient([1.0, 2.0], new double[2]));
        Assert.Throws<IndexOutOfRangeException>(() => StructuredDataObjectives.OutOfRangeColumn([1.0, 2.0]));
    }

    [Fact]
    public void ExponentialResidualsJacobian_IsTheClosedForm()
    {
        double[] p = [1.1, 0.8];
        double[,] weights = { { 1.0 }, { 0.5 }, { 2.0 }, { -1.5 } };
        var r = new double[Observations.Length];
        var jacobian = new double[Observations.Length * 2];

        StructuredDataObjectives.ExponentialResidualsJacobian(p, Observations, weights, r, jacobian);

        for (int i = 0; i < Observations.Length; i++)
        {
            double e = Math.Exp(p[1] * Observations[i].X);
            Assert.Equal(weights[i, 0] * ((p[0] * e) - Observations[i].Y), r[i], 12);
            Assert.Equal(weights[i, 0] * e, jacobian[i * 2], 12);
            Assert.Equal(weights[i, 0] * p[0] * Observations[i].X * e, jacobian[(i * 2) + 1], 12);
        }
    }

    [Fact]
    public void TheObjectiveFactoryBindsStructuredData()
    {
        // ReadOnlySpan<Observation> is copied (a lambda cannot capture a span); double[][] is bound as it is.
        var fit = StructuredDataObjectives.ExponentialFitSpanObjective(Observations);
        double[] p = [0.9, 1.05];
        var g = new double[2];
        var expected = new double[2];
        Assert.Equal(StructuredDataObjectives.ExponentialFitSpanGradient(p, Observations, expected), fit.Gradient(p, g));
        Assert.Equal(expected, g);

        var jagged = StructuredDataObjectives.JaggedLeastSquaresObjective(Rows, Targets);
        double[] q = [0.3, -0.7, 1.2];
        Assert.Equal(StructuredDataObjectives.JaggedLeastSquares(q, Rows, Targets), jagged.Value(q));
    }

    private static (Function F, Gradient Gradient, Product Product) Functions(string name) => name switch
    {
        "JaggedLeastSquares" => (
            x => StructuredDataObjectives.JaggedLeastSquares(x, Rows, Targets),
            (x, g) => StructuredDataObjectives.JaggedLeastSquaresGradient(x, Rows, Targets, g),
            (x, v, hv) => StructuredDataObjectives.JaggedLeastSquaresHessianVectorProduct(x, Rows, Targets, v, hv)),
        "MatrixQuadratic" => (
            x => StructuredDataObjectives.MatrixQuadratic(x, Matrix),
            (x, g) => StructuredDataObjectives.MatrixQuadraticGradient(x, Matrix, g),
            (x, v, hv) => StructuredDataObjectives.MatrixQuadraticHessianVectorProduct(x, Matrix, v, hv)),
        "ExponentialFit" => (
            x => StructuredDataObjectives.ExponentialFit(x, Observations),
            (x, g) => StructuredDataObjectives.ExponentialFitGradient(x, Observations, g),
            (x, v, hv) => StructuredDataObjectives.ExponentialFitHessianVectorProduct(x, Observations, v, hv)),
        "ExponentialFitSpan" => (
            x => StructuredDataObjectives.ExponentialFitSpan(x, Observations),
            (x, g) => StructuredDataObjectives.ExponentialFitSpanGradient(x, Observations, g),
            (x, v, hv) => StructuredDataObjectives.ExponentialFitSpanHessianVectorProduct(x, Observations, v, hv)),
        "RecordLoss" => (
            x => StructuredDataObjectives.RecordLoss(x, Samples),
            (x, g) => StructuredDataObjectives.RecordLossGradient(x, Samples, g),
            (x, v, hv) => StructuredDataObjectives.RecordLossHessianVectorProduct(x, Samples, v, hv)),
        "Converted" => (
            x => StructuredDataObjectives.Converted(x, Floats, Ints, SpanFloats, SpanInts),
            (x, g) => StructuredDataObjectives.ConvertedGradient(x, Floats, Ints, SpanFloats, SpanInts, g),
            (x, v, hv) => StructuredDataObjectives.ConvertedHessianVectorProduct(x, Floats, Ints, SpanFloats, SpanInts, v, hv)),
        "SoftTable" => (StructuredDataObjectives.SoftTable, StructuredDataObjectives.SoftTableGradient, StructuredDataObjectives.SoftTableHessianVectorProduct),
        "Determinant" => (StructuredDataObjectives.Determinant, StructuredDataObjectives.DeterminantGradient, StructuredDataObjectives.DeterminantHessianVectorProduct),
        "Masked" => (
            x => StructuredDataObjectives.Masked(x, Mask, Activations),
            (x, g) => StructuredDataObjectives.MaskedGradient(x, Mask, Activations, g),
            (x, v, hv) => StructuredDataObjectives.MaskedHessianVectorProduct(x, Mask, Activations, v, hv)),
        _ => throw new ArgumentException(name),
    };
}
