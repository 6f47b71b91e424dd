using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiff.Runtime;

/// <summary>Argument checks that generated derivative methods make before they read or write anything.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedArgumentChecks
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="outputName"/> when <paramref name="output"/> shares
    /// memory with <paramref name="other"/>: a generated method clears and writes its outputs while it still reads its
    /// inputs, so <c>FGradient(x, x)</c> would compute garbage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NotOverlapping(ReadOnlySpan<double> output, ReadOnlySpan<double> other, string outputName, string otherName)
    {
        if (output.Overlaps(other))
        {
            Throw(outputName, otherName);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <c>x</c> unless it has <paramref name="count"/> elements: the generated
    /// objective of a method of several <c>double</c> parameters packs them into x in declaration order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PackedLength(ReadOnlySpan<double> x, int count, string method)
    {
        if (x.Length != count)
        {
            ThrowPacked(x.Length, count, method);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowPacked(int length, int count, string method) =>
        throw new ArgumentException($"'x' has {length} elements; the objective of '{method}' takes its {count} double parameters packed in declaration order.", "x");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(string outputName, string otherName) =>
        throw new ArgumentException($"'{outputName}' must not overlap '{otherName}': outputs are written while inputs are still read.", outputName);
}
