using System;

namespace AutoDiff.Mpi;

/// <summary>An MPI call failed: names the call, MPI's error code and MPI's message.</summary>
public sealed class MpiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="call">The MPI function, e.g. <c>MPI_Allreduce</c>.</param>
    /// <param name="errorCode">The code it returned (-1 when the library could not be loaded).</param>
    /// <param name="detail">MPI's error string or what went wrong.</param>
    public MpiException(string call, int errorCode, string detail)
        : base($"{call} failed ({errorCode}): {detail}")
    {
        Call = call;
        ErrorCode = errorCode;
    }

    /// <summary>The MPI function that failed.</summary>
    public string Call { get; }

    /// <summary>The error code it returned.</summary>
    public int ErrorCode { get; }
}
