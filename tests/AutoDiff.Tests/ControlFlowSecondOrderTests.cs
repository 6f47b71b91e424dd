using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>The shape of a generated Hessian-vector product for a method of one span parameter.</summary>
public delegate double VectorHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

/// <summary>
/// The generated Hessian-vector products (forward over reverse) of the single-span control-flow objectives, against
/// central differences of their generated gradients along v, at the same points the gradient cases use (which keep
/// away from branch boundaries).
/// </summary>
public sealed class ControlFlowSecondOrderTests
{
    private static readonly Dictionary<string, VectorHessianVectorProduct> Products = new()
    {
        [nameof(ControlFlowObjectives.ExtendedRosenbrock)] = ControlFlowObjectives.ExtendedRosenbrockHessianVectorProduct,
        [nameof(ControlFlowObjectives.ProductOfEntries)] = ControlFlowObjectives.ProductOfEntriesHessianVectorProduct,
        [nameof(ControlFlowObjectives.PairwiseInteraction)] = ControlFlowObjectives.PairwiseInteractionHessianVectorProduct,
        [nameof(ControlFlowObjectives.LogSumExp)] = ControlFlowObjectives.LogSumExpHessianVectorProduct,
        [nameof(ControlFlowObjectives.LeakyReluSum)] = ControlFlowObjectives.LeakyReluSumHessianVectorProduct,
        [nameof(ControlFlowObjectives.CubesOfPositiveEntries)] = ControlFlowObjectives.CubesOfPositiveEntriesHessianVectorProduct,
        [nameof(ControlFlowObjectives.ReturnAtFirstLargeEntry)] = ControlFlowObjectives.ReturnAtFirstLargeEntryHessianVectorProduct,
        [nameof(ControlFlowObjectives.RunningMaximumSum)] = ControlFlowObjectives.RunningMaximumSumHessianVectorProduct,
        [nameof(ControlFlowObjectives.NeighbourProductsByTernary)] = ControlFlowObjectives.NeighbourProductsByTernaryHessianVectorProduct,
        [nameof(LocalArrayObjectives.PrefixSumSquares)] = LocalArrayObjectives.PrefixSumSquaresHessianVectorProduct,
        [nameof(LocalArrayObjectives.StaticTableWeightedSines)] = LocalArrayObjectives.StaticTableWeightedSinesHessianVectorProduct,
        [nameof(LocalArrayObjectives.SortedWeightedSum)] = LocalArrayObjectives.SortedWeightedSumHessianVectorProduct,
        [nameof(LocalArrayObjectives.ProductThroughLocalArray)] = LocalArrayObjectives.ProductThroughLocalArrayHessianVectorProduct,
        [nameof(CallObjectives.SmoothnessPenalty)] = CallObjectives.SmoothnessPenaltyHessianVectorProduct,
        [nameof(CallObjectives.SumOfNewtonRoots)] = CallObjectives.SumOfNewtonRootsHessianVectorProduct,
        [nameof(CallObjectives.CrossEntropyOverAllLabels)] = CallObjectives.CrossEntropyOverAllLabelsHessianVectorProduct,
        [nameof(LoopShapeObjectives.DoublingStride)] = LoopShapeObjectives.DoublingStrideHessianVectorProduct,
        [nameof(LoopShapeObjectives.SkipAfterNegative)] = LoopShapeObjectives.SkipAfterNegativeHessianVectorProduct,
        [nameof(LoopShapeObjectives.LeadingPositiveProduct)] = LoopShapeObjectives.LeadingPositiveProductHessianVectorProduct,
        [nameof(LoopShapeObjectives.DoLoopWithContinue)] = LoopShapeObjectives.DoLoopWithContinueHessianVectorProduct,
        [nameof(LoopShapeObjectives.ReturnFromWhile)] = LoopShapeObjectives.ReturnFromWhileHessianVectorProduct,
        [nameof(LoopShapeObjectives.ReturnFromDo)] = LoopShapeObjectives.ReturnFromDoHessianVectorProduct,
        [nameof(LoopShapeObjectives.CarryForwardSquares)] = LoopShapeObjectives.CarryForwardSquaresHessianVectorProduct,
        [nameof(LoopShapeObjectives.SumOfClipped)] = LoopShapeObjectives.SumOfClippedHessianVectorProduct,
        [nameof(LoopShapeObjectives.ForeachUntilLarge)] = LoopShapeObjectives.ForeachUntilLargeHessianVectorProduct,
        [nameof(LoopShapeObjectives.InfiniteLoopWithBreakAndContinue)] = LoopShapeObjectives.InfiniteLoopWithBreakAndContinueHessianVectorProduct,
        [nameof(LoopShapeObjectives.CompoundElementAssignments)] = LoopShapeObjectives.CompoundElementAssignmentsHessianVectorProduct,
        [nameof(LoopShapeObjectives.HelperOnLocalArrays)] = LoopShapeObjectives.HelperOnLocalArraysHessianVectorProduct,
        [nameof(LoopShapeObjectives.CounterUsedAfterLoop)] = LoopShapeObjectives.CounterUsedAfterLoopHessianVectorProduct,
        [nameof(LoopShapeObjectives.NestedGuardedTernaries)] = LoopShapeObjectives.NestedGuardedTernariesHessianVectorProduct,
        [nameof(LoopShapeObjectives.LargestEntryPlusPrefix)] = LoopShapeObjectives.LargestEntryPlusPrefixHessianVectorProduct,
        [nameof(LoopShapeObjectives.ReturnFromForeach)] = LoopShapeObjectives.ReturnFromForeachHessianVectorProduct,
        [nameof(LoopShapeObjectives.DoLoopCounterMovedInBranch)] = LoopShapeObjectives.DoLoopCounterMovedInBranchHessianVectorProduct,
        [nameof(LoopShapeObjectives.SignChangeProducts)] = LoopShapeObjectives.SignChangeProductsHessianVectorProduct,
        [nameof(LoopShapeObjectives.CountWeightedSum)] = LoopShapeObjectives.CountWeightedSumHessianVectorProduct,
        [nameof(LoopShapeObjectives.EveryOtherFromTheEnd)] = LoopShapeObjectives.EveryOtherFromTheEndHessianVectorProduct,
        [nameof(LoopShapeObjectives.AccumulateWhileBelow)] = LoopShapeObjectives.AccumulateWhileBelowHessianVectorProduct,
        [nameof(LoopShapeObjectives.InnerBreakOuterContinue)] = LoopShapeObjectives.InnerBreakOuterContinueHessianVectorProduct,
        [nameof(LoopShapeObjectives.TriangularProducts)] = LoopShapeObjectives.TriangularProductsHessianVectorProduct,
        [nameof(LoopShapeObjectives.ScratchFilledEachIteration)] = LoopShapeObjectives.ScratchFilledEachIterationHessianVectorProduct,
        [nameof(LoopShapeObjectives.ScratchCarriedAcrossIterations)] = LoopShapeObjectives.ScratchCarriedAcrossIterationsHessianVectorProduct,
        [nameof(LoopShapeObjectives.ScratchWrittenOnOneBranch)] = LoopShapeObjectives.ScratchWrittenOnOneBranchHessianVectorProduct,
        [nameof(LoopShapeObjectives.ProductsUntilNegative)] = LoopShapeObjectives.ProductsUntilNegativeHessianVectorProduct,
    };

    public static TheoryData<string> Names() => new(Products.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public void Hessian_vector_product_equals_central_differences_of_the_gradient(string caseName)
    {
        GradientCase gradientCase = GradientCases.Get(caseName);
        VectorHessianVectorProduct product = Products[caseName];
        foreach (double[] x in gradientCase.Points())
        {
            double[] v = x.Select((_, i) => Math.Cos(1.0 + i)).ToArray();
            var hv = new double[x.Length];

            double value = product(x, v, hv);

            // (g(x + h v) - g(x - h v)) / 2h = H v + O(h^2); h = 1e-5 stays well inside the sampler's branch margins.
            const double h = 1e-5;
            double[] forward = gradientCase.GradientAt(x.Select((xi, i) => xi + h * v[i]).ToArray());
            double[] backward = gradientCase.GradientAt(x.Select((xi, i) => xi - h * v[i]).ToArray());
            double[] differences = forward.Zip(backward, (f, b) => (f - b) / (2 * h)).ToArray();
            Assert.Equal(gradientCase.Value(x), value);
            GradientAssert.Close(caseName, x, differences, hv, 1e-6, "gradient difference");
        }
    }
}
