using System;
using System.Runtime.InteropServices;
using AutoDiff.Mpi.Native;

namespace AutoDiff.Mpi;

/// <summary>
/// MPI for this process: initialised once (MPI_Init_thread, MPI_THREAD_SERIALIZED), finalised on <see cref="Dispose"/>.
/// A process not started by <c>mpirun</c> (no Open MPI or PMI variables in its environment) gets a one-process world
/// without loading MPI at all, so the same program runs on a laptop with no MPI installed.
/// </summary>
/// <example>
/// <code>
/// return MpiEnvironment.Run(world =>
/// {
///     var objective = DistributedStochasticObjective.FromFullData(world, Losses.SquaredPullback, data, shardCount: 8);
///     var result = new DistributedStochasticSolver(new AdamSolver(options)).Minimize(objective, w0);
///     if (world.IsRoot) Console.WriteLine(result);
///     return 0;
/// });
/// </code>
/// </example>
public sealed class MpiEnvironment : IDisposable
{
    private static readonly object Gate = new();
    private static MpiEnvironment? _current;
    private readonly MpiSessionHandle? _session;

    private MpiEnvironment(MpiLibrary? library)
    {
        if (library is null)
        {
            World = new MpiCommunicator(null, 0, 0, 1);
            return;
        }

        _session = MpiSessionHandle.Initialize(library);
        nint world = library.CommWorld;
        // Errors come back as codes (turned into MpiException) instead of killing the job inside MPI.
        MpiCommunicator.Check(library, library.CommSetErrhandler(world, library.ErrorsReturn), "MPI_Comm_set_errhandler");
        MpiCommunicator.Check(library, library.CommRank(world, out int rank), "MPI_Comm_rank");
        MpiCommunicator.Check(library, library.CommSize(world, out int size), "MPI_Comm_size");
        World = new MpiCommunicator(library, world, rank, size);
    }

    /// <summary>MPI_COMM_WORLD: every process of the job.</summary>
    public MpiCommunicator World { get; }

    /// <summary>Whether this process was started by an MPI launcher (otherwise the world is this process alone).</summary>
    public bool IsLaunchedByMpi => _session is not null;

    /// <summary>Whether the environment says an MPI launcher (Open MPI's mpirun, PMIx or PMI) started this process.</summary>
    public static bool LaunchedByMpirun =>
        Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null
        || Environment.GetEnvironmentVariable("PMIX_RANK") is not null
        || Environment.GetEnvironmentVariable("PMI_SIZE") is not null;

    /// <summary>Initialises MPI (or the one-process world); once per process.</summary>
    /// <returns>The environment; dispose it to finalise MPI.</returns>
    /// <exception cref="InvalidOperationException">MPI was already initialised by this library in this process.</exception>
    /// <exception cref="MpiException">libmpi.so.40 cannot be loaded or MPI_Init_thread failed.</exception>
    public static MpiEnvironment Initialize()
    {
        lock (Gate)
        {
            if (_current is not null)
            {
                throw new InvalidOperationException("MPI is already initialised in this process; use that environment.");
            }

            _current = new MpiEnvironment(LaunchedByMpirun ? MpiLibrary.Load() : null);
            return _current;
        }
    }

    /// <summary>
    /// Initialises MPI, runs <paramref name="body"/> on this rank, and finalises. If the body throws on any rank, that
    /// rank prints the exception and calls MPI_Abort, which ends every rank of the job (the others would otherwise wait
    /// forever in their next collective call).
    /// </summary>
    /// <param name="body">The rank's program; returns the process exit code.</param>
    /// <returns>The body's exit code (an aborted job does not return).</returns>
    public static int Run(Func<MpiCommunicator, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using MpiEnvironment environment = Initialize();
        try
        {
            return body(environment.World);
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"rank {environment.World.Rank} of {environment.World.Size}: {exception}");
            Console.Error.Flush();
            environment.World.Abort(1);
            throw;
        }
    }

    /// <summary>Finalises MPI (MPI_Finalize; every rank must call it). MPI cannot be initialised again in this process.</summary>
    public void Dispose() => _session?.Dispose();

    /// <summary>Owns MPI initialisation: released by MPI_Finalize, once, even if the environment is never disposed.</summary>
    private sealed class MpiSessionHandle : SafeHandle
    {
        private readonly MpiLibrary _library;

        private MpiSessionHandle(MpiLibrary library)
            : base(0, ownsHandle: true)
        {
            _library = library;
        }

        public override bool IsInvalid => handle == 0;

        public static MpiSessionHandle Initialize(MpiLibrary library)
        {
            var session = new MpiSessionHandle(library);
            if (!library.IsInitialized())
            {
                MpiCommunicator.Check(library, library.InitThread(MpiLibrary.ThreadSerialized, out _), "MPI_Init_thread");
            }

            session.SetHandle(1);
            return session;
        }

        protected override bool ReleaseHandle() => _library.IsFinalized() || _library.Finalize() == 0;
    }
}
