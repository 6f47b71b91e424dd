using System;
using System.Diagnostics.CodeAnalysis;
using AutoDiff.Mpi.Native;

namespace AutoDiff.Mpi;

/// <summary>
/// A group of processes (ranks 0..Size-1) and the collective operations the distributed solvers need. Every rank must
/// make the same collective calls in the same order with the same sizes; a call made on only some ranks waits forever.
/// Errors come back as <see cref="MpiException"/> naming the call. In a one-process world (not launched by mpirun) the
/// collectives are copies.
/// </summary>
public sealed unsafe class MpiCommunicator
{
    private readonly MpiLibrary? _library;
    private readonly nint _handle;

    internal MpiCommunicator(MpiLibrary? library, nint handle, int rank, int size)
    {
        _library = library;
        _handle = handle;
        Rank = rank;
        Size = size;
    }

    /// <summary>This process's rank, 0 &lt;= Rank &lt; Size.</summary>
    public int Rank { get; }

    /// <summary>The number of processes.</summary>
    public int Size { get; }

    /// <summary>Whether this is rank 0 (which prints and writes checkpoints).</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>MPI_Allreduce with MPI_SUM: every rank receives the element-wise sum of every rank's <paramref name="send"/>.</summary>
    /// <param name="send">This rank's values.</param>
    /// <param name="receive">The sums; same length as <paramref name="send"/>; must not overlap it.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="MpiException">MPI failed.</exception>
    public void AllreduceSum(ReadOnlySpan<double> send, Span<double> receive) => Allreduce(send, receive, sum: true);

    /// <summary>MPI_Allreduce with MPI_MAX over doubles.</summary>
    /// <param name="send">This rank's values.</param>
    /// <param name="receive">The maxima; same length; must not overlap <paramref name="send"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="MpiException">MPI failed.</exception>
    public void AllreduceMax(ReadOnlySpan<double> send, Span<double> receive) => Allreduce(send, receive, sum: false);

    /// <summary>The largest of every rank's <paramref name="value"/> (MPI_Allreduce, MPI_MAX): how ranks agree on a flag.</summary>
    /// <param name="value">This rank's value.</param>
    /// <returns>The maximum over ranks.</returns>
    /// <exception cref="MpiException">MPI failed.</exception>
    public int AllreduceMax(int value)
    {
        if (_library is null)
        {
            return value;
        }

        int result;
        Check(_library.Allreduce(&value, &result, 1, _library.Int, _library.Max, _handle), "MPI_Allreduce");
        return result;
    }

    /// <summary>MPI_Bcast: <paramref name="root"/>'s buffer is copied to every rank's.</summary>
    /// <param name="buffer">The data on the root; overwritten elsewhere. Same length on every rank.</param>
    /// <param name="root">The sending rank.</param>
    /// <exception cref="MpiException">MPI failed.</exception>
    public void Broadcast(Span<double> buffer, int root = 0)
    {
        CheckRoot(root);
        if (_library is not null)
        {
            fixed (double* p = buffer)
            {
                Check(_library.Bcast(p, buffer.Length, _library.Double, root, _handle), "MPI_Bcast");
            }
        }
    }

    /// <summary>MPI_Bcast of bytes.</summary>
    /// <param name="buffer">The data on the root; overwritten elsewhere. Same length on every rank.</param>
    /// <param name="root">The sending rank.</param>
    /// <exception cref="MpiException">MPI failed.</exception>
    public void Broadcast(Span<byte> buffer, int root = 0)
    {
        CheckRoot(root);
        if (_library is not null)
        {
            fixed (byte* p = buffer)
            {
                Check(_library.Bcast(p, buffer.Length, _library.Byte, root, _handle), "MPI_Bcast");
            }
        }
    }

    /// <summary>MPI_Bcast of one int.</summary>
    /// <param name="value">The value on the root.</param>
    /// <param name="root">The sending rank.</param>
    /// <returns>The root's value.</returns>
    /// <exception cref="MpiException">MPI failed.</exception>
    public int Broadcast(int value, int root = 0)
    {
        CheckRoot(root);
        if (_library is not null)
        {
            Check(_library.Bcast(&value, 1, _library.Int, root, _handle), "MPI_Bcast");
        }

        return value;
    }

