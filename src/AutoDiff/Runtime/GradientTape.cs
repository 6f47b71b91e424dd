using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiff.Runtime;

/// <summary>
/// The stack on which generated reverse-mode code saves what its reverse sweep needs and its forward sweep
/// overwrites inside loops: earlier values of locals, branch decisions, loop trip counts. One tape per thread, so two
/// threads may run the same gradient at once; its buffers grow to the largest call and are then reused, so calls in a
/// steady state allocate nothing. Generated code takes a <see cref="Mark"/> on entry and <see cref="Reset"/>s to it on
/// exit, so calls nest (a gradient calling another's pullback) and an exception leaves nothing behind.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GradientTape
{
    [ThreadStatic]
    private static GradientTape? s_current;

    private double[] _doubles = new double[1024];
    private int[] _ints = new int[256];
    private double[] _scratch = new double[1024];
    private int _doubleCount;
    private int _intCount;
    private int _scratchCount;

    private GradientTape()
    {
    }

    /// <summary>This thread's tape.</summary>
    public static GradientTape Current => s_current ??= new GradientTape();

    /// <summary>The current height of the tape, to return to with <see cref="Reset"/>.</summary>
    public TapeMark Mark() => new(_doubleCount, _intCount, _scratchCount);

    /// <summary>Drops everything pushed since <paramref name="mark"/> was taken.</summary>
    public void Reset(TapeMark mark)
    {
        _doubleCount = mark.Doubles;
        _intCount = mark.Ints;
        _scratchCount = mark.Scratch;
    }

    /// <summary>Saves a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        if (_doubleCount == _doubles.Length)
        {
            Array.Resize(ref _doubles, _doubles.Length * 2);
        }

        _doubles[_doubleCount++] = value;
    }

    /// <summary>Takes back the double pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopDouble() => _doubles[--_doubleCount];

    /// <summary>Saves an integer (a local, or a loop's trip count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value)
    {
        if (_intCount == _ints.Length)
        {
            Array.Resize(ref _ints, _ints.Length * 2);
        }

        _ints[_intCount++] = value;
    }

    /// <summary>Takes back the integer pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt() => _ints[--_intCount];

    /// <summary>Saves a branch decision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool value) => Push(value ? 1 : 0);

    /// <summary>Takes back the decision pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PopBool() => PopInt() != 0;

    /// <summary>
    /// A zeroed span of <paramref name="length"/> doubles (the adjoint of a local array), valid until the tape is
    /// reset below this point. Spans come from a buffer of their own, apart from the pushed values, so that popping
    /// never reaches into them; if the buffer grows later, a span keeps the old one, which is still only its own.
    /// </summary>
    public Span<double> AllocateZeroed(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_scratchCount + length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchCount + length));
        }

        var span = _scratch.AsSpan(_scratchCount, length);
        span.Clear();
        _scratchCount += length;
        return span;
    }
}

/// <summary>A height of a <see cref="GradientTape"/>.</summary>
/// <param name="Doubles">How many doubles were on the tape.</param>
/// <param name="Ints">How many integers were on the tape.</param>
/// <param name="Scratch">How many scratch doubles were handed out.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct TapeMark(int Doubles, int Ints, int Scratch);
