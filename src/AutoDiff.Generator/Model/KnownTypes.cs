namespace AutoDiff.Generator.Model;

/// <summary>
/// The types and runtime members generated code names, fully qualified: one home for them (with
/// <see cref="GeneratedNames"/> for the names of the generated members).
/// </summary>
internal static class KnownTypes
{
    public const string SpanOfDouble = "global::System.Span<double>";
    public const string ReadOnlySpanOfDouble = "global::System.ReadOnlySpan<double>";
    public const string Math = "global::System.Math";
    public const string Double = "global::System.Double";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string ThrowIfNull = "global::System.ArgumentNullException.ThrowIfNull";
    public const string EmptyDoubleArray = "global::System.Array.Empty<double>()";
    public const string MathNetMatrix = "global::MathNet.Numerics.LinearAlgebra.Matrix<double>";

    public const string Objective = "global::AutoDiff.Optimization.Objective";
    public const string StochasticObjective = "global::AutoDiff.Optimization.StochasticObjective";
    public const string Dataset = "global::AutoDiff.Optimization.Dataset";

    /// <summary>The thread's tape (<c>AutoDiff.Runtime.GradientTape</c>).</summary>
    public const string CurrentTape = "global::AutoDiff.Runtime.GradientTape.Current";
    public const string DenseHessianFill = "global::AutoDiff.Runtime.DenseHessian.Fill";
    public const string DenseHessianMatrix = "global::AutoDiff.Runtime.DenseHessian.Matrix";
    public const string NotOverlapping = "global::AutoDiff.Runtime.GeneratedArgumentChecks.NotOverlapping";
    public const string PackedLength = "global::AutoDiff.Runtime.GeneratedArgumentChecks.PackedLength";
    public const string VectorDot = "global::AutoDiff.Runtime.VectorKernels.Dot";
    public const string VectorMultiplyAdd = "global::AutoDiff.Runtime.VectorKernels.MultiplyAdd";
    public const string ClearOutside = "global::AutoDiff.Runtime.VectorKernels.ClearOutside";

    // The blocked kernels of loop nests (Transforms/MatrixBlocks.cs).
    public const string MatrixDotProducts = "global::AutoDiff.Runtime.MatrixKernels.DotProducts";
    public const string MatrixAddProductRows = "global::AutoDiff.Runtime.MatrixKernels.AddProductRows";

    // The lane loops (Transforms/LaneLoops.cs).
    public const string RealLanes = "global::System.Runtime.Intrinsics.Vector256<double>";
    public const string Vector256 = "global::System.Runtime.Intrinsics.Vector256";
    public const string LoadLanes = "global::AutoDiff.Runtime.VectorKernels.LoadLanes";
    public const string StoreLanes = "global::AutoDiff.Runtime.VectorKernels.StoreLanes";
    public const string ShiftLanesIn = "global::AutoDiff.Runtime.VectorKernels.ShiftLanesIn";
    public const string Disjoint = "global::AutoDiff.Runtime.VectorKernels.Disjoint";
}
