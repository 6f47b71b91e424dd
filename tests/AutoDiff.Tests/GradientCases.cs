using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>The shapes of the generated gradients the cases call, so a method group can be passed directly.</summary>
public delegate double ScalarGradient(double x, out double dx);

public delegate double ScalarGradient2(double x, double y, out double dx, out double dy);

public delegate double ScalarGradient3(double x, double y, double z, out double dx, out double dy, out double dz);

public delegate double VectorFunction(ReadOnlySpan<double> x);

public delegate double VectorGradient(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>
/// Every objective of the Objectives folder as a <see cref="GradientCase"/>: how to call it and its generated
/// gradient, where to sample it, and for a dozen of them the gradient derived by hand.
/// </summary>
public static partial class GradientCases
{
    // Data the constant parameters receive.
    private static readonly double[] LogisticFeatures = [0.5, -1.2, 2.0];
    private static readonly double[] DistanceTarget = [0.3, -0.7];
    private static readonly double[] DistanceWeights = [2.0, 0.5];
    private static readonly SpringEnergy Spring = new(stiffness: 2.5, restLength: 1.2);
    private static readonly QuadraticWell Well = new(curvature: 1.5);
    private static readonly ScaledSine Sine = new(Scale: 2);

    public static IReadOnlyList<GradientCase> All { get; } = Build();

    public static GradientCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>The case names as xunit theory data; names serialise, so each case is its own test.</summary>
    public static TheoryData<string> Names(Func<GradientCase, bool> include)
    {
        var names = new TheoryData<string>();
        foreach (GradientCase gradientCase in All.Where(include))
        {
            names.Add(gradientCase.Name);
        }

        return names;
    }

    private static List<GradientCase> Build() =>
    [
        // ---- Elementary functions, one per Math function ----
        Of2(
            nameof(ElementaryObjectives.SinOfProduct),
            ElementaryObjectives.SinOfProduct,
            ElementaryObjectives.SinOfProductGradient,
            r => Sample.Vector(r, 2, -3, 3),
            (x, y) => [y * Math.Cos(x * y), x * Math.Cos(x * y) + 1]),
        Of2(
            nameof(ElementaryObjectives.CosOfSum),
            ElementaryObjectives.CosOfSum,
            ElementaryObjectives.CosOfSumGradient,
            r => Sample.Vector(r, 2, -3, 3),
            (x, y) => [Math.Cos(x + 2 * y) - x * Math.Sin(x + 2 * y), -2 * x * Math.Sin(x + 2 * y)]),
        Of1(
            nameof(ElementaryObjectives.TanOfHalf),
            ElementaryObjectives.TanOfHalf,
            ElementaryObjectives.TanOfHalfGradient,
            r => Sample.Uniform(r, -2, 2),
            x => Math.Tan(x / 2) + x / (2 * Math.Cos(x / 2) * Math.Cos(x / 2))),
        Of2(
            nameof(ElementaryObjectives.AsinOfHalf),
            ElementaryObjectives.AsinOfHalf,
            ElementaryObjectives.AsinOfHalfGradient,
            r => [Sample.Uniform(r, -1.6, 1.6), Sample.Uniform(r, -3, 3)]),
        Of1(
            nameof(ElementaryObjectives.AcosOfScaled),
            ElementaryObjectives.AcosOfScaled,
            ElementaryObjectives.AcosOfScaledGradient,
            r => Sample.Uniform(r, -2, 2)),
        Of1(
            nameof(ElementaryObjectives.AtanOfCubic),
            ElementaryObjectives.AtanOfCubic,
            ElementaryObjectives.AtanOfCubicGradient,
            r => Sample.Uniform(r, -2, 2)),
        Of2(
            nameof(ElementaryObjectives.Atan2OfPoint),
            ElementaryObjectives.Atan2OfPoint,
            ElementaryObjectives.Atan2OfPointGradient,
            r => [Sample.Uniform(r, -3, 3), Sample.Uniform(r, 0.2, 3)],
            (y, x) => [x / (x * x + y * y), -y / (x * x + y * y)]),
        Of1(
            nameof(ElementaryObjectives.SinhOfScaled),
            ElementaryObjectives.SinhOfScaled,
            ElementaryObjectives.SinhOfScaledGradient,
            r => Sample.Uniform(r, -3, 3)),
        Of2(
            nameof(ElementaryObjectives.CoshOfDifference),
            ElementaryObjectives.CoshOfDifference,
            ElementaryObjectives.CoshOfDifferenceGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of2(
            nameof(ElementaryObjectives.TanhOfSum),
            ElementaryObjectives.TanhOfSum,
            ElementaryObjectives.TanhOfSumGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of2(
            nameof(ElementaryObjectives.AsinhOfProduct),
            ElementaryObjectives.AsinhOfProduct,
            ElementaryObjectives.AsinhOfProductGradient,
            r => Sample.Vector(r, 2, -3, 3)),
        Of1(
            nameof(ElementaryObjectives.AcoshOfShiftedSquare),
            ElementaryObjectives.AcoshOfShiftedSquare,
            ElementaryObjectives.AcoshOfShiftedSquareGradient,
            r => Sample.Uniform(r, -3, 3),
            x => 2 * x / Math.Sqrt((1.5 + x * x) * (1.5 + x * x) - 1)),
        Of1(
            nameof(ElementaryObjectives.AtanhOfHalf),
            ElementaryObjectives.AtanhOfHalf,
            ElementaryObjectives.AtanhOfHalfGradient,
            r => Sample.Uniform(r, -1.6, 1.6)),
        Of2(
            nameof(ElementaryObjectives.GaussianBump),
            ElementaryObjectives.GaussianBump,
            ElementaryObjectives.GaussianBumpGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of2(
            nameof(ElementaryObjectives.LogOfSquarePlusOne),
            ElementaryObjectives.LogOfSquarePlusOne,
            ElementaryObjectives.LogOfSquarePlusOneGradient,
            r => [Sample.Uniform(r, -3, 3), Sample.Uniform(r, 0.5, 4)]),
        Of2(
            nameof(ElementaryObjectives.LogWithBase),
            ElementaryObjectives.LogWithBase,
            ElementaryObjectives.LogWithBaseGradient,
            r => [Sample.Uniform(r, 0.5, 5), Sample.Uniform(r, 1.5, 6)],
            (v, b) => [1 / (v * Math.Log(b)), -Math.Log(v) / (b * Math.Log(b) * Math.Log(b))]),
        Of1(
            nameof(ElementaryObjectives.Log10OfShiftedSquare),
            ElementaryObjectives.Log10OfShiftedSquare,
            ElementaryObjectives.Log10OfShiftedSquareGradient,
            r => Sample.Uniform(r, -3, 3)),
        Of2(
            nameof(ElementaryObjectives.Log2OfProduct),
            ElementaryObjectives.Log2OfProduct,
            ElementaryObjectives.Log2OfProductGradient,
            r => Sample.Vector(r, 2, 0.3, 3)),
        Of2(
            nameof(ElementaryObjectives.SqrtOfNormPlusOne),
            ElementaryObjectives.SqrtOfNormPlusOne,
            ElementaryObjectives.SqrtOfNormPlusOneGradient,
            r => Sample.Vector(r, 2, -3, 3)),
        Of2(
            nameof(ElementaryObjectives.CbrtTimes),
            ElementaryObjectives.CbrtTimes,
            ElementaryObjectives.CbrtTimesGradient,
            r => [Sample.SignedMagnitude(r, 0.3, 4), Sample.Uniform(r, -2, 2)]),
        Of2(
            nameof(ElementaryObjectives.PowOfPositiveBase),
            ElementaryObjectives.PowOfPositiveBase,
            ElementaryObjectives.PowOfPositiveBaseGradient,
            r => [Sample.Uniform(r, 0.3, 3), Sample.Uniform(r, -2, 3)],
            (x, y) => [y * Math.Pow(x, y - 1), Math.Log(x) * Math.Pow(x, y)]),
        Of1(
            nameof(ElementaryObjectives.PowWithIntegerExponents),
            ElementaryObjectives.PowWithIntegerExponents,
            ElementaryObjectives.PowWithIntegerExponentsGradient,
            r => Sample.Uniform(r, -3, 3),
            x => 3 * x * x - 4 * x),
        Of2(
            nameof(ElementaryObjectives.AbsTimes),
            ElementaryObjectives.AbsTimes,
            ElementaryObjectives.AbsTimesGradient,
            r => [Sample.SignedMagnitude(r, 0.2, 3), Sample.Uniform(r, -3, 3)]),
        Of2(
            nameof(ElementaryObjectives.MaxOfLineAndParabola),
            ElementaryObjectives.MaxOfLineAndParabola,
            ElementaryObjectives.MaxOfLineAndParabolaGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 2, -2, 2), p => Math.Abs(p[0] - p[1] * p[1]) > 0.05)),
        Of2(
            nameof(ElementaryObjectives.MinOfProductAndLine),
            ElementaryObjectives.MinOfProductAndLine,
            ElementaryObjectives.MinOfProductAndLineGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 2, -2, 2), p => Math.Abs(p[0] * p[1] - (1 - p[0])) > 0.05)),
        Of3(
            nameof(ElementaryObjectives.ClampOfSquare),
            ElementaryObjectives.ClampOfSquare,
            ElementaryObjectives.ClampOfSquareGradient,
            r => Sample.Where(
                r,
                s => [Sample.Uniform(s, -2, 2), Sample.Uniform(s, 0, 1), Sample.Uniform(s, -1.5, 1.5)],
                p => Math.Abs(p[0] * p[0] - p[1]) > 0.05 && Math.Abs(p[0] * p[0] - (p[1] + 1 + p[2] * p[2])) > 0.05)),
        Of3(
            nameof(ElementaryObjectives.FusedMultiplyAddOfSquare),
            ElementaryObjectives.FusedMultiplyAddOfSquare,
            ElementaryObjectives.FusedMultiplyAddOfSquareGradient,
            r => Sample.Vector(r, 3, -3, 3)),
        Of3(
            nameof(ElementaryObjectives.HypotTimes),
            ElementaryObjectives.HypotTimes,
            ElementaryObjectives.HypotTimesGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 3, -3, 3), p => Math.Sqrt(p[0] * p[0] + p[1] * p[1]) > 0.3),
            (x, y, z) => [x * z / double.Hypot(x, y), y * z / double.Hypot(x, y), double.Hypot(x, y)]),
        Of1(
            nameof(ElementaryObjectives.SignedSquare),
            ElementaryObjectives.SignedSquare,
            ElementaryObjectives.SignedSquareGradient,
            r => Sample.SignedMagnitude(r, 0.2, 3),
            x => 2 * Math.Abs(x)),
        Of2(
            nameof(ElementaryObjectives.StepFunctionFactors),
            ElementaryObjectives.StepFunctionFactors,
            ElementaryObjectives.StepFunctionFactorsGradient,
            r => Sample.Where(
                r,
                s => Sample.Vector(s, 2, -3, 3),
                p => Sample.AwayFromHalfIntegers(p[0], 0.02) && Sample.AwayFromHalfIntegers(p[1], 0.02)),
            (x, y) => [Math.Floor(y) + Math.Round(x) * Math.Truncate(y), Math.Ceiling(x)]),
        Of2(
            nameof(ElementaryObjectives.SameNamesOnDouble),
            ElementaryObjectives.SameNamesOnDouble,
            ElementaryObjectives.SameNamesOnDoubleGradient,
            r => Sample.Vector(r, 2, -2, 2)),

        // ---- Compositions ----
        OfVector(
            nameof(CompositionObjectives.Rosenbrock2),
            CompositionObjectives.Rosenbrock2,
            CompositionObjectives.Rosenbrock2Gradient,
            r => Sample.Vector(r, 2, -2, 2),
            x => [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]), 200 * (x[1] - x[0] * x[0])]),
        OfVector(
            nameof(CompositionObjectives.ExtendedRosenbrock4),
            CompositionObjectives.ExtendedRosenbrock4,
            CompositionObjectives.ExtendedRosenbrock4Gradient,
            r => Sample.Vector(r, 4, -2, 2),
            ExtendedRosenbrockGradient),
        Of2(
            nameof(CompositionObjectives.Himmelblau),
            CompositionObjectives.Himmelblau,
            CompositionObjectives.HimmelblauGradient,
            r => Sample.Vector(r, 2, -5, 5),
            (x, y) =>
            [
                4 * x * (x * x + y - 11) + 2 * (x + y * y - 7),
                2 * (x * x + y - 11) + 4 * y * (x + y * y - 7),
            ]),
        Of2(
            nameof(CompositionObjectives.Beale),
            CompositionObjectives.Beale,
            CompositionObjectives.BealeGradient,
            r => [Sample.Uniform(r, -2, 2), Sample.Uniform(r, -1.5, 1.5)],
            BealeGradient),
        Of2(
            nameof(CompositionObjectives.Booth),
            CompositionObjectives.Booth,
            CompositionObjectives.BoothGradient,
            r => Sample.Vector(r, 2, -10, 10),
            (x, y) => [2 * (x + 2 * y - 7) + 4 * (2 * x + y - 5), 4 * (x + 2 * y - 7) + 2 * (2 * x + y - 5)]),
        Of3(
            nameof(CompositionObjectives.NormalDensity),
            CompositionObjectives.NormalDensity,
            CompositionObjectives.NormalDensityGradient,
            r => [Sample.Uniform(r, -3, 3), Sample.Uniform(r, -1, 1), Sample.Uniform(r, 0.5, 2)],
            NormalDensityGradient),
        Of3(
            nameof(CompositionObjectives.LogSumExp3),
            CompositionObjectives.LogSumExp3,
            CompositionObjectives.LogSumExp3Gradient,
            r => Sample.Vector(r, 3, -3, 3),
            LogSumExpGradient),
        OfVector(
            nameof(CompositionObjectives.EuclideanNorm3),
            CompositionObjectives.EuclideanNorm3,
            CompositionObjectives.EuclideanNorm3Gradient,
            r => Sample.Where(r, s => Sample.Vector(s, 3, -3, 3), p => Math.Sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]) > 0.3),
            x =>
            {
                double norm = Math.Sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
                return [x[0] / norm, x[1] / norm, x[2] / norm];
            }),
        Of2(
            nameof(CompositionObjectives.Ackley2),
            CompositionObjectives.Ackley2,
            CompositionObjectives.Ackley2Gradient,
            r => Sample.Where(r, s => Sample.Vector(s, 2, -2, 2), p => Math.Sqrt(p[0] * p[0] + p[1] * p[1]) > 0.3)),
        Of2(
            nameof(CompositionObjectives.Rastrigin2),
            CompositionObjectives.Rastrigin2,
            CompositionObjectives.Rastrigin2Gradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of2(
            nameof(CompositionObjectives.NestedHyperbolicTrig),
            CompositionObjectives.NestedHyperbolicTrig,
            CompositionObjectives.NestedHyperbolicTrigGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of2(
            nameof(CompositionObjectives.SharedSubexpression),
            CompositionObjectives.SharedSubexpression,
            CompositionObjectives.SharedSubexpressionGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of3(
            nameof(CompositionObjectives.SoftplusOfTanhUnit),
            CompositionObjectives.SoftplusOfTanhUnit,
            CompositionObjectives.SoftplusOfTanhUnitGradient,
            r => Sample.Vector(r, 3, -2, 2)),
        Of3(
            nameof(CompositionObjectives.StudentTLogKernel),
            CompositionObjectives.StudentTLogKernel,
            CompositionObjectives.StudentTLogKernelGradient,
            r => [Sample.Uniform(r, -3, 3), Sample.Uniform(r, -1, 1), Sample.Uniform(r, 0.5, 2)]),

        // ---- Signatures: mixed parameter kinds, constants, integer indices, nesting, accessibility ----
        new GradientCase(
            nameof(SignatureObjectives.MixedParameters),
            r => Sample.Vector(r, 7, -2, 2),
            p => SignatureObjectives.MixedParameters(p[0], p.AsSpan(1, 3), p[4], p[5..7]),
            (p, g) => SignatureObjectives.MixedParametersGradient(
                p[0], p.AsSpan(1, 3), p[4], p[5..7], out g[0], g.AsSpan(1, 3), out g[4], g.AsSpan(5, 2)),
            MixedParametersGradient),
        new GradientCase(
            nameof(SignatureObjectives.ArrayProductAndRatio),
            r => [Sample.SignedMagnitude(r, 0.5, 2), Sample.Uniform(r, -2, 2), Sample.Uniform(r, -2, 2)],
            p => SignatureObjectives.ArrayProductAndRatio(p),
            (p, g) => SignatureObjectives.ArrayProductAndRatioGradient(p, g),
            null),
        IndexedByIntegerCase(k: 0, length: 3),
        IndexedByIntegerCase(k: 1, length: 5),
        OfVector(
            nameof(SignatureObjectives.LengthWeighted) + "(length 2)",
            SignatureObjectives.LengthWeighted,
            SignatureObjectives.LengthWeightedGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        OfVector(
            nameof(SignatureObjectives.LengthWeighted) + "(length 5)",
            SignatureObjectives.LengthWeighted,
            SignatureObjectives.LengthWeightedGradient,
            r => Sample.Vector(r, 5, -2, 2),
            x => [x[3], 0, 0, x[0], 2 * 5 * x[4]]),
        new GradientCase(
            nameof(SignatureObjectives.LogisticLoss),
            r => Sample.Vector(r, 4, -1, 1),
            p => SignatureObjectives.LogisticLoss(p.AsSpan(0, 3), p[3], LogisticFeatures, -1),
            (p, g) => SignatureObjectives.LogisticLossGradient(p.AsSpan(0, 3), p[3], LogisticFeatures, -1, g.AsSpan(0, 3), out g[3]),
            LogisticLossGradient),
        new GradientCase(
            nameof(SignatureObjectives.WeightedDistance),
            r => Sample.Vector(r, 2, -2, 2),
            p => SignatureObjectives.WeightedDistance(p, DistanceTarget, 1.5, DistanceWeights),
            (p, g) => SignatureObjectives.WeightedDistanceGradient(p, DistanceTarget, 1.5, DistanceWeights, g),
            null),
        new GradientCase(
            nameof(SignatureObjectives.CountScaled),
            r => Sample.Vector(r, 2, -2, 2),
            p => SignatureObjectives.CountScaled(p[0], 3, p[1]),
            (p, g) => SignatureObjectives.CountScaledGradient(p[0], 3, p[1], out g[0], out g[1]),
            null),
        Of1(
            "PrivateQuartic",
            SignatureObjectives.PrivateQuarticValue,
            SignatureObjectives.PrivateQuarticGradientValue,
            r => Sample.Uniform(r, -2, 2)),
        new GradientCase(
            nameof(SignatureObjectives.Nested.InnerProductPlusCube),
            r => Sample.Vector(r, 4, -2, 2),
            p => SignatureObjectives.Nested.InnerProductPlusCube(p.AsSpan(0, 2), p.AsSpan(2, 2)),
            (p, g) => SignatureObjectives.Nested.InnerProductPlusCubeGradient(
                p.AsSpan(0, 2), p.AsSpan(2, 2), g.AsSpan(0, 2), g.AsSpan(2, 2)),
            null),
        OfVector(
            nameof(SpringEnergy) + "." + nameof(SpringEnergy.Energy),
            Spring.Energy,
            Spring.EnergyGradient,
            r => Sample.Where(r, s => Sample.Vector(s, 4, -2, 2), p => double.Hypot(p[2] - p[0], p[3] - p[1]) > 0.3),
            SpringEnergyGradient),

        // ---- Statements and constants ----
        Of2(
            nameof(StatementObjectives.PendulumEnergy),
            StatementObjectives.PendulumEnergy,
            StatementObjectives.PendulumEnergyGradient,
            r => Sample.Vector(r, 2, -3, 3),
            (angle, velocity) => [9.81 * 2.0 * Math.Sin(angle) + 0.25 * velocity, 4.0 * velocity + 0.25 * angle]),
        Of2(
            nameof(StatementObjectives.CylinderSurfaceAndVolume),
            StatementObjectives.CylinderSurfaceAndVolume,
            StatementObjectives.CylinderSurfaceAndVolumeGradient,
            r => Sample.Vector(r, 2, 0.1, 3)),
        Of2(
            nameof(StatementObjectives.CompoundAssignments),
            StatementObjectives.CompoundAssignments,
            StatementObjectives.CompoundAssignmentsGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of2(
            nameof(StatementObjectives.SelfReassignment),
            StatementObjectives.SelfReassignment,
            StatementObjectives.SelfReassignmentGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        OfVector(
            nameof(StatementObjectives.AccumulatedElements),
            StatementObjectives.AccumulatedElements,
            StatementObjectives.AccumulatedElementsGradient,
            r => Sample.Vector(r, 4, -2, 2)),
        Of2(
            nameof(StatementObjectives.UnaryMinusAndDivision),
            StatementObjectives.UnaryMinusAndDivision,
            StatementObjectives.UnaryMinusAndDivisionGradient,
            r => Sample.Vector(r, 2, -2, 2)),

        // ---- Edge cases of the source: argument order, integers, names, overloads, constants, type kinds ----
        Of2(
            nameof(EdgeCaseObjectives.NamedArgumentsOutOfOrder),
            EdgeCaseObjectives.NamedArgumentsOutOfOrder,
            EdgeCaseObjectives.NamedArgumentsOutOfOrderGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        OfVector(
            nameof(EdgeCaseObjectives.ReassignedIntegerIndex),
            EdgeCaseObjectives.ReassignedIntegerIndex,
            EdgeCaseObjectives.ReassignedIntegerIndexGradient,
            r => Sample.Vector(r, 3, -2, 2),
            x => [2 * x[0], 3 * x[2], 3 * x[1]]),
        IntegerArithmeticCase(k: 3, derivative: x => 5 + 8 * x),
        IntegerArithmeticCase(k: -3, derivative: x => -1 + 4 * x),
        Of2(
            nameof(EdgeCaseObjectives.NamesLikeGeneratedOnes),
            EdgeCaseObjectives.NamesLikeGeneratedOnes,
            EdgeCaseObjectives.NamesLikeGeneratedOnesGradient,
            r => Sample.Vector(r, 2, -2, 2)),
        Of2(
            nameof(EdgeCaseObjectives.ParameterNamedLikeAnOutput),
            EdgeCaseObjectives.ParameterNamedLikeAnOutput,
            EdgeCaseObjectives.ParameterNamedLikeAnOutputGradient,
            r => Sample.Vector(r, 2, -2, 2),
            (x, xGradient) => [Math.Exp(xGradient), x * Math.Exp(xGradient) + 1]),
        Of1(
            nameof(EdgeCaseObjectives.Overloaded) + "(double)",
            EdgeCaseObjectives.Overloaded,
            EdgeCaseObjectives.OverloadedGradient,
            r => Sample.Uniform(r, -2, 2),
            x => 3 * x * x),
        OfVector(
            nameof(EdgeCaseObjectives.Overloaded) + "(ReadOnlySpan<double>)",
            EdgeCaseObjectives.Overloaded,
            EdgeCaseObjectives.OverloadedGradient,
            r => Sample.Vector(r, 2, -2, 2),
            x => [x[1], x[0] + Math.Cos(x[1])]),
        new GradientCase(
            nameof(EdgeCaseObjectives.VarLateInitializationAndCasts),
            r => [Sample.Uniform(r, -2, 2)],
            p => EdgeCaseObjectives.VarLateInitializationAndCasts(p[0], 3),
            (p, g) => EdgeCaseObjectives.VarLateInitializationAndCastsGradient(p[0], 3, out g[0]),
            p => [5 + 6 * p[0]]),
        Of1(
            nameof(EdgeCaseObjectives.ConstantsThatNeedCare),
            EdgeCaseObjectives.ConstantsThatNeedCare,
            EdgeCaseObjectives.ConstantsThatNeedCareGradient,
            r => Sample.Uniform(r, -2, 2),
            x => Math.PI + 2 * Math.E * x + 2.5),
        Of1(
            nameof(EdgeCaseObjectives.SelfCompoundAssignments),
            EdgeCaseObjectives.SelfCompoundAssignments,
            EdgeCaseObjectives.SelfCompoundAssignmentsGradient,
            r => Sample.Uniform(r, -2, 2),
            x => 4 * (x + 1)),
        new GradientCase(
            nameof(EdgeCaseObjectives.UnusedParameters),
            r => Sample.Vector(r, 7, -2, 2),
            p => EdgeCaseObjectives.UnusedParameters(p[0], p[1], p.AsSpan(2, 2), p[4..7]),
            (p, g) => EdgeCaseObjectives.UnusedParametersGradient(
                p[0], p[1], p.AsSpan(2, 2), p[4..7], out g[0], out g[1], g.AsSpan(2, 2), g.AsSpan(4, 3)),
            p => [2 * p[0], 0, 0, 0, 0, 1, 0]),
        Of1(
            nameof(EdgeCaseObjectives.ExtremeLiterals),
            EdgeCaseObjectives.ExtremeLiterals,
            EdgeCaseObjectives.ExtremeLiteralsGradient,
            r => Sample.Uniform(r, -2, 2)),
        Of2(
            nameof(EdgeCaseObjectives.MoreSameNamesOnDouble),
            EdgeCaseObjectives.MoreSameNamesOnDouble,
            EdgeCaseObjectives.MoreSameNamesOnDoubleGradient,
            r => Sample.Where(
                r,
                s => Sample.Vector(s, 2, -1.5, 1.5),
                p => Sample.AwayFromHalfIntegers(p[0], 0.02) && Sample.AwayFromHalfIntegers(p[1], 0.02)
                    && Sample.AwayFromHalfIntegers(p[0] * p[1], 0.02))),
        Of2(
            nameof(QuadraticWell) + "." + nameof(QuadraticWell.Energy),
            Well.Energy,
            Well.EnergyGradient,
            r => Sample.Vector(r, 2, -2, 2),
            (x, y) => [1.5 * x + y, 4.5 * y + x]),
        Of1(
            nameof(ScaledSine) + "." + nameof(ScaledSine.Value),
            Sine.Value,
            Sine.ValueGradient,
            r => Sample.Uniform(r, -3, 3),
            x => 2 * (Math.Cos(x) * x + Math.Sin(x))),
        Of1(
            "GenericHolder<int>.Cubic",
            GenericHolder<int>.Cubic,
            GenericHolder<int>.CubicGradient,
            r => Sample.Uniform(r, -2, 2),
            x => 3 * x * x - 2),
        Of1(
            nameof(GlobalNamespaceObjectives) + "." + nameof(GlobalNamespaceObjectives.Sigmoid),
            GlobalNamespaceObjectives.Sigmoid,
            GlobalNamespaceObjectives.SigmoidGradient,
            r => Sample.Uniform(r, -4, 4),
            x => Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x)))),

        // ---- Control flow, local arrays and calls (GradientCases.ControlFlow.cs) ----
        .. ControlFlowCases(),
    ];

    private static GradientCase Of1(
        string name, Func<double, double> function, ScalarGradient gradient, Func<Random, double> sample,
        Func<double, double>? closedForm = null) =>
        new(
            name,
            r => [sample(r)],
            p => function(p[0]),
            (p, g) => gradient(p[0], out g[0]),
            closedForm is null ? null : p => [closedForm(p[0])]);

    private static GradientCase Of2(
        string name, Func<double, double, double> function, ScalarGradient2 gradient, Func<Random, double[]> sample,
        Func<double, double, double[]>? closedForm = null) =>
        new(
            name,
            sample,
            p => function(p[0], p[1]),
            (p, g) => gradient(p[0], p[1], out g[0], out g[1]),
            closedForm is null ? null : p => closedForm(p[0], p[1]));

    private static GradientCase Of3(
        string name, Func<double, double, double, double> function, ScalarGradient3 gradient, Func<Random, double[]> sample,
        Func<double, double, double, double[]>? closedForm = null) =>
        new(
            name,
            sample,
            p => function(p[0], p[1], p[2]),
            (p, g) => gradient(p[0], p[1], p[2], out g[0], out g[1], out g[2]),
            closedForm is null ? null : p => closedForm(p[0], p[1], p[2]));

    private static GradientCase OfVector(
        string name, VectorFunction function, VectorGradient gradient, Func<Random, double[]> sample,
        Func<double[], double[]>? closedForm = null) =>
        new(name, sample, p => function(p), (p, g) => gradient(p, g), closedForm);

    private static GradientCase IntegerArithmeticCase(int k, Func<double, double> derivative) =>
        new(
            $"{nameof(EdgeCaseObjectives.IntegerArithmetic)}(k {k})",
            r => [Sample.Uniform(r, -2, 2)],
            p => EdgeCaseObjectives.IntegerArithmetic(p[0], k),
            (p, g) => EdgeCaseObjectives.IntegerArithmeticGradient(p[0], k, out g[0]),
            p => [derivative(p[0])]);

    private static GradientCase IndexedByIntegerCase(int k, int length) =>
        new(
            $"{nameof(SignatureObjectives.IndexedByInteger)}(k {k}, length {length})",
            r => Sample.Vector(r, length, -2, 2),
            p => SignatureObjectives.IndexedByInteger(p, k),
            (p, g) => SignatureObjectives.IndexedByIntegerGradient(p, k, g),
            null);

    // ---- Gradients derived by hand ----

    private static double[] ExtendedRosenbrockGradient(double[] x)
    {
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double b = x[i + 1] - x[i] * x[i];
            gradient[i] += -2 * (1 - x[i]) - 400 * x[i] * b;
            gradient[i + 1] += 200 * b;
        }

        return gradient;
    }

    private static double[] BealeGradient(double x, double y)
    {
        double t1 = 1.5 - x + x * y;
        double t2 = 2.25 - x + x * y * y;
        double t3 = 2.625 - x + x * y * y * y;
        return
        [
            2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1),
            2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y * y,
        ];
    }

    // With z = (x - mean) / sigma and f the density: df/dx = -f z / sigma = -df/dmean, df/dsigma = f (z^2 - 1) / sigma.
    private static double[] NormalDensityGradient(double x, double mean, double sigma)
    {
        double z = (x - mean) / sigma;
        double density = Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
        return [-density * z / sigma, density * z / sigma, density * (z * z - 1) / sigma];
    }

    // The gradient of log-sum-exp is the softmax.
    private static double[] LogSumExpGradient(double a, double b, double c)
    {
        double largest = Math.Max(Math.Max(a, b), c);
        double ea = Math.Exp(a - largest), eb = Math.Exp(b - largest), ec = Math.Exp(c - largest);
        double total = ea + eb + ec;
        return [ea / total, eb / total, ec / total];
    }

    private static double[] MixedParametersGradient(double[] p)
    {
        double a = p[0], x0 = p[1], x1 = p[2], x2 = p[3], b = p[4], y0 = p[5], y1 = p[6];
        double exponential = Math.Exp(0.5 * (b - a));
        return [x0 * y1 - 0.5 * exponential, a * y1, b * Math.Cos(x1), y0 * y0, Math.Sin(x1) + 0.5 * exponential, 2 * y0 * x2, a * x0];
    }

    // With margin m = label (w . features + bias): dLoss/dm = -1 / (1 + e^m).
    private static double[] LogisticLossGradient(double[] p)
    {
        const double label = -1;
        double margin = label * (p[0] * LogisticFeatures[0] + p[1] * LogisticFeatures[1] + p[2] * LogisticFeatures[2] + p[3]);
        double dMargin = -1 / (1 + Math.Exp(margin));
        return
        [
            dMargin * label * LogisticFeatures[0],
            dMargin * label * LogisticFeatures[1],
            dMargin * label * LogisticFeatures[2],
            dMargin * label,
        ];
    }

    // E = k/2 (L - rest)^2 with L = |end - start|: dE/dend = k (L - rest) (end - start) / L = -dE/dstart.
    private static double[] SpringEnergyGradient(double[] ends)
    {
        double dx = ends[2] - ends[0], dy = ends[3] - ends[1];
        double length = Math.Sqrt(dx * dx + dy * dy);
        double factor = 2.5 * (length - 1.2) / length;
        return [-factor * dx, -factor * dy, factor * dx, factor * dy];
    }
}
