using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Tests.Objectives;

namespace AutoDiff.Tests;

/// <summary>
/// The cases of the control-flow, local-array and call objectives. Where an objective branches on its input, the
/// sampler redraws points that come within a margin of a branch boundary: there the two sides disagree and finite
/// differences straddle them (the exact behaviour at a boundary is asserted in <see cref="ControlFlowBoundaryTests"/>).
/// </summary>
public static partial class GradientCases
{
    private static IEnumerable<GradientCase> ControlFlowCases() =>
    [
        // ---- Loops over data ----
        OfVector(
            nameof(ControlFlowObjectives.ExtendedRosenbrock),
            ControlFlowObjectives.ExtendedRosenbrock,
            ControlFlowObjectives.ExtendedRosenbrockGradient,
            r => Sample.Vector(r, 6, -2, 2),
            ExtendedRosenbrockGradient),
        new GradientCase(
            nameof(ControlFlowObjectives.LineLeastSquares),
            r => Sample.Vector(r, 2, -2, 2),
            p => ControlFlowObjectives.LineLeastSquares(p, ControlFlowData.Times, ControlFlowData.Observations),
            (p, g) => ControlFlowObjectives.LineLeastSquaresGradient(p, ControlFlowData.Times, ControlFlowData.Observations, g),
            LineLeastSquaresGradient),
        new GradientCase(
            nameof(ControlFlowObjectives.DenseLayerSquaredError),
            r => Sample.Vector(r, DenseWeightCount + DenseInputs + DenseOutputs, -1.5, 1.5),
            p => ControlFlowObjectives.DenseLayerSquaredError(
                p.AsSpan(0, DenseWeightCount), p.AsSpan(DenseWeightCount, DenseInputs),
                p.AsSpan(DenseWeightCount + DenseInputs, DenseOutputs), ControlFlowData.DenseTarget),
            (p, g) => ControlFlowObjectives.DenseLayerSquaredErrorGradient(
                p.AsSpan(0, DenseWeightCount), p.AsSpan(DenseWeightCount, DenseInputs),
                p.AsSpan(DenseWeightCount + DenseInputs, DenseOutputs), ControlFlowData.DenseTarget,
                g.AsSpan(0, DenseWeightCount), g.AsSpan(DenseWeightCount, DenseInputs),
                g.AsSpan(DenseWeightCount + DenseInputs, DenseOutputs)),
            DenseLayerSquaredErrorGradient),
        new GradientCase(
            nameof(ControlFlowObjectives.HornerPolynomial),
            r => Sample.Vector(r, 6, -1.5, 1.5),
            p => ControlFlowObjectives.HornerPolynomial(p.AsSpan(0, 5), p[5]),
            (p, g) => ControlFlowObjectives.HornerPolynomialGradient(p.AsSpan(0, 5), p[5], g.AsSpan(0, 5), out g[5]),
            HornerPolynomialGradient),
        OfVector(
            nameof(ControlFlowObjectives.ProductOfEntries),
            ControlFlowObjectives.ProductOfEntries,
            ControlFlowObjectives.ProductOfEntriesGradient,
            r => Enumerable.Range(0, 6).Select(_ => Sample.SignedMagnitude(r, 0.3, 1.5)).ToArray(),
            x => x.Select((_, i) => x.Where((_, j) => j != i).Aggregate(1.0, (product, v) => product * v)).ToArray()),
        OfVector(
            nameof(ControlFlowObjectives.PairwiseInteraction),
            ControlFlowObjectives.PairwiseInteraction,
            ControlFlowObjectives.PairwiseInteractionGradient,
            r => Sample.Vector(r, 5, -2, 2)),
        OfVector(
            nameof(ControlFlowObjectives.LogSumExp),
            ControlFlowObjectives.LogSumExp,
            ControlFlowObjectives.LogSumExpGradient,
            r => Sample.Vector(r, 5, -3, 3),
            Softmax),
        new GradientCase(
            nameof(ControlFlowObjectives.ForeachSums),
            r => Sample.Vector(r, 4, -2, 2),
            p => ControlFlowObjectives.ForeachSums(p, ControlFlowData.Scales),
            (p, g) => ControlFlowObjectives.ForeachSumsGradient(p, ControlFlowData.Scales, g),
            x => x.Select(v => ControlFlowData.Scales.Sum() * (2 * v + Math.Cos(v))).ToArray()),
        PowerCase(0),
        PowerCase(1),
        PowerCase(4),

        // ---- Branches ----
        Of1(
            nameof(ControlFlowObjectives.PiecewiseQuadraticLinearSine),
            ControlFlowObjectives.PiecewiseQuadraticLinearSine,
            ControlFlowObjectives.PiecewiseQuadraticLinearSineGradient,
            r => Sample.Where(r, s => [Sample.Uniform(s, -1, 3.5)], p => Math.Abs(p[0] - 1) > 0.05 && Math.Abs(p[0] - 2) > 0.05)[0],
            x => x < 1 ? 2 * x : x < 2 ? 3 : Math.Cos(x - 2)),
        new GradientCase(
            nameof(ControlFlowObjectives.HuberLoss),
            r => Sample.Where(r, s => Sample.Vector(s, 5, -3, 3), p => p.All(v => Math.Abs(Math.Abs(v) - 1) > 0.05)),
            p => ControlFlowObjectives.HuberLoss(p, 1.0),
            (p, g) => ControlFlowObjectives.HuberLossGradient(p, 1.0, g),
            x => x.Select(v => Math.Abs(v) <= 1 ? v : Math.Sign(v)).ToArray()),
        OfVector(
            nameof(ControlFlowObjectives.LeakyReluSum),
            ControlFlowObjectives.LeakyReluSum,
            ControlFlowObjectives.LeakyReluSumGradient,
            r => Enumerable.Range(0, 5).Select(_ => Sample.SignedMagnitude(r, 0.05, 2)).ToArray(),
            x => x.Select((v, i) => (i + 1) * (v > 0 ? 1 : 0.1)).ToArray()),
        Of2(
            nameof(ControlFlowObjectives.LogicalQuadrants),
            ControlFlowObjectives.LogicalQuadrants,
            ControlFlowObjectives.LogicalQuadrantsGradient,
            r => [Sample.SignedMagnitude(r, 0.05, 2), Sample.SignedMagnitude(r, 0.05, 2)]),
        Of2(
            nameof(ControlFlowObjectives.EarlyReturnFromBranches),
            ControlFlowObjectives.EarlyReturnFromBranches,
            ControlFlowObjectives.EarlyReturnFromBranchesGradient,
            r => Sample.Where(
                r,
                s => [Sample.SignedMagnitude(s, 0.05, 2), Sample.SignedMagnitude(s, 0.05, 2)],
                p => Math.Abs(p[0] * p[0] - 2) > 0.05)),
        OfVector(
            nameof(ControlFlowObjectives.NeighbourProductsByTernary),
            ControlFlowObjectives.NeighbourProductsByTernary,
            ControlFlowObjectives.NeighbourProductsByTernaryGradient,
            r => Sample.Vector(r, 5, -2, 2),
            NeighbourProductsGradient),
        OfVector(
            nameof(ControlFlowObjectives.RunningMaximumSum),
            ControlFlowObjectives.RunningMaximumSum,
            ControlFlowObjectives.RunningMaximumSumGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 5, -2.5, 2.5), RunningMaximumHasNoNearTies)),

        // ---- while and do loops with data-dependent trip counts ----
        Of1(
            nameof(ControlFlowObjectives.NewtonSquareRoot),
            ControlFlowObjectives.NewtonSquareRoot,
            ControlFlowObjectives.NewtonSquareRootGradient,
            r => Sample.Uniform(r, 0.1, 50)),
        Of1(
            nameof(ControlFlowObjectives.CosineFixedPoint),
            ControlFlowObjectives.CosineFixedPoint,
            ControlFlowObjectives.CosineFixedPointGradient,
            r => Sample.Uniform(r, -0.9, 0.9)),
        Of1(
            nameof(ControlFlowObjectives.HalveUntilAtMostOne),
            ControlFlowObjectives.HalveUntilAtMostOne,
            ControlFlowObjectives.HalveUntilAtMostOneGradient,
            r => Sample.Where(
                r,
                s => [Sample.Uniform(s, -3, 3)],
                p => Math.Abs(Math.Log2(p[0] * p[0] + 1) - Math.Round(Math.Log2(p[0] * p[0] + 1))) > 0.02)[0],
            HalveUntilAtMostOneDerivative),
        CompoundGrowthCase(0),
        CompoundGrowthCase(1),
        CompoundGrowthCase(5),

        // ---- break, continue and early return in loops ----
        new GradientCase(
            nameof(ControlFlowObjectives.SumOfSquaresUntilBudget),
            r => Sample.Where(r, s => Sample.Vector(s, 5, -1.5, 1.5), PartialSumsStayAwayFromBudget),
            p => ControlFlowObjectives.SumOfSquaresUntilBudget(p, SquaresBudget),
            (p, g) => ControlFlowObjectives.SumOfSquaresUntilBudgetGradient(p, SquaresBudget, g),
            SumOfSquaresUntilBudgetGradient),
        OfVector(
            nameof(ControlFlowObjectives.CubesOfPositiveEntries),
            ControlFlowObjectives.CubesOfPositiveEntries,
            ControlFlowObjectives.CubesOfPositiveEntriesGradient,
            r => Enumerable.Range(0, 6).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray(),
            x => x.Select(v => v < 0 ? 0 : 3 * v * v).ToArray()),
        OfVector(
            nameof(ControlFlowObjectives.ReturnAtFirstLargeEntry),
            ControlFlowObjectives.ReturnAtFirstLargeEntry,
            ControlFlowObjectives.ReturnAtFirstLargeEntryGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 5, -2, 2), p => p.All(v => Math.Abs(v - 1.5) > 0.05))),
        new GradientCase(
            nameof(ControlFlowObjectives.ReturnFromNestedLoop),
            r => Sample.Where(
                r,
                s => Enumerable.Range(0, 9).Select(_ => Sample.SignedMagnitude(s, 0.05, 1.5)).ToArray(),
                RowProductsStayAwayFromThreshold),
            p => ControlFlowObjectives.ReturnFromNestedLoop(p, 3),
            (p, g) => ControlFlowObjectives.ReturnFromNestedLoopGradient(p, 3, g),
            null),
        new GradientCase(
            nameof(ControlFlowObjectives.RowPrefixesBeforeNegative),
            r => Enumerable.Range(0, 9).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray(),
            p => ControlFlowObjectives.RowPrefixesBeforeNegative(p, 3),
            (p, g) => ControlFlowObjectives.RowPrefixesBeforeNegativeGradient(p, 3, g),
            null),

        // ---- Loop shapes a replaying reverse sweep can get wrong ----
        OfVector(
            nameof(LoopShapeObjectives.DoublingStride),
            LoopShapeObjectives.DoublingStride,
            LoopShapeObjectives.DoublingStrideGradient,
            r => Sample.Vector(r, 9, -2, 2),
            DoublingStrideGradient),
        OfVector(
            nameof(LoopShapeObjectives.SkipAfterNegative),
            LoopShapeObjectives.SkipAfterNegative,
            LoopShapeObjectives.SkipAfterNegativeGradient,
            r => Enumerable.Range(0, 7).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray()),
        OfVector(
            nameof(LoopShapeObjectives.LeadingPositiveProduct),
            LoopShapeObjectives.LeadingPositiveProduct,
            LoopShapeObjectives.LeadingPositiveProductGradient,
            r => [.. Sample.Vector(r, 3, 0.1, 1.5), .. Enumerable.Range(0, 3).Select(_ => Sample.SignedMagnitude(r, 0.1, 1.5))],
            LeadingPositiveProductGradient),
        OfVector(
            nameof(LoopShapeObjectives.DoLoopWithContinue),
            LoopShapeObjectives.DoLoopWithContinue,
            LoopShapeObjectives.DoLoopWithContinueGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 6, -3, 2), p => p.All(v => Math.Abs(v + 1) > 0.05)),
            x => x.Select(v => v < -1 ? 0 : 0.5 * Math.Exp(0.5 * v)).ToArray()),
        OfVector(
            nameof(LoopShapeObjectives.ReturnFromWhile),
            LoopShapeObjectives.ReturnFromWhile,
            LoopShapeObjectives.ReturnFromWhileGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 6, -1.5, 1.5), RunningSumStaysAwayFromFour)),
        OfVector(
            nameof(LoopShapeObjectives.ReturnFromDo),
            LoopShapeObjectives.ReturnFromDo,
            LoopShapeObjectives.ReturnFromDoGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 5, -2, 2), p => p.All(v => Math.Abs(v * v - 2) > 0.05))),
        Of2(
            nameof(LoopShapeObjectives.DoubleLoopVariable),
            LoopShapeObjectives.DoubleLoopVariable,
            LoopShapeObjectives.DoubleLoopVariableGradient,
            r => Sample.Vector(r, 2, -3, 3),
            (x, y) =>
            [
                y * (0.25 * Math.Cos(0.25 * x) + 0.5 * Math.Cos(0.5 * x) + 0.75 * Math.Cos(0.75 * x)),
                Math.Sin(0.25 * x) + Math.Sin(0.5 * x) + Math.Sin(0.75 * x),
            ]),
        new GradientCase(
            nameof(LoopShapeObjectives.TwoLayerNetwork),
            r => Sample.Vector(r, 12 + 3 + 4, -1, 1),
            p => LoopShapeObjectives.TwoLayerNetwork(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15, 4)),
            (p, g) => LoopShapeObjectives.TwoLayerNetworkGradient(
                p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15, 4), g.AsSpan(0, 12), g.AsSpan(12, 3), g.AsSpan(15, 4)),
            null),
        OfVector(
            nameof(LoopShapeObjectives.CarryForwardSquares),
            LoopShapeObjectives.CarryForwardSquares,
            LoopShapeObjectives.CarryForwardSquaresGradient,
            r => Enumerable.Range(0, 6).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray()),
        OfVector(
            nameof(LoopShapeObjectives.SumOfClipped),
            LoopShapeObjectives.SumOfClipped,
            LoopShapeObjectives.SumOfClippedGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 6, -2, 2), p => p.All(v => Math.Abs(Math.Abs(v) - 1) > 0.05)),
            x => x.Select(v => Math.Abs(v) > 1 ? 1 : v * v).ToArray()),

        OfVector(
            nameof(LoopShapeObjectives.ForeachUntilLarge),
            LoopShapeObjectives.ForeachUntilLarge,
            LoopShapeObjectives.ForeachUntilLargeGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 6, -2, 2), p => p.All(v => Math.Abs(v - 1.5) > 0.05)),
            x =>
            {
                int stop = Array.FindIndex(x, v => v > 1.5);
                return x.Select((v, i) => stop >= 0 && i >= stop ? 0 : Math.Exp(v / 3) / 3).ToArray();
            }),
        OfVector(
            nameof(LoopShapeObjectives.InfiniteLoopWithBreakAndContinue),
            LoopShapeObjectives.InfiniteLoopWithBreakAndContinue,
            LoopShapeObjectives.InfiniteLoopWithBreakAndContinueGradient,
            r => Enumerable.Range(0, 6).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray()),
        OfVector(
            nameof(LoopShapeObjectives.CompoundElementAssignments),
            LoopShapeObjectives.CompoundElementAssignments,
            LoopShapeObjectives.CompoundElementAssignmentsGradient,
            r => Sample.Vector(r, 5, -1.5, 1.5)),
        OfVector(
            nameof(LoopShapeObjectives.HelperOnLocalArrays),
            LoopShapeObjectives.HelperOnLocalArrays,
            LoopShapeObjectives.HelperOnLocalArraysGradient,
            r => Sample.Vector(r, 4, -1.5, 1.5),
            x =>
            {
                double sineCubes = x.Sum(v => Math.Pow(Math.Sin(v), 3));
                double[] gradient = x.Select(v => 6 * Math.Pow(v, 5)).ToArray();
                for (int i = 0; i < x.Length; i++)
                {
                    gradient[i] += x[0] * 3 * Math.Sin(x[i]) * Math.Sin(x[i]) * Math.Cos(x[i]);
                }

                gradient[0] += sineCubes;
                return gradient;
            }),
        OfVector(
            nameof(LoopShapeObjectives.CounterUsedAfterLoop),
            LoopShapeObjectives.CounterUsedAfterLoop,
            LoopShapeObjectives.CounterUsedAfterLoopGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 6, -2, 2), p => p.All(v => Math.Abs(v + 0.5) > 0.05))),
        OfVector(
            nameof(LoopShapeObjectives.NestedGuardedTernaries),
            LoopShapeObjectives.NestedGuardedTernaries,
            LoopShapeObjectives.NestedGuardedTernariesGradient,
            r => Sample.Vector(r, 5, -2, 2)),

        OfVector(
            nameof(LoopShapeObjectives.LargestEntryPlusPrefix),
            LoopShapeObjectives.LargestEntryPlusPrefix,
            LoopShapeObjectives.LargestEntryPlusPrefixGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 6, -2, 2), EntriesAreWellSeparated),
            x =>
            {
                int best = Array.IndexOf(x, x.Max());
                return x.Select((v, i) => (i <= best ? 1.0 : 0.0) + (i == best ? 2 * v : 0)).ToArray();
            }),
        OfVector(
            nameof(LoopShapeObjectives.ReturnFromForeach),
            LoopShapeObjectives.ReturnFromForeach,
            LoopShapeObjectives.ReturnFromForeachGradient,
            r => [.. Sample.Vector(r, 2, 0.1, 1.5), .. Enumerable.Range(0, 4).Select(_ => Sample.SignedMagnitude(r, 0.1, 1.5))]),
        OfVector(
            nameof(LoopShapeObjectives.DoLoopCounterMovedInBranch),
            LoopShapeObjectives.DoLoopCounterMovedInBranch,
            LoopShapeObjectives.DoLoopCounterMovedInBranchGradient,
            r => Enumerable.Range(0, 7).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray()),

        OfVector(
            nameof(LoopShapeObjectives.SignChangeProducts),
            LoopShapeObjectives.SignChangeProducts,
            LoopShapeObjectives.SignChangeProductsGradient,
            r => Enumerable.Range(0, 7).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray()),
        OfVector(
            nameof(LoopShapeObjectives.CountWeightedSum),
            LoopShapeObjectives.CountWeightedSum,
            LoopShapeObjectives.CountWeightedSumGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 7, -1, 2), p => p.All(v => Math.Abs(v - 0.5) > 0.05))),
        OfVector(
            nameof(LoopShapeObjectives.EveryOtherFromTheEnd),
            LoopShapeObjectives.EveryOtherFromTheEnd,
            LoopShapeObjectives.EveryOtherFromTheEndGradient,
            r => Sample.Vector(r, 6, -3, 3),
            x => x.Select((v, i) => (x.Length - 1 - i) % 2 == 0 ? Math.Cos(v) * v + Math.Sin(v) : 0).ToArray()),
        OfVector(
            nameof(LoopShapeObjectives.AccumulateWhileBelow),
            LoopShapeObjectives.AccumulateWhileBelow,
            LoopShapeObjectives.AccumulateWhileBelowGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 6, -1.5, 1.5), PartialSumsStayAwayFromBudget)),
        OfVector(
            nameof(LoopShapeObjectives.InnerBreakOuterContinue),
            LoopShapeObjectives.InnerBreakOuterContinue,
            LoopShapeObjectives.InnerBreakOuterContinueGradient,
            r => Enumerable.Range(0, 9).Select(_ => Sample.SignedMagnitude(r, 0.1, 2))
                .Select(v => Math.Abs(v - 1.5) < 0.05 ? v + 0.1 : v).ToArray()),

        OfVector(
            nameof(LoopShapeObjectives.TriangularProducts),
            LoopShapeObjectives.TriangularProducts,
            LoopShapeObjectives.TriangularProductsGradient,
            r => Sample.Vector(r, 7, -1, 1)),
        OfVector(
            nameof(LoopShapeObjectives.ProductsOverBoundedWindows),
            x => LoopShapeObjectives.ProductsOverBoundedWindows(x, 2),
            (x, g) => LoopShapeObjectives.ProductsOverBoundedWindowsGradient(x, 2, g),
            r => Sample.Vector(r, 7, -1, 1)),
        OfVector(
            nameof(LoopShapeObjectives.ProductsUntilNegative),
            LoopShapeObjectives.ProductsUntilNegative,
            LoopShapeObjectives.ProductsUntilNegativeGradient,
            r => [.. Sample.Vector(r, 3, 0.1, 1), -0.5, .. Sample.Vector(r, 3, -1, 1)]),
        OfVector(
            nameof(LoopShapeObjectives.ScratchFilledEachIteration),
            LoopShapeObjectives.ScratchFilledEachIteration,
            LoopShapeObjectives.ScratchFilledEachIterationGradient,
            r => Sample.Vector(r, 6, -1.5, 1.5)),
        OfVector(
            nameof(LoopShapeObjectives.ScratchCarriedAcrossIterations),
            LoopShapeObjectives.ScratchCarriedAcrossIterations,
            LoopShapeObjectives.ScratchCarriedAcrossIterationsGradient,
            r => Sample.Vector(r, 6, -1.5, 1.5)),
        OfVector(
            nameof(LoopShapeObjectives.ScratchWrittenOnOneBranch),
            LoopShapeObjectives.ScratchWrittenOnOneBranch,
            LoopShapeObjectives.ScratchWrittenOnOneBranchGradient,
            r => Enumerable.Range(0, 7).Select(_ => Sample.SignedMagnitude(r, 0.1, 2)).ToArray()),
        // ---- Local arrays ----
        OfVector(
            nameof(LocalArrayObjectives.PrefixSumSquares),
            LocalArrayObjectives.PrefixSumSquares,
            LocalArrayObjectives.PrefixSumSquaresGradient,
            r => Sample.Vector(r, 5, -2, 2),
            PrefixSumSquaresGradient),
        OfVector(
            nameof(LocalArrayObjectives.ProductThroughLocalArray),
            LocalArrayObjectives.ProductThroughLocalArray,
            LocalArrayObjectives.ProductThroughLocalArrayGradient,
            r => Enumerable.Range(0, 3).Select(_ => Sample.SignedMagnitude(r, 0.3, 1.5)).ToArray(),
            x => x.Select(v => 2 * x.Aggregate(1.0, (product, w) => product * w) * x.Aggregate(1.0, (product, w) => product * w) / v).ToArray()),
        ForwardRecurrenceCase(2),
        ForwardRecurrenceCase(7),
        new GradientCase(
            nameof(LocalArrayObjectives.SoftmaxCrossEntropy),
            r => Sample.Vector(r, 4, -3, 3),
            p => LocalArrayObjectives.SoftmaxCrossEntropy(p, 2),
            (p, g) => LocalArrayObjectives.SoftmaxCrossEntropyGradient(p, 2, g),
            x => Softmax(x).Select((probability, i) => probability - (i == 2 ? 1 : 0)).ToArray()),
        Of2(
            nameof(LocalArrayObjectives.ElementOverwrites),
            LocalArrayObjectives.ElementOverwrites,
            LocalArrayObjectives.ElementOverwritesGradient,
            r => Sample.Vector(r, 2, -1.5, 1.5),
            (x, y) => [y * Math.Cos(x * y) + 8 * x * y * y + 2 * y, x * Math.Cos(x * y) + 8 * x * x * y + 2 * x]),
        OfVector(
            nameof(LocalArrayObjectives.StaticTableWeightedSines),
            LocalArrayObjectives.StaticTableWeightedSines,
            LocalArrayObjectives.StaticTableWeightedSinesGradient,
            r => Sample.Vector(r, 5, -3, 3),
            x => x.Select((v, i) => new[] { 0.5, -1.25, 2.0, 0.75, -0.3 }[i] * Math.Cos(v)).ToArray()),
        Of1(
            nameof(LocalArrayObjectives.ForeachOverLocalArray),
            LocalArrayObjectives.ForeachOverLocalArray,
            LocalArrayObjectives.ForeachOverLocalArrayGradient,
            r => Sample.Uniform(r, -2, 2),
            x => 2 * x + 4 * x * x * x),
        OfVector(
            nameof(LocalArrayObjectives.SortedWeightedSum),
            LocalArrayObjectives.SortedWeightedSum,
            LocalArrayObjectives.SortedWeightedSumGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 5, -3, 3), EntriesAreWellSeparated),
            RankPlusOne),
        new GradientCase(
            nameof(LocalArrayObjectives.TridiagonalSolveNorm),
            r => [.. Sample.Vector(r, 5, 2.5, 4), .. Sample.Vector(r, 5, -1, 1)],
            p => LocalArrayObjectives.TridiagonalSolveNorm(p.AsSpan(0, 5), p.AsSpan(5, 5)),
            (p, g) => LocalArrayObjectives.TridiagonalSolveNormGradient(p.AsSpan(0, 5), p.AsSpan(5, 5), g.AsSpan(0, 5), g.AsSpan(5, 5)),
            null),
        new GradientCase(
            nameof(LocalArrayObjectives.SmoothingResidual),
            r => [.. Sample.Vector(r, 5, -2, 2), Sample.Uniform(r, 0.1, 0.9)],
            p => LocalArrayObjectives.SmoothingResidual(p.AsSpan(0, 5), p[5]),
            (p, g) => LocalArrayObjectives.SmoothingResidualGradient(p.AsSpan(0, 5), p[5], g.AsSpan(0, 5), out g[5]),
            null),

        // ---- Calls: [Differentiable] helpers and custom pullbacks ----
        OfVector(
            nameof(CallObjectives.SmoothnessPenalty),
            CallObjectives.SmoothnessPenalty,
            CallObjectives.SmoothnessPenaltyGradient,
            r => Sample.Vector(r, 5, -2, 2),
            SmoothnessPenaltyGradient),
        Of2(
            nameof(CallObjectives.ChainOfHelpers),
            CallObjectives.ChainOfHelpers,
            CallObjectives.ChainOfHelpersGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        new GradientCase(
            nameof(CallObjectives.SpanHelperTwice),
            r => Sample.Vector(r, 4, -1.5, 1.5),
            p => CallObjectives.SpanHelperTwice(p, ControlFlowData.NormWeights),
            (p, g) => CallObjectives.SpanHelperTwiceGradient(p, ControlFlowData.NormWeights, g),
            null),
        OfVector(
            nameof(CallObjectives.SumOfNewtonRoots),
            CallObjectives.SumOfNewtonRoots,
            CallObjectives.SumOfNewtonRootsGradient,
            r => Sample.Vector(r, 5, -3, 3)),
        OfVector(
            nameof(CallObjectives.CrossEntropyOverAllLabels),
            CallObjectives.CrossEntropyOverAllLabels,
            CallObjectives.CrossEntropyOverAllLabelsGradient,
            r => Sample.Vector(r, 4, -2, 2),
            x => Softmax(x).Select(p => x.Length * p - 1).ToArray()),
        new GradientCase(
            nameof(CallObjectives.BetaNegativeLogLikelihood),
            r => Sample.Vector(r, 2, 0.5, 5),
            p => CallObjectives.BetaNegativeLogLikelihood(p[0], p[1], ControlFlowData.UnitSamples),
            (p, g) => CallObjectives.BetaNegativeLogLikelihoodGradient(p[0], p[1], ControlFlowData.UnitSamples, out g[0], out g[1]),
            null),
        new GradientCase(
            nameof(CallObjectives.ErfSum),
            r => [Sample.Uniform(r, -0.5, 0.5), Sample.Uniform(r, 0.8, 2)],
            p => CallObjectives.ErfSum(p[0], p[1], ControlFlowData.ErfPoints),
            (p, g) => CallObjectives.ErfSumGradient(p[0], p[1], ControlFlowData.ErfPoints, out g[0], out g[1]),
            null),
        new GradientCase(
            nameof(CallObjectives.SmoothMaximum),
            r => [.. Sample.Vector(r, 4, -2, 2), Sample.Uniform(r, 0.5, 2)],
            p => CallObjectives.SmoothMaximum(p.AsSpan(0, 4), p[4]),
            (p, g) => CallObjectives.SmoothMaximumGradient(p.AsSpan(0, 4), p[4], g.AsSpan(0, 4), out g[4]),
            SmoothMaximumGradient),
        OfVector(
            nameof(CallObjectives.WeightedSoftplusSum),
            CallObjectives.WeightedSoftplusSum,
            CallObjectives.WeightedSoftplusSumGradient,
            r => Sample.Vector(r, 5, -4, 4),
            x => x.Select((v, i) => (i + 1) / (1 + Math.Exp(-v))).ToArray()),
        OfVector(
            nameof(TanhModel) + "." + nameof(TanhModel.SelfConsistencyLoss),
            (x) => ControlFlowData.Model.SelfConsistencyLoss(x),
            (x, g) => ControlFlowData.Model.SelfConsistencyLossGradient(x, g),
            r => Sample.Vector(r, 4, -2, 2)),
    ];

    private const int DenseInputs = 4;
    private const int DenseOutputs = 3;
    private const int DenseWeightCount = DenseInputs * DenseOutputs;
    private const double SquaresBudget = 3.0;

    private static GradientCase PowerCase(int k) =>
        new(
            $"{nameof(ControlFlowObjectives.PowerByRepeatedMultiplication)}(k {k})",
            r => [Sample.Uniform(r, -2, 2)],
            p => ControlFlowObjectives.PowerByRepeatedMultiplication(p[0], k),
            (p, g) => ControlFlowObjectives.PowerByRepeatedMultiplicationGradient(p[0], k, out g[0]),
            p => [k == 0 ? 0 : k * Math.Pow(p[0], k - 1)]);

    // A do loop runs its body at least once, so years = 0 grows once, like years = 1.
    private static GradientCase CompoundGrowthCase(int years) =>
        new(
            $"{nameof(ControlFlowObjectives.CompoundGrowth)}(years {years})",
            r => [Sample.Uniform(r, 0.5, 3), Sample.Uniform(r, -0.3, 0.3)],
            p => ControlFlowObjectives.CompoundGrowth(p[0], p[1], years),
            (p, g) => ControlFlowObjectives.CompoundGrowthGradient(p[0], p[1], years, out g[0], out g[1]),
            p =>
            {
                int periods = Math.Max(years, 1);
                return [Math.Pow(1 + p[1], periods), p[0] * periods * Math.Pow(1 + p[1], periods - 1)];
            });

    private static GradientCase ForwardRecurrenceCase(int steps) =>
        new(
            $"{nameof(LocalArrayObjectives.ForwardRecurrence)}(steps {steps})",
            r => Sample.Vector(r, 2, -1.5, 1.5),
            p => LocalArrayObjectives.ForwardRecurrence(p[0], p[1], steps),
            (p, g) => LocalArrayObjectives.ForwardRecurrenceGradient(p[0], p[1], steps, out g[0], out g[1]),
            steps == 2 ? _ => [0, 1] : null);

    // ---- Samplers' acceptance tests ----

    private static bool RunningMaximumHasNoNearTies(double[] x)
    {
        double best = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            double candidate = x[i] * x[i] - i;
            if (Math.Abs(candidate - best) < 0.05)
            {
                return false;
            }

            best = Math.Max(best, candidate);
        }

        return true;
    }

    private static bool PartialSumsStayAwayFromBudget(double[] x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v * v;
            if (Math.Abs(sum - SquaresBudget) < 0.05)
            {
                return false;
            }
        }

        return true;
    }

    // Running products must stay a factor e^0.05 away from the 0.01 threshold.
    private static bool RowProductsStayAwayFromThreshold(double[] x)
    {
        for (int row = 0; row < 3; row++)
        {
            double product = 1;
            for (int column = 0; column < 3; column++)
            {
                product *= x[row * 3 + column];
                if (Math.Abs(Math.Log(Math.Abs(product) / 0.01)) < 0.05)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool RunningSumStaysAwayFromFour(double[] x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v * v * (1 + 0.1 * sum);
            if (Math.Abs(sum - 4) < 0.05)
            {
                return false;
            }
        }

        return true;
    }

    private static bool EntriesAreWellSeparated(double[] x) =>
        x.SelectMany((a, i) => x.Skip(i + 1).Select(b => Math.Abs(a - b))).All(gap => gap > 0.05);

    // ---- Gradients derived by hand ----

    // r_k = p0 + p1 t_k - y_k: df/dp0 = 2 sum r_k, df/dp1 = 2 sum r_k t_k.
    private static double[] LineLeastSquaresGradient(double[] line)
    {
        double[] times = ControlFlowData.Times, observations = ControlFlowData.Observations;
        double[] gradient = new double[2];
        for (int k = 0; k < times.Length; k++)
        {
            double residual = line[0] + line[1] * times[k] - observations[k];
            gradient[0] += 2 * residual;
            gradient[1] += 2 * residual * times[k];
        }

        return gradient;
    }

    // With e = W x + b - y: df/dW_ij = 2 e_i x_j, df/dx_j = 2 sum_i e_i W_ij, df/db_i = 2 e_i.
    private static double[] DenseLayerSquaredErrorGradient(double[] p)
    {
        double[] gradient = new double[p.Length];
        for (int i = 0; i < DenseOutputs; i++)
        {
            double error = p[DenseWeightCount + DenseInputs + i] - ControlFlowData.DenseTarget[i];
            for (int j = 0; j < DenseInputs; j++)
            {
                error += p[i * DenseInputs + j] * p[DenseWeightCount + j];
            }

            for (int j = 0; j < DenseInputs; j++)
            {
                gradient[i * DenseInputs + j] = 2 * error * p[DenseWeightCount + j];
                gradient[DenseWeightCount + j] += 2 * error * p[i * DenseInputs + j];
            }

            gradient[DenseWeightCount + DenseInputs + i] = 2 * error;
        }

        return gradient;
    }

    // f = sum_i x_i x_{i-1} + 2 sum_i x_i x_{i+1} = 3 sum_i x_i x_{i+1}: df/dx_j = 3 (x_{j-1} + x_{j+1}).
    private static double[] NeighbourProductsGradient(double[] x) =>
        x.Select((_, j) => 3 * ((j > 0 ? x[j - 1] : 0) + (j < x.Length - 1 ? x[j + 1] : 0))).ToArray();

    // Pairs (m - 1, m) for m = 1, 2, 4, 8: each entry gets its partner from every pair it is in.
    private static double[] DoublingStrideGradient(double[] x)
    {
        double[] gradient = new double[x.Length];
        for (int m = 1; m < x.Length; m *= 2)
        {
            gradient[m] += x[m - 1];
            gradient[m - 1] += x[m];
        }

        return gradient;
    }

    // f = prod_{i < k} (1 + x_i) over the leading positive run of length k: df/dx_i = f / (1 + x_i) inside it.
    private static double[] LeadingPositiveProductGradient(double[] x)
    {
        int run = 0;
        while (run < x.Length && x[run] > 0)
        {
            run++;
        }

        double product = x.Take(run).Aggregate(1.0, (p, v) => p * (1 + v));
        return x.Select((v, i) => i < run ? product / (1 + v) : 0).ToArray();
    }

    // T L(v / T) + |v|^2 / 10: d/dv_i = softmax(v / T)_i + v_i / 5, d/dT = L - sum_i p_i v_i / T.
    private static double[] SmoothMaximumGradient(double[] p)
    {
        double[] v = p[..4];
        double temperature = p[4];
        double[] probabilities = Softmax(v.Select(e => e / temperature).ToArray());
        double largest = v.Max();
        double logSum = largest / temperature + Math.Log(v.Sum(e => Math.Exp((e - largest) / temperature)));
        double weightedMean = probabilities.Zip(v).Sum(pair => pair.First * pair.Second);
        return [.. probabilities.Zip(v).Select(pair => pair.First + 0.2 * pair.Second), logSum - weightedMean / temperature];
    }

    // d/dc_k = t^k, d/dt = sum_k k c_k t^(k-1).
    private static double[] HornerPolynomialGradient(double[] p)
    {
        double t = p[5];
        double[] gradient = new double[6];
        for (int k = 0; k < 5; k++)
        {
            gradient[k] = Math.Pow(t, k);
            gradient[5] += k == 0 ? 0 : k * p[k] * Math.Pow(t, k - 1);
        }

        return gradient;
    }

    private static double[] Softmax(double[] x)
    {
        double largest = x.Max();
        double[] exponentials = x.Select(v => Math.Exp(v - largest)).ToArray();
        double total = exponentials.Sum();
        return exponentials.Select(e => e / total).ToArray();
    }

    // After k halvings f = (x^2 + 1) e^x / 2^k, and k does not change near a sampled point.
    private static double HalveUntilAtMostOneDerivative(double x)
    {
        double v = x * x + 1, divisor = 1;
        while (v / divisor > 1)
        {
            divisor *= 2;
        }

        return (2 * x + v) * Math.Exp(x) / divisor;
    }

    // 2 x_i for every entry added before the break (the one that passes the budget included), 0 after.
    private static double[] SumOfSquaresUntilBudgetGradient(double[] x)
    {
        double[] gradient = new double[x.Length];
        double sum = 0;
        for (int i = 0; i < x.Length && sum <= SquaresBudget; i++)
        {
            sum += x[i] * x[i];
            gradient[i] = 2 * x[i];
        }

        return gradient;
    }

    // df/dx_j = 2 sum_{i >= j} P_i: x_j appears in every prefix sum from j on.
    private static double[] PrefixSumSquaresGradient(double[] x)
    {
        double[] prefix = new double[x.Length];
        double running = 0;
        for (int i = 0; i < x.Length; i++)
        {
            running += x[i];
            prefix[i] = running;
        }

        return x.Select((_, j) => 2 * prefix.Skip(j).Sum()).ToArray();
    }

    private static double[] RankPlusOne(double[] x) =>
        x.Select(v => 1.0 + x.Count(other => other < v)).ToArray();

    // d/dx_j of sum (x_{i+1} - x_i)^2 = 2 (x_j - x_{j-1}) - 2 (x_{j+1} - x_j), the missing neighbours dropped.
    private static double[] SmoothnessPenaltyGradient(double[] x)
    {
        double[] gradient = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i];
            gradient[i + 1] += 2 * d;
            gradient[i] -= 2 * d;
        }

        return gradient;
    }
}

/// <summary>
/// Constant data the control-flow cases pass in. A separate class, so it is initialised on first use whatever the
/// order of the static initialisers across GradientCases' partial files.
/// </summary>
public static class ControlFlowData
{
    public static readonly double[] Times = [-1.5, -0.5, 0.25, 1.0, 1.75, 2.5];
    public static readonly double[] Observations = [-2.0, -0.4, 0.9, 1.6, 3.1, 3.8];
    public static readonly double[] DenseTarget = [0.5, -1.0, 2.0];
    public static readonly double[] Scales = [0.5, 1.5, -0.75];
    public static readonly double[] NormWeights = [1.0, 2.0, 0.5, 3.0];
    // Within |z| <= 2.6 of the sampled (mu, sigma), where the Erf series keeps full accuracy.
    public static readonly double[] ErfPoints = [-1.2, -0.3, 0.4, 1.1, 1.6];
    public static readonly double[] UnitSamples = [0.15, 0.4, 0.55, 0.7, 0.92];
    public static readonly TanhModel Model = new(scale: 1.5, shift: 0.25);
}
