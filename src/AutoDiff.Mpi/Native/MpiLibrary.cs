using System;
using System.Runtime.InteropServices;
using System.Text;

namespace AutoDiff.Mpi.Native;

/// <summary>
/// The few MPI functions we call, bound at run time from Open MPI's libmpi.so.40 as unmanaged function pointers.
/// Open MPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM...) are the addresses of global objects
/// (<c>ompi_mpi_comm_world</c>...), not the integers MPICH uses, so they are resolved with <see cref="NativeLibrary.GetExport"/>.
/// The library is opened with RTLD_GLOBAL first: Open MPI's plugins look up libmpi's symbols globally.
/// </summary>
internal sealed unsafe class MpiLibrary
{
    /// <summary>MPI_THREAD_SERIALIZED: any thread may call, one at a time (the value is 2 in Open MPI and MPICH).</summary>
    public const int ThreadSerialized = 2;

    private const string LibraryName = "libmpi.so.40";
    private const int RtldNow = 0x2, RtldGlobal = 0x100;

    private readonly delegate* unmanaged<int*, byte***, int, int*, int> _initThread;
    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int*, int> _finalized;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<nint, int, int> _abort;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<nint, nint, int> _commSetErrhandler;
    private readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, int> _allreduce;
    private readonly delegate* unmanaged<void*, int, nint, int, nint, int> _bcast;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, int> _gather;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> _allgather;
    private readonly delegate* unmanaged<nint, int> _barrier;
    private readonly delegate* unmanaged<int, byte*, int*, int> _errorString;

    private MpiLibrary(nint library)
    {
        _initThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export(library, "MPI_Init_thread");
        _initialized = (delegate* unmanaged<int*, int>)Export(library, "MPI_Initialized");
        _finalized = (delegate* unmanaged<int*, int>)Export(library, "MPI_Finalized");
        _finalize = (delegate* unmanaged<int>)Export(library, "MPI_Finalize");
        _abort = (delegate* unmanaged<nint, int, int>)Export(library, "MPI_Abort");
        _commRank = (delegate* unmanaged<nint, int*, int>)Export(library, "MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Export(library, "MPI_Comm_size");
        _commSetErrhandler = (delegate* unmanaged<nint, nint, int>)Export(library, "MPI_Comm_set_errhandler");
        _allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Export(library, "MPI_Allreduce");
        _bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Export(library, "MPI_Bcast");
        _gather = (delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, int>)Export(library, "MPI_Gather");
        _allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Export(library, "MPI_Allgather");
        _barrier = (delegate* unmanaged<nint, int>)Export(library, "MPI_Barrier");
        _errorString = (delegate* unmanaged<int, byte*, int*, int>)Export(library, "MPI_Error_string");
        CommWorld = Export(library, "ompi_mpi_comm_world");
        Double = Export(library, "ompi_mpi_double");
        Int = Export(library, "ompi_mpi_int");
        Byte = Export(library, "ompi_mpi_byte");
        Sum = Export(library, "ompi_mpi_op_sum");
        Max = Export(library, "ompi_mpi_op_max");
        ErrorsReturn = Export(library, "ompi_mpi_errors_return");
    }

    public nint CommWorld { get; }

    public nint Double { get; }

    public nint Int { get; }

    public nint Byte { get; }

    public nint Sum { get; }

    public nint Max { get; }

    public nint ErrorsReturn { get; }

    /// <summary>Opens libmpi.so.40 and binds the functions.</summary>
    /// <exception cref="MpiException">The library or one of its functions is missing.</exception>
    public static MpiLibrary Load()
    {
        nint handle;
        fixed (byte* name = "libmpi.so.40\0"u8)
        {
            handle = DlOpen(name, RtldNow | RtldGlobal);
        }

        if (handle == 0 && !NativeLibrary.TryLoad(LibraryName, out handle))
        {
            throw new MpiException(
                "dlopen", -1, $"cannot load {LibraryName} (Open MPI 4.x; on Debian/Ubuntu: apt-get install openmpi-bin)");
        }

        return new MpiLibrary(handle);
    }

    public int InitThread(int required, out int provided)
    {
        int p;
        int rc = _initThread(null, null, required, &p);
        provided = p;
        return rc;
    }

    public bool IsInitialized()
    {
        int flag;
        return _initialized(&flag) == 0 && flag != 0;
    }

    public bool IsFinalized()
    {
        int flag;
        return _finalized(&flag) == 0 && flag != 0;
    }

    public int Finalize() => _finalize();

    public int Abort(nint comm, int errorCode) => _abort(comm, errorCode);

    public int CommRank(nint comm, out int rank)
    {
        int r;
        int rc = _commRank(comm, &r);
        rank = r;
        return rc;
    }

    public int CommSize(nint comm, out int size)
    {
        int s;
        int rc = _commSize(comm, &s);
        size = s;
        return rc;
    }

    public int CommSetErrhandler(nint comm, nint handler) => _commSetErrhandler(comm, handler);

    public int Allreduce(void* send, void* receive, int count, nint type, nint op, nint comm) => _allreduce(send, receive, count, type, op, comm);

    public int Bcast(void* buffer, int count, nint type, int root, nint comm) => _bcast(buffer, count, type, root, comm);

    public int Gather(void* send, int count, nint type, void* receive, int root, nint comm) =>
        _gather(send, count, type, receive, count, type, root, comm);

    public int Allgather(void* send, int count, nint type, void* receive, nint comm) =>
        _allgather(send, count, type, receive, count, type, comm);

    public int Barrier(nint comm) => _barrier(comm);

    /// <summary>MPI_Error_string's text for a return code.</summary>
    public string ErrorString(int code)
    {
        // MPI_MAX_ERROR_STRING is 256 in Open MPI and 1024 in MPICH.
        byte* buffer = stackalloc byte[1024];
        int length;
        return _errorString(code, buffer, &length) == 0 ? Encoding.ASCII.GetString(buffer, Math.Clamp(length, 0, 1024)) : $"MPI error {code}";
    }

    private static nint Export(nint library, string name)
    {
        if (!NativeLibrary.TryGetExport(library, name, out nint address))
        {
            throw new MpiException("dlsym", -1, $"{LibraryName} has no symbol {name}: is it Open MPI 4.x?");
        }

        return address;
    }

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern nint DlOpen(byte* fileName, int flags);
}
