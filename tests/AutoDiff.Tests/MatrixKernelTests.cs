using System;
using System.Linq;
using AutoDiff.Runtime;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The blocked kernels loop nests become (<see cref="MatrixKernels"/>): every dot product of the nest to rounding, every
/// row update with the bits of the nest's one-at-a-time <see cref="VectorKernels.MultiplyAdd"/> calls, and the range
/// checks the nest's slices would have made.
/// </summary>
public sealed class MatrixKernelTests
{
    private static double[] Values(int seed, int length) =>
        Enumerable.Range(0, length).Select(i => Math.Sin(seed + 1.7 * i) + 0.3 * Math.Cos(seed * i)).ToArray();

    /// <summary>Row and column counts around the 4 x 2 blocks, lengths around one and two wide vectors.</summary>
    public static TheoryData<int, int, int> Shapes()
    {
        var shapes = new TheoryData<int, int, int>();
        foreach (int rows in new[] { 0, 1, 3, 4, 5, 9 })
        {
            foreach (int columns in new[] { 0, 1, 2, 3, 7 })
            {
                foreach (int length in new[] { 0, 1, 7, 8, 9, 16, 17, 33 })
                {
                    shapes.Add(rows, columns, length);
                }
            }
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DotProducts_is_every_dot_product_of_the_rows_to_rounding(int rows, int columns, int length)
    {
        // Rows with strides of their own (a gap after each) and an offset, as a batch of samples with a label each.
        int aStride = length + 2, bStride = length + 1, aStart = 3, bStart = 1;
        double[] a = Values(1, aStart + rows * aStride + 2), b = Values(2, bStart + columns * bStride + 1);
        var products = Enumerable.Repeat(double.NaN, rows * columns + 1).ToArray();
        MatrixKernels.DotProducts(a, aStart, aStride, rows, b, bStart, bStride, columns, length, products);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double expected = 0, magnitude = 0;
                for (int i = 0; i < length; i++)
                {
                    expected += a[aStart + r * aStride + i] * b[bStart + c * bStride + i];
                    magnitude += Math.Abs(a[aStart + r * aStride + i] * b[bStart + c * bStride + i]);
                }

                Assert.Equal(expected, products[r * columns + c], 1e-15 * (magnitude + 1) * (length + 1));
            }
        }

        Assert.True(double.IsNaN(products[^1]), "an element past rows x columns was written");
    }

    [Fact]
    public void DotProducts_takes_rows_that_repeat_overlap_or_go_backwards()
    {
        double[] a = Values(3, 40), b = Values(4, 40);
        foreach (var (aStart, aStride, bStart, bStride) in new[] { (0, 0, 0, 3), (2, 1, 5, 0), (30, -4, 0, 2), (0, 2, 39 - 9, -3) })
        {
            const int Rows = 5, Columns = 3, Length = 9;
            var products = new double[Rows * Columns];
            MatrixKernels.DotProducts(a, aStart, aStride, Rows, b, bStart, bStride, Columns, Length, products);
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    double expected = VectorKernels.Dot(a.AsSpan(aStart + r * aStride, Length), b.AsSpan(bStart + c * bStride, Length));
                    Assert.Equal(expected, products[r * Columns + c], 1e-13);
                }
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddProductRows_gives_the_bits_of_the_nests_row_updates(bool rowsOuter)
    {
        foreach (int rows in new[] { 1, 3, 4, 5, 9 })
        {
            foreach (int columns in new[] { 1, 2, 7 })
            {
                foreach (int length in new[] { 1, 7, 15, 16, 17, 40 })
                {
                    int xStride = length + 1, yStride = length + 3;
                    double[] x = Values(5, 2 + columns * xStride);
                    double[] factors = Values(6, rows * columns);
                    for (int i = 0; i < factors.Length; i += 3)
                    {
                        factors[i] = 0; // a unit that is off: adds nothing, even to an infinite x
                    }

                    x[2] = double.PositiveInfinity;
                    factors[0] = 0;
                    double[] expected = Values(7, 1 + rows * yStride), actual = (double[])expected.Clone();
                    NestOrder(factors, rows, columns, x, 2, xStride, expected, 1, yStride, length, rowsOuter);
                    MatrixKernels.AddProductRows(factors, rows, columns, x, 2, xStride, actual, 1, yStride, length, rowsOuter);
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.True(expected[i].Equals(actual[i]), $"rows {rows}, columns {columns}, length {length}, element {i}: {actual[i]:R}, the nest gives {expected[i]:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddProductRows_keeps_the_nests_order_where_rows_overlap_or_x_is_y(bool rowsOuter)
    {
        const int Rows = 6, Columns = 3, Length = 10;
        double[] factors = Values(8, Rows * Columns);

        // Rows of y two apart: each element gets contributions from several rows, in the nest's order.
        double[] x = Values(9, Columns * 11), expected = Values(10, Rows * 2 + Length), actual = (double[])expected.Clone();
        NestOrder(factors, Rows, Columns, x, 0, 11, expected, 0, 2, Length, rowsOuter);
        MatrixKernels.AddProductRows(factors, Rows, Columns, x, 0, 11, actual, 0, 2, Length, rowsOuter);
        Assert.Equal(expected, actual);

        // x and y in one array.
        double[] shared = Values(11, 200), sharedExpected = (double[])shared.Clone();
        NestOrder(factors, Rows, Columns, sharedExpected, 0, 13, sharedExpected, 60, 12, Length, rowsOuter);
        MatrixKernels.AddProductRows(factors, Rows, Columns, shared, 0, 13, shared, 60, 12, Length, rowsOuter);
        Assert.Equal(sharedExpected, shared);
    }

    [Fact]
    public void Rows_outside_their_span_are_refused_naming_it()
    {
        var products = new double[6];
        double[] a = new double[20], b = new double[20];
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.DotProducts(a, 0, 5, 3, b, 0, 5, 2, 11, products)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.DotProducts(a, 0, 5, 3, b, -1, 5, 2, 5, products)).ParamName);
        Assert.Equal("products", Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.DotProducts(a, 0, 5, 3, b, 0, 5, 3, 5, products)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.DotProducts(a, 0, 5, -1, b, 0, 5, 3, 5, products)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.AddProductRows(products, 3, 2, a, 0, 5, b, 10, 5, 6, true)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.AddProductRows(products, 3, 2, a, 16, 5, b, 0, 5, 5, true)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.AddProductRows(products, 3, 2, a, 0, 5, b, 0, 5, -1, true)).ParamName);
    }

    /// <summary>The reverse nest the kernel replaces: one <see cref="VectorKernels.MultiplyAdd"/> per (r, c), the outer index going down, then the inner one.</summary>
    private static void NestOrder(double[] factors, int rows, int columns, double[] x, int xStart, int xStride, double[] y, int yStart, int yStride, int length, bool rowsOuter)
    {
        for (int outer = (rowsOuter ? rows : columns) - 1; outer >= 0; outer--)
        {
            for (int inner = (rowsOuter ? columns : rows) - 1; inner >= 0; inner--)
            {
                int r = rowsOuter ? outer : inner, c = rowsOuter ? inner : outer;
                VectorKernels.MultiplyAdd(x.AsSpan(xStart + c * xStride, length), factors[r * columns + c], y.AsSpan(yStart + r * yStride, length));
            }
        }
    }
}
