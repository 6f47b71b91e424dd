using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Runtime;

/// <summary>
/// The blocked kernels the generator's <c>MatrixBlocks</c> pass calls in place of a loop nest of vector kernels: all the
/// dot products of a nest at once (<see cref="DotProducts"/>, a matrix product), and all the row updates of a reverse
/// nest at once (<see cref="AddProductRows"/>). Each loads a block of rows once and uses it for several rows of the
/// other operand, where the nest's one-pair-at-a-time calls stream both operands from memory for every pair.
/// </summary>
/// <remarks>
/// Rows are given as (span, start, stride): row r is <c>span[start + r * stride ..][..length]</c>; a stride may be 0 (the
/// same row every time) or anything else, rows may overlap. Both kernels check that every row they read or write lies in
/// its span and throw <see cref="ArgumentOutOfRangeException"/> (naming the span) otherwise, as the slices of the nest
/// they replace would have.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MatrixKernels
{
    // Rows of a, and of b, handled together: 4 x 2 dot products share each load, in 8 vector accumulators.
    private const int RowBlock = 4;
    private const int ColumnBlock = 2;

    /// <summary>
    /// products[r * columns + c] = sum_i a[aStart + r aStride + i] b[bStart + c bStride + i] over i &lt; length, for every
    /// r &lt; rows and c &lt; columns. Each product is summed in vector lanes with fused multiply-adds where the machine
    /// has them, then across lanes: it differs from <see cref="VectorKernels.Dot"/> of the same rows only by the order of
    /// its additions and by rounding (deterministic on one machine).
    /// </summary>
    public static void DotProducts(
        ReadOnlySpan<double> a, int aStart, int aStride, int rows,
        ReadOnlySpan<double> b, int bStart, int bStride, int columns,
        int length, Span<double> products)
    {
        CheckShape(rows, columns, length);
        CheckRows(a.Length, aStart, aStride, rows, length, nameof(a));
        CheckRows(b.Length, bStart, bStride, columns, length, nameof(b));
        if ((long)rows * columns > products.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(products), $"Needs {(long)rows * columns} elements, has {products.Length}.");
        }

        if (rows == 0 || columns == 0)
        {
            return;
        }

        ref double aFirst = ref MemoryMarshal.GetReference(a);
        ref double bFirst = ref MemoryMarshal.GetReference(b);
        int r = 0;
        if (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated)
        {
            for (; r + RowBlock <= rows; r += RowBlock)
            {
                int c = 0;
                for (; c + ColumnBlock <= columns; c += ColumnBlock)
                {
                    // The machine's widest vectors (a JIT-time constant, so the test costs nothing).
                    if (Vector512.IsHardwareAccelerated)
                    {
                        DotBlock512(ref aFirst, aStart + r * aStride, aStride, ref bFirst, bStart + c * bStride, bStride, length, products, r * columns + c, columns);
                    }
                    else
                    {
                        DotBlock256(ref aFirst, aStart + r * aStride, aStride, ref bFirst, bStart + c * bStride, bStride, length, products, r * columns + c, columns);
                    }
                }

                for (; c < columns; c++)
                {
                    for (int q = 0; q < RowBlock; q++)
                    {
                        products[(r + q) * columns + c] = TensorPrimitives.Dot(a.Slice(aStart + (r + q) * aStride, length), b.Slice(bStart + c * bStride, length));
                    }
                }
            }
        }

        // Rows left over (or no vector hardware): one product at a time.
        for (; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                products[r * columns + c] = TensorPrimitives.Dot(a.Slice(aStart + r * aStride, length), b.Slice(bStart + c * bStride, length));
            }
        }
    }

    /// <summary>
    /// For every row r &lt; rows of y (<c>y[yStart + r yStride ..][..length]</c>), adds factors[r * columns + c] times row c
    /// of x (<c>x[xStart + c xStride ..][..length]</c>) for c = columns - 1 down to 0, skipping zero factors: the bits of
    /// calling <see cref="VectorKernels.MultiplyAdd"/> once per (r, c) in the reverse nest's order (each product rounded,
    /// then added, no fused multiply-add; a zero factor adds nothing and reads nothing). Rows of y that overlap each
    /// other, or y sharing memory with x, take the nest's own order: (r, c) with the outer loop's index
    /// (<paramref name="rowsOuter"/>: the rows') going down, then the inner one's.
    /// </summary>
    public static void AddProductRows(
        ReadOnlySpan<double> factors, int rows, int columns,
        ReadOnlySpan<double> x, int xStart, int xStride,
        Span<double> y, int yStart, int yStride,
        int length, bool rowsOuter)
    {
        CheckShape(rows, columns, length);
        CheckRows(x.Length, xStart, xStride, columns, length, nameof(x));
        CheckRows(y.Length, yStart, yStride, rows, length, nameof(y));
        if ((long)rows * columns > factors.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(factors), $"Needs {(long)rows * columns} elements, has {factors.Length}.");
        }

        if (rows == 0 || columns == 0 || length == 0)
        {
            return;
        }

        bool rowsOverlap = rows > 1 && Math.Abs((long)yStride) < length;
        if (rowsOverlap || x.Overlaps(y))
        {
            for (int outer = (rowsOuter ? rows : columns) - 1; outer >= 0; outer--)
            {
                for (int inner = (rowsOuter ? columns : rows) - 1; inner >= 0; inner--)
                {
                    int r = rowsOuter ? outer : inner, c = rowsOuter ? inner : outer;
                    VectorKernels.MultiplyAdd(x.Slice(xStart + c * xStride, length), factors[r * columns + c], y.Slice(yStart + r * yStride, length));
                }
            }

            return;
        }

        ref double xFirst = ref MemoryMarshal.GetReference(x);
        ref double yFirst = ref MemoryMarshal.GetReference(y);
        int row = 0;
        if (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated)
        {
            for (; row + RowBlock <= rows; row += RowBlock)
            {
                ReadOnlySpan<double> block = factors.Slice(row * columns, RowBlock * columns);
                int done = Vector512.IsHardwareAccelerated
                    ? AddBlock512(block, columns, ref xFirst, xStart, xStride, ref yFirst, yStart + row * yStride, yStride, length)
                    : AddBlock256(block, columns, ref xFirst, xStart, xStride, ref yFirst, yStart + row * yStride, yStride, length);
                AddTail(block, RowBlock, columns, x, xStart, xStride, y, yStart + row * yStride, yStride, done, length);
            }
        }

        AddTail(factors.Slice(row * columns), rows - row, columns, x, xStart, xStride, y, yStart + row * yStride, yStride, 0, length);
    }

    private static void CheckShape(int rows, int columns, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
    }

    /// <summary>Throws unless rows start, start + stride, ... (count of them, each length long) all lie in [0, spanLength).</summary>
    private static void CheckRows(int spanLength, int start, int stride, int count, int length, string name)
    {
        if (count == 0)
        {
            return;
        }

        long first = start, last = start + (long)(count - 1) * stride;
        if (Math.Min(first, last) < 0 || Math.Max(first, last) + length > spanLength)
        {
            throw new ArgumentOutOfRangeException(name, $"Rows from {first} to {last} of length {length} do not fit in {spanLength} elements.");
        }
    }

    /// <summary>Columns [from, length) of each row, one element at a time, in the kernel's order (c down, each product rounded).</summary>
    private static void AddTail(
        ReadOnlySpan<double> factors, int rows, int columns, ReadOnlySpan<double> x, int xStart, int xStride,
        Span<double> y, int yStart, int yStride, int from, int length)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<double> target = y.Slice(yStart + r * yStride, length);
            for (int c = columns - 1; c >= 0; c--)
            {
                double k = factors[r * columns + c];
                if (k == 0)
                {
                    continue;
                }

                ReadOnlySpan<double> source = x.Slice(xStart + c * xStride, length);
                for (int i = from; i < length; i++)
                {
                    target[i] += k * source[i];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotBlock512(
        ref double a, int a0, int aStride, ref double b, int b0, int bStride, int length, Span<double> products, int at, int columns)
    {
        Vector512<double> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
        int i = 0;
        for (; i <= length - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            var x0 = Vector512.LoadUnsafe(ref b, (nuint)(b0 + i));
            var x1 = Vector512.LoadUnsafe(ref b, (nuint)(b0 + bStride + i));
            var w0 = Vector512.LoadUnsafe(ref a, (nuint)(a0 + i));
            var w1 = Vector512.LoadUnsafe(ref a, (nuint)(a0 + aStride + i));
            var w2 = Vector512.LoadUnsafe(ref a, (nuint)(a0 + 2 * aStride + i));
            var w3 = Vector512.LoadUnsafe(ref a, (nuint)(a0 + 3 * aStride + i));
            s00 = Vector512.FusedMultiplyAdd(w0, x0, s00);
            s01 = Vector512.FusedMultiplyAdd(w0, x1, s01);
            s10 = Vector512.FusedMultiplyAdd(w1, x0, s10);
            s11 = Vector512.FusedMultiplyAdd(w1, x1, s11);
            s20 = Vector512.FusedMultiplyAdd(w2, x0, s20);
            s21 = Vector512.FusedMultiplyAdd(w2, x1, s21);
            s30 = Vector512.FusedMultiplyAdd(w3, x0, s30);
            s31 = Vector512.FusedMultiplyAdd(w3, x1, s31);
        }

        StoreBlock(
            Vector512.Sum(s00), Vector512.Sum(s01), Vector512.Sum(s10), Vector512.Sum(s11),
            Vector512.Sum(s20), Vector512.Sum(s21), Vector512.Sum(s30), Vector512.Sum(s31),
            ref a, a0, aStride, ref b, b0, bStride, i, length, products, at, columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotBlock256(
        ref double a, int a0, int aStride, ref double b, int b0, int bStride, int length, Span<double> products, int at, int columns)
    {
        Vector256<double> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
        int i = 0;
        for (; i <= length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var x0 = Vector256.LoadUnsafe(ref b, (nuint)(b0 + i));
            var x1 = Vector256.LoadUnsafe(ref b, (nuint)(b0 + bStride + i));
            var w0 = Vector256.LoadUnsafe(ref a, (nuint)(a0 + i));
            var w1 = Vector256.LoadUnsafe(ref a, (nuint)(a0 + aStride + i));
            var w2 = Vector256.LoadUnsafe(ref a, (nuint)(a0 + 2 * aStride + i));
            var w3 = Vector256.LoadUnsafe(ref a, (nuint)(a0 + 3 * aStride + i));
            s00 = Vector256.FusedMultiplyAdd(w0, x0, s00);
            s01 = Vector256.FusedMultiplyAdd(w0, x1, s01);
            s10 = Vector256.FusedMultiplyAdd(w1, x0, s10);
            s11 = Vector256.FusedMultiplyAdd(w1, x1, s11);
            s20 = Vector256.FusedMultiplyAdd(w2, x0, s20);
            s21 = Vector256.FusedMultiplyAdd(w2, x1, s21);
            s30 = Vector256.FusedMultiplyAdd(w3, x0, s30);
            s31 = Vector256.FusedMultiplyAdd(w3, x1, s31);
        }

        StoreBlock(
            Vector256.Sum(s00), Vector256.Sum(s01), Vector256.Sum(s10), Vector256.Sum(s11),
            Vector256.Sum(s20), Vector256.Sum(s21), Vector256.Sum(s30), Vector256.Sum(s31),
            ref a, a0, aStride, ref b, b0, bStride, i, length, products, at, columns);
    }

    /// <summary>Adds the elements from <paramref name="from"/> on (the tail the vectors left) to the 4 x 2 sums and stores them.</summary>
    private static void StoreBlock(
        double t00, double t01, double t10, double t11, double t20, double t21, double t30, double t31,
        ref double a, int a0, int aStride, ref double b, int b0, int bStride, int from, int length, Span<double> products, int at, int columns)
    {
        for (int i = from; i < length; i++)
        {
            double x0 = Unsafe.Add(ref b, b0 + i), x1 = Unsafe.Add(ref b, b0 + bStride + i);
            double w0 = Unsafe.Add(ref a, a0 + i), w1 = Unsafe.Add(ref a, a0 + aStride + i);
            double w2 = Unsafe.Add(ref a, a0 + 2 * aStride + i), w3 = Unsafe.Add(ref a, a0 + 3 * aStride + i);
            t00 += w0 * x0;
            t01 += w0 * x1;
            t10 += w1 * x0;
            t11 += w1 * x1;
            t20 += w2 * x0;
            t21 += w2 * x1;
            t30 += w3 * x0;
            t31 += w3 * x1;
        }

        products[at] = t00;
        products[at + 1] = t01;
        products[at + columns] = t10;
        products[at + columns + 1] = t11;
        products[at + 2 * columns] = t20;
        products[at + 2 * columns + 1] = t21;
        products[at + 3 * columns] = t30;
        products[at + 3 * columns + 1] = t31;
    }

    /// <summary>
    /// Four rows of y, two vectors wide at a time, each kept in registers while every column of x is added into it (c
    /// going down); a zero factor's lanes keep their value. Returns how many elements of each row it covered.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddBlock512(ReadOnlySpan<double> factors, int columns, ref double x, int x0, int xStride, ref double y, int y0, int yStride, int length)
    {
        const int Width = 2 * 8;
        int i = 0;
        for (; i <= length - Width; i += Width)
        {
            ref double row0 = ref Unsafe.Add(ref y, y0 + i);
            ref double row1 = ref Unsafe.Add(ref y, y0 + yStride + i);
            ref double row2 = ref Unsafe.Add(ref y, y0 + 2 * yStride + i);
            ref double row3 = ref Unsafe.Add(ref y, y0 + 3 * yStride + i);
            var a00 = Vector512.LoadUnsafe(ref row0);
            var a01 = Vector512.LoadUnsafe(ref row0, 8);
            var a10 = Vector512.LoadUnsafe(ref row1);
            var a11 = Vector512.LoadUnsafe(ref row1, 8);
            var a20 = Vector512.LoadUnsafe(ref row2);
            var a21 = Vector512.LoadUnsafe(ref row2, 8);
            var a30 = Vector512.LoadUnsafe(ref row3);
            var a31 = Vector512.LoadUnsafe(ref row3, 8);
            for (int c = columns - 1; c >= 0; c--)
            {
                ref double source = ref Unsafe.Add(ref x, x0 + c * xStride + i);
                var v0 = Vector512.LoadUnsafe(ref source);
                var v1 = Vector512.LoadUnsafe(ref source, 8);
                var k0 = Vector512.Create(factors[c]);
                var k1 = Vector512.Create(factors[columns + c]);
                var k2 = Vector512.Create(factors[2 * columns + c]);
                var k3 = Vector512.Create(factors[3 * columns + c]);
                var m0 = ~Vector512.Equals(k0, Vector512<double>.Zero);
                var m1 = ~Vector512.Equals(k1, Vector512<double>.Zero);
                var m2 = ~Vector512.Equals(k2, Vector512<double>.Zero);
                var m3 = ~Vector512.Equals(k3, Vector512<double>.Zero);
                a00 = Vector512.ConditionalSelect(m0, a00 + k0 * v0, a00);
                a01 = Vector512.ConditionalSelect(m0, a01 + k0 * v1, a01);
                a10 = Vector512.ConditionalSelect(m1, a10 + k1 * v0, a10);
                a11 = Vector512.ConditionalSelect(m1, a11 + k1 * v1, a11);
                a20 = Vector512.ConditionalSelect(m2, a20 + k2 * v0, a20);
                a21 = Vector512.ConditionalSelect(m2, a21 + k2 * v1, a21);
                a30 = Vector512.ConditionalSelect(m3, a30 + k3 * v0, a30);
                a31 = Vector512.ConditionalSelect(m3, a31 + k3 * v1, a31);
            }

            a00.StoreUnsafe(ref row0);
            a01.StoreUnsafe(ref row0, 8);
            a10.StoreUnsafe(ref row1);
            a11.StoreUnsafe(ref row1, 8);
            a20.StoreUnsafe(ref row2);
            a21.StoreUnsafe(ref row2, 8);
            a30.StoreUnsafe(ref row3);
            a31.StoreUnsafe(ref row3, 8);
        }

        return i;
    }

    /// <summary>As <see cref="AddBlock512"/>, with 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddBlock256(ReadOnlySpan<double> factors, int columns, ref double x, int x0, int xStride, ref double y, int y0, int yStride, int length)
    {
        const int Width = 2 * 4;
        int i = 0;
        for (; i <= length - Width; i += Width)
        {
            ref double row0 = ref Unsafe.Add(ref y, y0 + i);
            ref double row1 = ref Unsafe.Add(ref y, y0 + yStride + i);
            ref double row2 = ref Unsafe.Add(ref y, y0 + 2 * yStride + i);
            ref double row3 = ref Unsafe.Add(ref y, y0 + 3 * yStride + i);
            var a00 = Vector256.LoadUnsafe(ref row0);
            var a01 = Vector256.LoadUnsafe(ref row0, 4);
            var a10 = Vector256.LoadUnsafe(ref row1);
            var a11 = Vector256.LoadUnsafe(ref row1, 4);
            var a20 = Vector256.LoadUnsafe(ref row2);
            var a21 = Vector256.LoadUnsafe(ref row2, 4);
            var a30 = Vector256.LoadUnsafe(ref row3);
            var a31 = Vector256.LoadUnsafe(ref row3, 4);
            for (int c = columns - 1; c >= 0; c--)
            {
                ref double source = ref Unsafe.Add(ref x, x0 + c * xStride + i);
                var v0 = Vector256.LoadUnsafe(ref source);
                var v1 = Vector256.LoadUnsafe(ref source, 4);
                var k0 = Vector256.Create(factors[c]);
                var k1 = Vector256.Create(factors[columns + c]);
                var k2 = Vector256.Create(factors[2 * columns + c]);
                var k3 = Vector256.Create(factors[3 * columns + c]);
                var m0 = ~Vector256.Equals(k0, Vector256<double>.Zero);
                var m1 = ~Vector256.Equals(k1, Vector256<double>.Zero);
                var m2 = ~Vector256.Equals(k2, Vector256<double>.Zero);
                var m3 = ~Vector256.Equals(k3, Vector256<double>.Zero);
                a00 = Vector256.ConditionalSelect(m0, a00 + k0 * v0, a00);
                a01 = Vector256.ConditionalSelect(m0, a01 + k0 * v1, a01);
                a10 = Vector256.ConditionalSelect(m1, a10 + k1 * v0, a10);
                a11 = Vector256.ConditionalSelect(m1, a11 + k1 * v1, a11);
                a20 = Vector256.ConditionalSelect(m2, a20 + k2 * v0, a20);
                a21 = Vector256.ConditionalSelect(m2, a21 + k2 * v1, a21);
                a30 = Vector256.ConditionalSelect(m3, a30 + k3 * v0, a30);
                a31 = Vector256.ConditionalSelect(m3, a31 + k3 * v1, a31);
            }

            a00.StoreUnsafe(ref row0);
            a01.StoreUnsafe(ref row0, 4);
            a10.StoreUnsafe(ref row1);
            a11.StoreUnsafe(ref row1, 4);
            a20.StoreUnsafe(ref row2);
            a21.StoreUnsafe(ref row2, 4);
            a30.StoreUnsafe(ref row3);
            a31.StoreUnsafe(ref row3, 4);
        }

        return i;
    }
}
