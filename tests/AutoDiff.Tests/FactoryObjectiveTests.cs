using System;
using AutoDiff.Optimization;
using AutoDiff.Tests.Objectives;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>The generated objective factories: they bind the data and give exactly what the generated members give.</summary>
public class FactoryObjectiveTests
{
    private static readonly double[] T = [0, 1, 2, 3, 4];
    private static readonly double[] Y = [2.1, 1.3, 0.8, 0.4, 0.3];

    [Fact]
    public void SpanParameter_ObjectiveCallsTheGeneratedMembersWithTheData()
    {
        Objective objective = FactoryObjectives.ExpDecayLossObjective(T, Y);
        double[] p = [2.0, -0.5];
        double[] v = [0.3, -1.0];
        var gradient = new double[2];
        var expectedGradient = new double[2];
        var hv = new double[2];
        var expectedHv = new double[2];

        Assert.Equal(FactoryObjectives.ExpDecayLoss(p, T, Y), objective.Value(p));
        Assert.Equal(FactoryObjectives.ExpDecayLossGradient(p, T, Y, expectedGradient), objective.Gradient(p, gradient));
        Assert.Equal(expectedGradient, gradient);
        objective.HessianVectorProduct!(p, v, hv);
        FactoryObjectives.ExpDecayLossHessianVectorProduct(p, T, Y, v, expectedHv);
        Assert.Equal(expectedHv, hv);
        Assert.Null(objective.Hessian);

        OptimizationResult fit = new LbfgsSolver().Minimize(objective, [1.0, -0.1]);
        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(2.1120, fit.Minimizer[0], 3);
    }

    [Fact]
    public void SpanData_IsCopied_ArrayData_IsShared()
    {
        double[] t = (double[])T.Clone();
        double[] y = (double[])Y.Clone();
        Objective objective = FactoryObjectives.ExpDecayLossObjective(t, y);
        double[] p = [2.0, -0.5];
        double before = objective.Value(p);

        t[0] = 100;
        Assert.Equal(before, objective.Value(p));
        y[0] = 100;
        Assert.Equal(FactoryObjectives.ExpDecayLoss(p, T, y), objective.Value(p));
    }

    [Fact]
    public void SeveralDoubles_ArePackedInDeclarationOrder_AndNewtonSolvesIt()
    {
        Objective objective = FactoryObjectives.BananaObjective(shift: 3);
        double[] x = [1.5, -0.5];
        var gradient = new double[2];
        double value = objective.Gradient(x, gradient);

        Assert.Equal(FactoryObjectives.BananaGradient(1.5, 3, -0.5, out double ga, out double gb), value);
        Assert.Equal([ga, gb], gradient);
        var hv = new double[2];
        objective.HessianVectorProduct!(x, [1, 0], hv);
        FactoryObjectives.BananaHessianVectorProduct(1.5, 3, -0.5, 1, 0, out double ha, out double hb);
        Assert.Equal([ha, hb], hv);

        OptimizationResult result = new NewtonSolver().Minimize(objective, [1, 1]);
        Assert.True(result.Converged, result.ToString());
        Assert.Equal(3, result.Minimizer[0], 8);
        Assert.Equal(9, result.Minimizer[1], 8);
    }

    [Fact]
    public void SeveralDoubles_WrongLength_ThrowsNamingX()
    {
        Objective objective = FactoryObjectives.BananaObjective(shift: 3);
        var error = Assert.Throws<ArgumentException>(() => objective.Value([1, 2, 3]));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("Banana", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArrayParameter_AndGradientOnly_GivesNoHessianVectorProduct()
    {
        Objective objective = FactoryObjectives.DistanceObjective(target: 2);
        Assert.Null(objective.HessianVectorProduct);
        var gradient = new double[3];
        Assert.Equal(2.0, objective.Gradient([1, 2, 3], gradient));
        Assert.Equal([-2.0, 0, 2], gradient);
    }

    [Fact]
    public void PerSampleLoss_StochasticObjectiveMatchesTheHandBuiltOne()
    {
        var data = new Dataset([1, 2, 2, 1, 0, 1], sampleLength: 2);
        StochasticObjective generated = FactoryObjectives.SampleLossStochasticObjective(data, lambda: 0.5);
        double[] w = [0.1, 0.2];
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            expected += FactoryObjectives.SampleLoss(w, data[i], 0.5) / 3;
        }

        Assert.Equal(expected, generated.MeanLoss(w), 14);
        var adjoint = new double[2];
        generated.Pullback(w, data[0], 2.0, adjoint);
        var expectedAdjoint = new double[2];
        FactoryObjectives.SampleLossPullback(w, data[0], 0.5, 2.0, expectedAdjoint);
        Assert.Equal(expectedAdjoint, adjoint);
    }
}