    /// <summary>MPI_Gather: the root receives every rank's block, rank r's at [r k, (r + 1) k).</summary>
    /// <param name="send">This rank's k values (k the same on every rank).</param>
    /// <param name="receive">On the root, Size * k values; ignored elsewhere (may be empty).</param>
    /// <param name="root">The receiving rank.</param>
    /// <exception cref="ArgumentException">The root's receive buffer is too short.</exception>
    /// <exception cref="MpiException">MPI failed.</exception>
    public void Gather(ReadOnlySpan<double> send, Span<double> receive, int root = 0)
    {
        CheckRoot(root);
        if (Rank == root && receive.Length < (long)send.Length * Size)
        {
            throw new ArgumentException($"The root needs {(long)send.Length * Size} values, got {receive.Length}.", nameof(receive));
        }

        if (_library is null)
        {
            send.CopyTo(receive);
            return;
        }

        fixed (double* s = send)
        fixed (double* r = receive)
        {
            Check(_library.Gather(s, send.Length, _library.Double, r, root, _handle), "MPI_Gather");
        }
    }

    /// <summary>MPI_Allgather: every rank receives every rank's block, rank r's at [r k, (r + 1) k).</summary>
    /// <param name="send">This rank's k values (k the same on every rank).</param>
    /// <param name="receive">Size * k values; must not overlap <paramref name="send"/>.</param>
    /// <exception cref="ArgumentException">The receive buffer has the wrong length.</exception>
    /// <exception cref="MpiException">MPI failed.</exception>
    public void Allgather(ReadOnlySpan<double> send, Span<double> receive)
    {
        if (receive.Length != (long)send.Length * Size)
        {
            throw new ArgumentException($"Expected {(long)send.Length * Size} values, got {receive.Length}.", nameof(receive));
        }

        if (_library is null)
        {
            send.CopyTo(receive);
            return;
        }

        fixed (double* s = send)
        fixed (double* r = receive)
        {
            Check(_library.Allgather(s, send.Length, _library.Double, r, _handle), "MPI_Allgather");
        }
    }

    /// <summary>MPI_Barrier: returns when every rank has called it.</summary>
    /// <exception cref="MpiException">MPI failed.</exception>
    public void Barrier()
    {
        if (_library is not null)
        {
            Check(_library.Barrier(_handle), "MPI_Barrier");
        }
    }

    /// <summary>MPI_Abort: ends every rank of the job with <paramref name="errorCode"/>. In a one-process world, exits this process.</summary>
    /// <param name="errorCode">The exit code mpirun reports.</param>
    [DoesNotReturn]
    public void Abort(int errorCode)
    {
        if (_library is not null)
        {
            _library.Abort(_handle, errorCode);
        }

        Environment.Exit(errorCode);
        throw new InvalidOperationException("unreachable");
    }

    internal static void Check(MpiLibrary library, int returnCode, string call)
    {
        if (returnCode != 0)
        {
            throw new MpiException(call, returnCode, library.ErrorString(returnCode));
        }
    }

    private void Check(int returnCode, string call) => Check(_library!, returnCode, call);

    private void CheckRoot(int root)
    {
        if (root < 0 || root >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, $"Must lie in [0, {Size}).");
        }
    }

    private void Allreduce(ReadOnlySpan<double> send, Span<double> receive, bool sum)
    {
        if (send.Length != receive.Length)
        {
            throw new ArgumentException($"Expected length {send.Length}, got {receive.Length}.", nameof(receive));
        }

        if (_library is null)
        {
            send.CopyTo(receive);
            return;
        }

        fixed (double* s = send)
        fixed (double* r = receive)
        {
            Check(_library.Allreduce(s, r, send.Length, _library.Double, sum ? _library.Sum : _library.Max, _handle), "MPI_Allreduce");
        }
    }
}
