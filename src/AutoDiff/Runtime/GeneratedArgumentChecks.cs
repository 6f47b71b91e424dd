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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(string outputName, string otherName) =>
        throw new ArgumentException($"'{outputName}' must not overlap '{otherName}': outputs are written while inputs are still read.", outputName);
}
