using System;
using System.Threading;
using AutoDiff.Runtime;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>
/// The per-thread tape's memory: values round-trip across its segments, a lone large call gives its storage back,
/// repeated large calls reuse theirs, and small calls allocate nothing. Each test runs on a thread of its own, so it
/// starts from a fresh tape whatever other tests did before on the runner's threads.
/// </summary>
public class GradientTapeMemoryTests
{
    // A segmented buffer keeps up to the threshold each, so an idle tape holds at most three thresholds.
    private const long IdleBound = 3 * GradientTape.ShrinkThresholdBytes;

    [Fact]
    public void Pushes_and_pops_round_trip_across_segment_boundaries()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            var outer = tape.Mark();
            const int count = 700_000; // 5.6 MB of doubles, 2.8 MB of ints: many segments of each
            for (int i = 0; i < count; i++)
            {
                tape.Push(i + 0.5);
                tape.Push(-i);
                if (i % 3 == 0)
                {
                    tape.Push(i % 2 == 0);
                }
            }

            for (int i = count - 1; i >= 0; i--)
            {
                if (i % 3 == 0)
                {
                    Assert.Equal(i % 2 == 0, tape.PopBool());
                }

                Assert.Equal(-i, tape.PopInt());
                Assert.Equal(i + 0.5, tape.PopDouble());
            }

