namespace AutoDiff.Mpi;

/// <summary>How the ranks of a <see cref="DistributedStochasticObjective"/> combine their gradients.</summary>
public enum GradientReduction
{
    /// <summary>
    /// Every rank receives every virtual shard's gradient (MPI_Allgather, S d doubles) and adds them in shard order: the
    /// same bits for any number of ranks, and the same as one process with <c>StochasticOptions.VirtualShards</c> = S.
    /// </summary>
    Fold,

    /// <summary>
    /// Each rank adds its own shards, then MPI_Allreduce sums the ranks (d doubles, MPI's own order): the same bits for a
    /// fixed number of ranks, within rounding (about 1e-16 relative per step) of <see cref="Fold"/> otherwise.
    /// </summary>
    Allreduce,
}
