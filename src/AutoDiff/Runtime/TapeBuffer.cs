using System;
using System.Runtime.CompilerServices;

namespace AutoDiff.Runtime;

/// <summary>
/// One of <see cref="GradientTape"/>'s buffers: a stack of <typeparamref name="T"/> kept in segments rather than one
/// array. Growing adds a segment and never copies, so the old and the new storage are never both held, and a span
/// handed out by <see cref="Allocate"/> stays in place until the tape is reset below it. Positions (the heights in a
/// <see cref="TapeMark"/>) count from the start of segment 0 through the segments in use; a segment that
/// <see cref="Allocate"/> skipped because the request did not fit in its remainder keeps its unused tail counted, so
/// positions stay contiguous.
/// </summary>
/// <remarks>
/// Segment lengths double from the first up to <c>maxSegmentLength</c> (1 MiB), so pushing n values costs at most
/// n + 1 MiB of storage; a span longer than that gets a segment of its own length. Segments past the one in use are
/// kept for reuse until <see cref="EndOutermostCall"/> or <see cref="Trim"/> drops them (see
/// <see cref="GradientTape"/> for the policy).
/// </remarks>
internal struct TapeBuffer<T>
    where T : unmanaged
{
    private readonly int _maxSegmentLength;

    // The segment in use, how far it is filled, and the position of its first element.
    private T[] _current;
    private int _top;
    private int _start;
    private int _index;

    // Every segment held, in order; _starts[k] is valid for k <= _index (later segments are re-placed on entry).
    private T[][] _segments;
    private int[] _starts;
    private int _count;
    private long _capacity;

    // How far the call reached since the last outermost call ended (its usage: the exact height for spans, for pushes
    // the end of the last segment entered, as tracking the exact height would cost every push a comparison), and the
    // last call that used more than the threshold.
    private long _peakEnd;
    private long _lastLargeCall;
    private long _lastLargeElements;

    public TapeBuffer(int firstLength, int maxSegmentBytes)
    {
        _maxSegmentLength = Math.Max(firstLength, maxSegmentBytes / Unsafe.SizeOf<T>());
        _current = new T[firstLength];
        _segments = new T[8][];
        _segments[0] = _current;
        _starts = new int[8];
        _count = 1;
        _capacity = firstLength;
        _peakEnd = 0;
        _lastLargeCall = long.MinValue / 2;
    }

    /// <summary>The current position.</summary>
    public readonly int Height => _start + _top;

    /// <summary>Bytes of every segment held.</summary>
    public readonly long RetainedBytes => _capacity * Unsafe.SizeOf<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(T value)
    {
        T[] segment = _current;
        int top = _top;
        if ((uint)top < (uint)segment.Length)
        {
            segment[top] = value;
            _top = top + 1;
        }
        else
        {
            PushToNextSegment(value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Pop()
    {
        T[] segment = _current;
        int top = _top - 1;
        if ((uint)top < (uint)segment.Length)
        {
            _top = top;
            return segment[top];
        }

        return PopFromPreviousSegment();
    }

    /// <summary><paramref name="length"/> consecutive elements (not cleared), contiguous within one segment.</summary>
    public Span<T> Allocate(int length)
    {
        if (length <= _current.Length - _top)
        {
            var span = _current.AsSpan(_top, length);
            _top += length;
            _peakEnd = Math.Max(_peakEnd, (long)_start + _top);
            return span;
        }

        EnterNextSegment(length);
        _top = length;
        _peakEnd = Math.Max(_peakEnd, (long)_start + length);
        return _current.AsSpan(0, length);
    }

    /// <summary>Returns to <paramref name="height"/>, which must not be above the current height.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ResetTo(int height)
    {
        int top = height - _start;
        if ((uint)top <= (uint)_current.Length)
        {
            _top = top;
        }
        else
        {
            ResetToEarlierSegment(height);
        }
    }

    /// <summary>
    /// Called when the tape is empty after an outermost call (call number <paramref name="call"/>): records what
    /// the call used and drops segments by the policy in <see cref="GradientTape"/>.
    /// </summary>
    public void EndOutermostCall(long call, long thresholdBytes, int recentCalls)
    {
        long threshold = thresholdBytes / Unsafe.SizeOf<T>();
        long used = _peakEnd;
        _peakEnd = 0;
        if (used <= threshold && _capacity <= threshold)
        {
            return; // the steady state of small calls: nothing to decide
        }

        if (used > threshold)
        {
            // A large call keeps its storage only if another large call came within the last recentCalls calls: a
            // lone large call gives everything above the threshold back at once, a loop of them reuses it.
            bool repeated = call - _lastLargeCall <= recentCalls;
            long keep = repeated ? Math.Max(used, _lastLargeElements) : 0;
            _lastLargeCall = call;
            _lastLargeElements = used;
            Trim(keep, threshold);
        }
        else
        {
            // A small call: keep what the last large call used while it is recent, then only the threshold, and in
            // any case the segments this call reached (its last one may end past the threshold).
            Trim(Math.Max(used, call - _lastLargeCall <= recentCalls ? _lastLargeElements : 0), threshold);
        }
    }

    /// <summary>
    /// Drops segments past the one in use so that what is held covers <paramref name="keepElements"/> (at least
    /// the segments that fit within <paramref name="thresholdElements"/>, and at least the first).
    /// </summary>
    public void Trim(long keepElements, long thresholdElements)
    {
        long total = 0;
        int keep = 0;
        while (keep < _count)
        {
            int length = _segments[keep].Length;
            long next = total + length;

            // A segment not in use is kept if it fits within the threshold, or if it is needed to cover
            // keepElements and not much longer than that needs (a span's own segment from an earlier, larger call
            // is dropped rather than kept whole).
            bool needed = keep <= _index
                || next <= thresholdElements
                || (total < keepElements && length <= Math.Max(_maxSegmentLength, 2 * (keepElements - total)));
            if (!needed)
            {
                break;
            }

            total = next;
            keep++;
        }

        for (int k = keep; k < _count; k++)
        {
            _segments[k] = null!;
        }

        _count = keep;
        _capacity = total;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushToNextSegment(T value)
    {
        EnterNextSegment(1);
        _current[0] = value;
        _top = 1;
        _peakEnd = Math.Max(_peakEnd, (long)_start + _current.Length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T PopFromPreviousSegment()
    {
        if (_index == 0)
        {
            throw new InvalidOperationException("Nothing left on the gradient tape to pop: pushes and pops do not match.");
        }

        _index--;
        _current = _segments[_index];
        _start = _starts[_index];
        _top = _current.Length - 1;
        return _current[_top];
    }

    /// <summary>
    /// Moves to the segment after the one in use, which must hold at least <paramref name="length"/> elements: a
    /// held one if one is long enough (moved into place), otherwise a new one.
    /// </summary>
    private void EnterNextSegment(int length)
    {
        int next = _index + 1;
        int found = -1;
        for (int k = next; k < _count; k++)
        {
            if (_segments[k].Length >= length)
            {
                found = k;
                break;
            }
        }

        if (found < 0)
        {
            if (_count == _segments.Length)
            {
                Array.Resize(ref _segments, _segments.Length * 2);
                Array.Resize(ref _starts, _starts.Length * 2);
            }

            int scheduled = (int)Math.Min(_maxSegmentLength, 2L * _current.Length);
            _segments[_count] = new T[Math.Max(scheduled, length)];
            _capacity += _segments[_count].Length;
            found = _count++;
        }

        // Move the chosen segment to position next; the one there (too short for this request) goes further back.
        (_segments[next], _segments[found]) = (_segments[found], _segments[next]);
        long start = (long)_start + _current.Length;
        if (start + _segments[next].Length > int.MaxValue)
        {
            throw new InvalidOperationException("The gradient tape would hold more than int.MaxValue elements.");
        }

        _starts[next] = (int)start;
        _index = next;
        _current = _segments[next];
        _start = (int)start;
        _top = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ResetToEarlierSegment(int height)
    {
        if (height > _start + _top || height < 0)
        {
            throw new InvalidOperationException($"A gradient tape can only be reset down to an earlier mark (at {_start + _top}, asked for {height}).");
        }

        while (_starts[_index] > height)
        {
            _index--;
        }

        _current = _segments[_index];
        _start = _starts[_index];
        _top = height - _start;
    }
}
