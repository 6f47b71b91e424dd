using System.Linq;
using Xunit;

namespace AutoDiff.Tests;

/// <summary>Generated gradients against gradients derived by hand: both exact, so they agree to a few roundings.</summary>
public sealed class ClosedFormGradientTests
{
    public static TheoryData<string> CasesWithClosedForm => GradientCases.Names(c => c.ClosedFormGradient is not null);

    [Theory]
    [MemberData(nameof(CasesWithClosedForm))]
    public void Generated_gradient_matches_the_hand_derived_gradient(string caseName)
    {
        GradientCase gradientCase = GradientCases.Get(caseName);
        foreach (double[] point in gradientCase.Points())
        {
            double[] generated = gradientCase.GradientAt(point);
            double[] handDerived = gradientCase.ClosedFormGradient!(point);
            GradientAssert.Close(
                caseName, point, handDerived, generated, GradientAssert.ClosedFormTolerance, "hand-derived");
        }
    }

    [Fact]
    public void At_least_a_dozen_objectives_have_a_hand_derived_gradient()
    {
        int count = GradientCases.All.Count(c => c.ClosedFormGradient is not null);

        Assert.True(count >= 12, $"only {count} hand-derived gradients");
    }
}