            Assert.Equal(outer, tape.Mark());
            tape.Reset(outer);
        });
    }

    [Fact]
    public void Reset_to_a_mark_in_an_earlier_segment_and_pushing_again_keeps_earlier_values()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            var start = tape.Mark();
            for (int i = 0; i < 5_000; i++)
            {
                tape.Push((double)i);
            }

            var middle = tape.Mark();
            Assert.Equal(5_000, middle.Doubles);
            for (int i = 0; i < 400_000; i++)
            {
                tape.Push(-1.0);
                tape.Push(-1);
            }

            tape.Reset(middle); // back across many segment boundaries
            Assert.Equal(middle, tape.Mark());
            for (int i = 0; i < 300_000; i++)
            {
                tape.Push(1e6 + i);
            }

            for (int i = 300_000 - 1; i >= 0; i--)
            {
                Assert.Equal(1e6 + i, tape.PopDouble());
            }

            for (int i = 5_000 - 1; i >= 0; i--)
            {
                Assert.Equal((double)i, tape.PopDouble());
            }

            tape.Reset(start);
        });
    }

    [Fact]
    public void Popping_more_than_was_pushed_throws()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            Assert.Throws<InvalidOperationException>(() => tape.PopDouble());
            Assert.Throws<InvalidOperationException>(() => tape.PopInt());
        });
    }

    [Fact]
    public void Scratch_spans_are_zeroed_separate_and_stay_put_while_the_buffer_grows()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            var mark = tape.Mark();
            int[] lengths = [10, 1_000, 5_000, 0, 300_000, 7, 150_000, 2_000];
            for (int round = 0; round < 2; round++)
            {
                AllocateAndCheck(tape, lengths, 0); // the second round gets the same storage back, zeroed again
                tape.Reset(mark);
            }
        });

        // Takes span k, fills it with k + 1, takes the later ones, then checks span k was not written by them.
        static void AllocateAndCheck(GradientTape tape, int[] lengths, int k)
        {
            if (k == lengths.Length)
            {
                Assert.True(tape.Mark().Scratch >= 458_017, "the height covers every span");
                return;
            }

            var span = tape.AllocateZeroed(lengths[k]);
            Assert.Equal(lengths[k], span.Length);
            Assert.True(span.IndexOfAnyExcept(0.0) < 0, "a scratch span must come zeroed");
            span.Fill(k + 1);
            AllocateAndCheck(tape, lengths, k + 1);
            Assert.True(span.IndexOfAnyExcept(k + 1.0) < 0, $"span {k} was overwritten");
        }
    }

    [Fact]
    public void Spans_handed_out_before_a_growth_keep_their_contents()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            var mark = tape.Mark();
            var first = tape.AllocateZeroed(800);
            first.Fill(3.0);
            var second = tape.AllocateZeroed(1_000_000); // does not fit: a new segment, the first span stays put
            second.Fill(4.0);
            Assert.True(first.IndexOfAnyExcept(3.0) < 0);
            Assert.True(second.IndexOfAnyExcept(4.0) < 0);
            Assert.False(first.Overlaps(second));
            tape.Reset(mark);
        });
    }

    [Fact]
    public void A_lone_large_call_gives_its_storage_back_when_it_returns()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            Assert.True(tape.RetainedBytes <= IdleBound);
            long peak = LargeCall(tape, 2_000_000);
            Assert.True(peak > 30 * GradientTape.ShrinkThresholdBytes, $"the call should have held a lot: {peak}");
            Assert.True(tape.RetainedBytes <= IdleBound, $"retained {tape.RetainedBytes} bytes after a lone large call");
        });
    }

    [Fact]
    public void Repeated_large_calls_reuse_their_storage_and_it_goes_once_they_stop()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            for (int call = 0; call < 3; call++)
            {
                LargeCall(tape, 500_000);
            }

            Assert.True(tape.RetainedBytes > IdleBound, "a second large call within RecentCalls keeps its storage");
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < 5; call++)
            {
                LargeCall(tape, 500_000);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

            // Small calls in between do not drop it either, as long as the next large call comes within RecentCalls calls.
            for (int call = 0; call < GradientTape.RecentCalls - 1; call++)
            {
                SmallCall(tape);
            }

            Assert.True(tape.RetainedBytes > IdleBound);
            before = GC.GetAllocatedBytesForCurrentThread();
            LargeCall(tape, 500_000);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

            // Once large calls stop, the storage goes after RecentCalls more calls.
            for (int call = 0; call <= GradientTape.RecentCalls; call++)
            {
                SmallCall(tape);
            }

            Assert.True(tape.RetainedBytes <= IdleBound, $"retained {tape.RetainedBytes} bytes after the large calls stopped");
        });
    }

    [Fact]
    public void A_smaller_large_call_after_a_larger_one_keeps_only_what_the_two_used()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            LargeCall(tape, 2_000_000);
            LargeCall(tape, 2_000_000);
            long large = tape.RetainedBytes;
            LargeCall(tape, 300_000);
            Assert.Equal(large, tape.RetainedBytes); // the larger of the last two
            LargeCall(tape, 300_000);
            Assert.True(tape.RetainedBytes < large / 4, $"{tape.RetainedBytes} of {large}");
        });
    }

    [Fact]
    public void A_call_under_the_threshold_whose_last_segment_ends_past_it_does_not_reallocate()
    {
        OnNewThread(() =>
        {
            // An HVP's shape: a scratch gradient of 800 KB, then two small adjoint buffers, which need a segment
            // scheduled at 1 MiB: the call used less than the threshold but reached a segment ending past it.
            var tape = GradientTape.Current;
            for (int call = 0; call < 3; call++)
            {
                Call(tape);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < 20; call++)
            {
                Call(tape);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        });

        static void Call(GradientTape tape)
        {
            var mark = tape.Mark();
            tape.AllocateZeroed(100_000)[0] = 1;
            tape.AllocateZeroed(2)[1] = 1;
            tape.AllocateZeroed(2)[1] = 1;
            tape.Reset(mark);
        }
    }

    [Fact]
    public void TrimExcess_gives_back_what_repeated_large_calls_kept()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            LargeCall(tape, 500_000);
            LargeCall(tape, 500_000);
            Assert.True(tape.RetainedBytes > IdleBound);
            tape.TrimExcess();
            Assert.True(tape.RetainedBytes <= IdleBound);
        });
    }

    [Fact]
    public void Steady_small_calls_allocate_nothing()
    {
        OnNewThread(() =>
        {
            var tape = GradientTape.Current;
            for (int call = 0; call < 3; call++)
            {
                SmallCall(tape);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < 200; call++)
            {
                SmallCall(tape);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        });
    }

    [Fact]
    public void A_lone_large_generated_gradient_leaves_the_tape_small()
    {
        OnNewThread(() =>
        {
            const int n = 300_000; // the gradient tapes and takes scratch of n doubles each: 2.4 MB apiece
            double[] x = Point(n, 16), g = new double[n];
            var tape = GradientTape.Current;
            LocalArrayObjectives.PrefixSumSquaresGradient(x, g);
            Assert.True(tape.RetainedBytes <= IdleBound, $"retained {tape.RetainedBytes} bytes after the gradient");

            // d/dx_j sum_i P_i^2 = 2 sum_{i >= j} P_i: the gradient is still right after crossing many segments.
            double prefix = 0, suffix = 0;
            double[] p = new double[n];
            for (int i = 0; i < n; i++)
            {
                prefix += x[i];
                p[i] = prefix;
            }

            for (int j = n - 1; j >= 0; j--)
            {
                suffix += p[j];
                Assert.Equal(2 * suffix, g[j], 1e-9 * Math.Max(1, Math.Abs(2 * suffix)));
            }
        });
    }

    [Fact]
    public void A_lone_large_generated_HVP_leaves_the_tape_small()
    {
        OnNewThread(() =>
        {
            const int n = 300_000;
            double[] x = Point(n, 17), v = Point(n, 18), hv = new double[n];
            var tape = GradientTape.Current;
            LocalArrayObjectives.PrefixSumSquaresHessianVectorProduct(x, v, hv);
            Assert.True(tape.RetainedBytes <= IdleBound, $"retained {tape.RetainedBytes} bytes after the HVP");

            // A gradient right after it is a repeated large call: it keeps the storage, and the next one reuses it.
            double[] g = new double[n];
            LocalArrayObjectives.PrefixSumSquaresGradient(x, g);
            Assert.True(tape.RetainedBytes > IdleBound);
        });
    }

    private static double[] Point(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextDouble() - 0.5;
        }

        return x;
    }

    /// <summary>An outermost call that pushes <paramref name="count"/> doubles and ints and takes that much scratch; returns what the tape held at its peak.</summary>
    private static long LargeCall(GradientTape tape, int count)
    {
        var mark = tape.Mark();
        if (mark != default)
        {
            throw new InvalidOperationException("a large call here is an outermost call");
        }
        for (int i = 0; i < count; i++)
        {
            tape.Push((double)i);
            tape.Push(i);
        }

        var scratch = tape.AllocateZeroed(count);
        scratch[^1] = 1;
        for (int i = count - 1; i >= 0; i--)
        {
            tape.PopInt();
            tape.PopDouble();
        }

        long peak = tape.RetainedBytes;
        tape.Reset(mark);
        return peak;
    }

    /// <summary>An outermost call that stays within the first segments.</summary>
    private static void SmallCall(GradientTape tape)
    {
        var mark = tape.Mark();
        for (int i = 0; i < 500; i++)
        {
            tape.Push(i * 0.5);
            tape.Push(i);
        }

        var inner = tape.Mark();
        tape.Push(true);
        tape.AllocateZeroed(100)[0] = 1;
        tape.Reset(inner);
        tape.AllocateZeroed(300);
        for (int i = 499; i >= 0; i--)
        {
            tape.PopInt();
            tape.PopDouble();
        }

        tape.Reset(mark);
    }

    private static void OnNewThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize: 4 << 20);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
