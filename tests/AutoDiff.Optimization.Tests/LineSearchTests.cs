using System;
using System.Collections.Generic;
using Xunit;

namespace AutoDiff.Optimization.Tests;

/// <summary>Each line search returns a step satisfying the conditions it promises, and never a step where phi is not finite.</summary>
public class LineSearchTests
{
    /// <summary>A 1-D function given by formulas, counting its evaluations.</summary>
    private sealed class Line(Func<double, double> value, Func<double, double> derivative) : ILineFunction
    {
        public int Evaluations { get; private set; }

        public double Phi(double a) => value(a);

        public double Slope(double a) => derivative(a);

        public double Value(double step)
        {
            Evaluations++;
            return value(step);
        }

        public double ValueAndDerivative(double step, out double d)
        {
            Evaluations++;
            d = derivative(step);
            return value(step);
        }
    }

    /// <summary>Smooth 1-D functions with phi'(0) &lt; 0, including More and Thuente's (1994) first two test functions.</summary>
    private static Line Function(int which) => which switch
    {
        0 => new Line(a => (a - 2) * (a - 2), a => 2 * (a - 2)),
        1 => new Line(a => -a / (a * a + 2), a => (a * a - 2) / ((a * a + 2) * (a * a + 2))),
        2 => new Line(a => Math.Pow(a + 0.004, 5) - 2 * Math.Pow(a + 0.004, 4), a => 5 * Math.Pow(a + 0.004, 4) - 8 * Math.Pow(a + 0.004, 3)),
        3 => new Line(a => Math.Exp(-3 * a) + 0.5 * a * a, a => -3 * Math.Exp(-3 * a) + a),
        4 => new Line(a => 1e4 * (a - 1e-3) * (a - 1e-3), a => 2e4 * (a - 1e-3)),
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    public static IEnumerable<object[]> Cases()
    {
        foreach (int function in new[] { 0, 1, 2, 3, 4 })
        {
            foreach (double initialStep in new[] { 1e-3, 0.1, 1, 10, 1000 })
            {
                yield return [function, initialStep];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Armijo_step_has_sufficient_decrease(int function, double initialStep)
    {
        Line line = Function(function);
        double phi0 = line.Phi(0), slope0 = line.Slope(0);
        var search = new ArmijoLineSearch();
        LineSearchResult result = search.Search(line, phi0, slope0, initialStep);

        Assert.Equal(LineSearchStatus.Satisfied, result.Status);
        Assert.True(result.Step > 0 && result.Step <= initialStep);
        Assert.Equal(line.Phi(result.Step), result.Value);
        Assert.True(result.Value <= phi0 + 1e-4 * result.Step * slope0, $"Armijo fails at a = {result.Step}");
        Assert.Equal(line.Evaluations, result.Evaluations);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Strong_Wolfe_step_satisfies_both_conditions(int function, double initialStep)
    {
        foreach (double c2 in new[] { 0.9, 0.1 })
        {
            Line line = Function(function);
            double phi0 = line.Phi(0), slope0 = line.Slope(0);
            LineSearchResult result = new StrongWolfeLineSearch { C2 = c2 }.Search(line, phi0, slope0, initialStep);

            Assert.Equal(LineSearchStatus.Satisfied, result.Status);
            Assert.Equal(line.Phi(result.Step), result.Value);
            Assert.Equal(line.Slope(result.Step), result.Slope);
            Assert.True(result.Value <= phi0 + 1e-4 * result.Step * slope0, $"Armijo fails at a = {result.Step}, c2 = {c2}");
            Assert.True(Math.Abs(result.Slope) <= c2 * Math.Abs(slope0), $"curvature fails at a = {result.Step}, c2 = {c2}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weak_Wolfe_step_satisfies_both_conditions(int function, double initialStep)
    {
        Line line = Function(function);
        double phi0 = line.Phi(0), slope0 = line.Slope(0);
        LineSearchResult result = new WeakWolfeLineSearch().Search(line, phi0, slope0, initialStep);

        Assert.Equal(LineSearchStatus.Satisfied, result.Status);
        Assert.True(result.Value <= phi0 + 1e-4 * result.Step * slope0);
        Assert.True(result.Slope >= 0.9 * slope0);
    }

    public static IEnumerable<object[]> Searches() =>
    [
        [new ArmijoLineSearch()],
        [new StrongWolfeLineSearch()],
        [new StrongWolfeLineSearch { C2 = 0.1 }],
        [new WeakWolfeLineSearch()],
    ];

    [Theory]
    [MemberData(nameof(Searches))]
    public void Non_finite_values_beyond_a_step_shrink_the_step(ILineSearch search)
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity })
        {
            // (a - 2)^2 up to a = 0.5, then NaN or infinity, as for a log or sqrt leaving its domain.
            var line = new Line(a => a < 0.5 ? (a - 2) * (a - 2) : bad, a => a < 0.5 ? 2 * (a - 2) : bad);
            LineSearchResult result = search.Search(line, 4, -4, 1);

            Assert.True(result.IsAcceptable);
            Assert.True(result.Step is > 0 and < 0.5, $"step {result.Step}");
            Assert.True(double.IsFinite(result.Value));
            Assert.True(result.SawNonFiniteValue);
            Assert.True(result.Value <= 4 + 1e-4 * result.Step * -4);
        }
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public void A_function_that_is_NaN_everywhere_fails_with_step_zero(ILineSearch search)
    {
        var line = new Line(_ => double.NaN, _ => double.NaN);
        LineSearchResult result = search.Search(line, 1, -1, 1);

        Assert.Equal(LineSearchStatus.Failed, result.Status);
        Assert.Equal(0, result.Step);
        Assert.False(result.IsAcceptable);
        Assert.True(result.SawNonFiniteValue);
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public void An_ascent_direction_is_reported_without_evaluating(ILineSearch search)
    {
        var line = new Line(a => a * a, a => 2 * a);
        LineSearchResult result = search.Search(line, 0, 1, 1);

        Assert.Equal(LineSearchStatus.NotDescentDirection, result.Status);
        Assert.Equal(0, result.Step);
        Assert.Equal(0, line.Evaluations);
    }

    [Fact]
    public void Armijo_accepts_the_initial_step_when_it_already_decreases_enough()
    {
        var line = new Line(a => (a - 2) * (a - 2), a => 2 * (a - 2));
        LineSearchResult result = new ArmijoLineSearch().Search(line, 4, -4, 1);

        Assert.Equal(1, result.Step);
        Assert.Equal(1, result.Evaluations);
        Assert.True(double.IsNaN(result.Slope)); // value-only search
    }
}
