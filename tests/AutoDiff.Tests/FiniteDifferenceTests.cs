using System;
using System.Linq;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>Every objective's generated gradient against finite differences at seeded random points.</summary>
public sealed class FiniteDifferenceTests
{
    public static TheoryData<string> AllCases => GradientCases.Names(_ => true);

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Generated_gradient_matches_finite_differences(string caseName)
    {
        GradientCase gradientCase = GradientCases.Get(caseName);
        foreach (double[] point in gradientCase.Points())
        {
            double[] generated = gradientCase.GradientAt(point);
            double[] numerical = FiniteDifferences.Gradient(gradientCase.Value, point);
            GradientAssert.Close(
                caseName, point, numerical, generated, GradientAssert.FiniteDifferenceTolerance, "finite difference");
        }
    }

    [Fact]
    public void The_suite_covers_at_least_40_objectives()
    {
        // Several cases may share one method (different constant arguments); count the methods.
        int objectiveCount = GradientCases.All.Select(c => c.Name.Split('(')[0]).Distinct().Count();

        Assert.True(objectiveCount >= 40, $"only {objectiveCount} objectives");
    }

    /// <summary>The reference itself, on derivatives known in closed form, so a failure above is not the helper's.</summary>
    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.7)]
    [InlineData(12.5)]
    public void Finite_differences_recover_known_derivatives(double x)
    {
        Func<double[], double> function = p => Math.Sin(p[0]) * Math.Exp(0.1 * p[0]) + p[0] * p[0] * p[0];
        double exact = (Math.Cos(x) + 0.1 * Math.Sin(x)) * Math.Exp(0.1 * x) + 3 * x * x;
        double scale = Math.Max(1, Math.Abs(exact));

        double central = FiniteDifferences.CentralDifference(function, [x], 0);
        double extrapolated = FiniteDifferences.Richardson(function, [x], 0);

        Assert.True(Math.Abs(central - exact) <= 1e-8 * scale, $"central difference {central:R}, exact {exact:R}");
        Assert.True(Math.Abs(extrapolated - exact) <= 1e-10 * scale, $"Richardson {extrapolated:R}, exact {exact:R}");
    }
}
