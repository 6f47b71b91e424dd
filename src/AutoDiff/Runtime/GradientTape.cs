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
/// <remarks>
/// <para>
/// Memory: the tape has three buffers (pushed doubles, pushed integers, and the scratch spans of
/// <see cref="AllocateZeroed"/>), each a list of segments whose lengths double up to 1 MiB: growing adds a segment
/// and never copies, so the old and the new storage are never both held.
/// </para>
/// <para>
/// Shrinking: when a call leaves the tape empty (the outermost call returns), each buffer looks at what that call used.
/// A buffer keeps <see cref="ShrinkThresholdBytes"/> (1 MiB) for good, plus the segments a small call (one that used
/// less) reached, and more only while a large call (one that used more) is repeated: a large call keeps its storage
/// only if another large call ended within the last <see cref="RecentCalls"/> (8) outermost calls, and then only what
/// the larger of the two used. So a lone
/// 10^7-parameter gradient gives its hundreds of MiB back as it returns; a loop of them (an optimiser's iterations)
/// allocates on its first two calls and then reuses the storage; and once the large calls stop, the storage goes after
/// 8 more calls on the thread. <see cref="TrimExcess"/> gives it back at once (for a thread that stops differentiating
/// after a loop of large calls).
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GradientTape
{
    /// <summary>What each buffer keeps for good, in bytes; more is kept only while large calls repeat.</summary>
    public const long ShrinkThresholdBytes = 1L << 20;

    /// <summary>How many outermost calls apart two large calls may be for the second to keep its storage.</summary>
    public const int RecentCalls = 8;

    private const int MaxSegmentBytes = 1 << 20;

    [ThreadStatic]
    private static GradientTape? s_current;

    private TapeBuffer<double> _doubles = new(1024, MaxSegmentBytes);
    private TapeBuffer<int> _ints = new(256, MaxSegmentBytes);
    private TapeBuffer<double> _scratch = new(1024, MaxSegmentBytes);
    private long _outermostCalls;

    private GradientTape()
    {
    }

    /// <summary>This thread's tape.</summary>
    public static GradientTape Current => s_current ??= new GradientTape();

    /// <summary>Bytes this tape's buffers hold now (pushed values, integers and scratch, used or kept for reuse).</summary>
    public long RetainedBytes => _doubles.RetainedBytes + _ints.RetainedBytes + _scratch.RetainedBytes;

    /// <summary>The current height of the tape, to return to with <see cref="Reset"/>.</summary>
    public TapeMark Mark() => new(_doubles.Height, _ints.Height, _scratch.Height);

    /// <summary>Drops everything pushed since <paramref name="mark"/> was taken.</summary>
    public void Reset(TapeMark mark)
    {
        _doubles.ResetTo(mark.Doubles);
        _ints.ResetTo(mark.Ints);
        _scratch.ResetTo(mark.Scratch);
        if ((mark.Doubles | mark.Ints | mark.Scratch) == 0)
        {
            EndOutermostCall();
        }
    }

    /// <summary>
    /// Gives back everything above <see cref="ShrinkThresholdBytes"/> per buffer that is not in use now, whatever
    /// the recent calls were.
    /// </summary>
    public void TrimExcess()
    {
        _doubles.Trim(0, ShrinkThresholdBytes / sizeof(double));
        _ints.Trim(0, ShrinkThresholdBytes / sizeof(int));
        _scratch.Trim(0, ShrinkThresholdBytes / sizeof(double));
    }

    /// <summary>Saves a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value) => _doubles.Push(value);

    /// <summary>Takes back the double pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopDouble() => _doubles.Pop();

    /// <summary>Saves an integer (a local, or a loop's trip count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value) => _ints.Push(value);

    /// <summary>Takes back the integer pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt() => _ints.Pop();

    /// <summary>Saves a <c>uint</c> local, bit for bit, in one integer slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(uint value) => _ints.Push(unchecked((int)value));

    /// <summary>Takes back the <c>uint</c> pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint PopUInt() => unchecked((uint)_ints.Pop());

    /// <summary>Saves a <c>long</c> local exactly, as two integer slots (low half first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(long value)
    {
        _ints.Push(unchecked((int)value));
        _ints.Push((int)(value >> 32));
    }

    /// <summary>Takes back the <c>long</c> pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long PopLong()
    {
        long high = _ints.Pop();
        return (high << 32) | unchecked((uint)_ints.Pop());
    }

    /// <summary>Saves a <c>ulong</c> local exactly, as two integer slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(ulong value) => Push(unchecked((long)value));

    /// <summary>Takes back the <c>ulong</c> pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong PopULong() => unchecked((ulong)PopLong());

    /// <summary>Saves a branch decision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool value) => _ints.Push(value ? 1 : 0);

    /// <summary>Takes back the decision pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PopBool() => _ints.Pop() != 0;

    /// <summary>
    /// A zeroed span of <paramref name="length"/> doubles (the adjoint of a local array), valid until the tape is
    /// reset below this point. Spans come from a buffer of their own, apart from the pushed values, so that popping
    /// never reaches into them; the buffer grows by adding segments, so a span never moves.
    /// </summary>
    public Span<double> AllocateZeroed(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var span = _scratch.Allocate(length);
        span.Clear();
        return span;
    }

    private void EndOutermostCall()
    {
        long call = ++_outermostCalls;
        _doubles.EndOutermostCall(call, ShrinkThresholdBytes, RecentCalls);
        _ints.EndOutermostCall(call, ShrinkThresholdBytes, RecentCalls);
        _scratch.EndOutermostCall(call, ShrinkThresholdBytes, RecentCalls);
    }
}

/// <summary>A height of a <see cref="GradientTape"/>.</summary>
/// <param name="Doubles">How many doubles were on the tape.</param>
/// <param name="Ints">How many integers were on the tape.</param>
/// <param name="Scratch">How far the scratch spans reached.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct TapeMark(int Doubles, int Ints, int Scratch);
