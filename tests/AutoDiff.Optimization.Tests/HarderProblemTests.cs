using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Optimization.Tests.Problems.Generated;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiff.Optimization.Tests;

/// <summary>
/// The harder MGH problems of <see cref="HarderMghObjectives"/>: their generated gradients against finite differences,
/// and the solvers reaching the known minima without working on long after reaching them.
/// </summary>
public class HarderProblemTests(ITestOutputHelper output)
{
    /// <summary>A problem: its generated objective, start and the minima (f*) the literature reports from that start.</summary>
    public sealed record Problem(string Name, Objective Objective, double[] Start, double[] Minima)
    {
        public override string ToString() => $"{Name} (n = {Start.Length})";
    }

    public static readonly Problem[] All =
    [
        new("Jennrich-Sampson", HarderMghObjectives.JennrichSampsonObjective, [0.3, 0.4], [124.362182355]),
        new("Bard", HarderMghObjectives.BardObjective, [1, 1, 1], [8.21487730657e-3]),
        new("Meyer", HarderMghObjectives.MeyerObjective, [0.02, 4000, 250], [87.9458551718]),
        new("Gulf", HarderMghObjectives.GulfObjective, [5, 2.5, 0.15], [0]),
        new("Box 3D", HarderMghObjectives.Box3DObjective, [0, 10, 20], [0]),
        new("Kowalik-Osborne", HarderMghObjectives.KowalikOsborneObjective, [0.25, 0.39, 0.415, 0.39], [3.07505603849e-4]),
        new("Brown-Dennis", HarderMghObjectives.BrownDennisObjective, [25, 5, -5, -1], [85822.2016263563]),
        new("Osborne 1", HarderMghObjectives.Osborne1Objective, [0.5, 1.5, -1, 0.01, 0.02], [5.46489469748e-5]),
        new("Biggs EXP6", HarderMghObjectives.BiggsExp6Objective, [1, 2, 1, 1, 1, 1], [0, 5.65564910e-3]),
        new("Penalty I", HarderMghObjectives.PenaltyIObjective, [1, 2, 3, 4], [2.24997824e-5]),
        new("Penalty II", HarderMghObjectives.PenaltyIIObjective, [0.5, 0.5, 0.5, 0.5], [9.37629300e-6]),
    ];

    public static TheoryData<int, string> ProblemIndices()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < All.Length; i++)
        {
            data.Add(i, All[i].ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProblemIndices))]
    public void Generated_gradient_agrees_with_central_differences(int index, string name)
    {
        Problem problem = All[index];
        int n = problem.Start.Length;
        var gradient = new double[n];
        double[] x = problem.Start.Select((v, i) => v * (1 + 0.01 * (i + 1)) + 0.001).ToArray();
        problem.Objective.Gradient(x, gradient);
        for (int i = 0; i < n; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double difference = (problem.Objective.Value(plus) - problem.Objective.Value(minus)) / (2 * h);
            double scale = Math.Max(1e-3, Math.Max(Math.Abs(gradient[i]), Math.Abs(difference)));
            Assert.True(Math.Abs(difference - gradient[i]) <= 1e-5 * scale + 1e-7 * Math.Abs(problem.Objective.Value(x)) / Math.Max(1, Math.Abs(x[i])),
                $"{name}: g[{i}] = {gradient[i]:R}, central difference {difference:R}");
        }
    }

    /// <summary>
    /// Runs that end elsewhere than f* from the standard start, known and reported in README: Meyer (x* about
    /// (0.0056, 6181, 345), so badly scaled that a spherical trust region or a Newton-CG line search stalls). Dense
    /// Newton used to fail Osborne 1 and Biggs EXP6 (indefinite Hessians over large regions, where its shifted steps
    /// went astray); its trust-region step where H is indefinite solves both.
    /// </summary>
    private static readonly HashSet<(string Solver, string Problem)> KnownFailures =
        [("NewtonCG", "Meyer"), ("CG", "Meyer"), ("TrustRegion", "Meyer")];

    public static IEnumerable<object[]> SolverCases()
    {
        for (int i = 0; i < All.Length; i++)
        {
            foreach (string solver in Solvers.All.Where(s => s != "GD"))
            {
                yield return [solver, i, All[i].ToString()];
            }
        }
    }

    [Theory]
    [MemberData(nameof(SolverCases))]
    public void Solver_reaches_the_minimum_and_stops_within_twice_the_calls_it_needed(string solverName, int problemIndex, string problemName)
    {
        Problem problem = All[problemIndex];
        var path = new List<(double Value, int Calls)>();
        OptimizationResult result = Solvers.Create(solverName, callback: state =>
        {
            path.Add((state.Value, state.Evaluations.Total));
            return CallbackAction.Continue;
        }).Minimize(problem.Objective, problem.Start);
        output.WriteLine(result.ToString());

        double fStar = problem.Minima.MinBy(m => Math.Abs(m - result.Value));
        bool reached = Math.Abs(result.Value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar));
        Assert.True(reached != KnownFailures.Contains((solverName, problem.Name)), $"{solverName} on {problemName}: f = {result.Value:R}, f* = {fStar:R}");
        Assert.Equal(problem.Objective.Value(result.Minimizer), result.Value);
        CallBudget.AssertAtMostTwiceTheCallsToReachTheFinalValue(path, result);
    }

    /// <summary>
    /// Meyer defeats L-BFGS-B as it defeats scipy's (scipy 1.10.1's L-BFGS-B, gtol 1e-8, ftol 2.2e-15, stops at
    /// f = 108.1 unbounded and at 12,734 in this box, measured): its scaling makes the compact-form subspace step
    /// inaccurate, line searches fail and the memory restarts, and the run stalls far from f* = 87.95. Our unbounded
    /// L-BFGS (two-loop recursion) solves it.
    /// </summary>
    private const string LbfgsBKnownFailure = "Meyer";

    [Theory]
    [MemberData(nameof(ProblemIndices))]
    public void LbfgsB_in_a_wide_box_reaches_the_minimum_and_stops_within_twice_the_calls_it_needed(int problemIndex, string problemName)
    {
        Problem problem = All[problemIndex];
        var path = new List<(double Value, int Calls)>();
        OptimizationResult result = Solvers.BoundedLbfgs(problem.Start.Length, state =>
        {
            path.Add((state.Value, state.Evaluations.Total));
            return CallbackAction.Continue;
        }).Minimize(problem.Objective, problem.Start);
        output.WriteLine(result.ToString());

        double fStar = problem.Minima.MinBy(m => Math.Abs(m - result.Value));
        bool reached = Math.Abs(result.Value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar));
        Assert.True(reached != (problem.Name == LbfgsBKnownFailure), $"L-BFGS-B on {problemName}: f = {result.Value:R}, f* = {fStar:R}");
        Assert.Equal(problem.Objective.Value(result.Minimizer), result.Value);
        CallBudget.AssertAtMostTwiceTheCallsToReachTheFinalValue(path, result);
    }
}
