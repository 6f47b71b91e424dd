using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiff.Optimization;
using Quickstart;
using Samples.Common;

// 1. Generated gradients and Hessian-vector products next to finite differences.
// 2. Every solver on Rosenbrock and Wood, from the standard starting points, results side by side.
// Exits 1 if a derivative disagrees with its finite difference or a solver misses a minimum it should reach.

var commandLine = new SampleCommandLine(
    "Quickstart", "Generated derivatives against finite differences, then every solver on Rosenbrock and Wood.");
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

double[] lineXs = [0.0, 1.0, 2.0, 3.0];
double[] lineYs = [1.1, 2.9, 5.2, 6.8];

bool ok = true;
Console.WriteLine("Derivatives: generated vs central finite differences");
Console.WriteLine($"{"objective",-22} {"what",-8} {"i",2} {"generated",18} {"finite diff.",18} {"check",5}");
Console.WriteLine(new string('-', 78));

CheckGradient("Rosenbrock", [-1.2, 1.0, -1.2, 1.0], p => Objectives.Rosenbrock(p), (p, g) => Objectives.RosenbrockGradient(p, g));
CheckGradient("Landscape", [0.7, -1.3], p => Objectives.Landscape(p[0], p[1]), (p, g) => Objectives.LandscapeGradient(p[0], p[1], out g[0], out g[1]));
CheckGradient(
    "LineFitError", [1.5, 0.5],
    p => Objectives.LineFitError(p[0], p[1], lineXs, lineYs),
    (p, g) => Objectives.LineFitErrorGradient(p[0], p[1], lineXs, lineYs, out g[0], out g[1]));
CheckHessianVectorProduct("Rosenbrock", [-1.2, 1.0, -1.2, 1.0], [0.5, -1.0, 2.0, 0.25]);
CheckHessianVectorProduct("Wood", [-3.0, -1.0, -3.0, -1.0], [1.0, 0.0, -1.0, 0.5]);

Console.WriteLine();
Console.WriteLine("Minimisation with every solver (exact gradients and Hessian-vector products)");
Console.WriteLine($"{"problem",-11} {"solver",-25} {"iter",6} {"f evals",8} {"g evals",8} {"Hv evals",9} {"H evals",8} {"f",10}  {"reason",-18}");
Console.WriteLine(new string('-', 112));
var stopping = new StoppingCriteria { SquaredGradientTolerance = 1e-20, MaxIterations = 20_000 };
OptimizationSolver[] solvers =
[
    new GradientDescentSolver(new GradientDescentOptions { Stopping = stopping }),
    new NewtonSolver(new NewtonOptions { Stopping = stopping }),
    new NewtonConjugateGradientSolver(new NewtonConjugateGradientOptions { Stopping = stopping }),
    new ConjugateGradientSolver(new ConjugateGradientOptions { Stopping = stopping }),
    new LbfgsSolver(new LbfgsOptions { Stopping = stopping }),
];
const double ReachedTolerance = 1e-10; // both problems have minimum value 0
var runs = new List<(string Problem, OptimizationSolver Solver, OptimizationResult Result)>();
foreach (var (problem, objective, start) in new (string, Objective, double[])[]
{
    ("Rosenbrock", Objectives.RosenbrockObjective, [-1.2, 1.0]),
    ("Wood", Objectives.WoodObjective, [-3.0, -1.0, -3.0, -1.0]),
})
{
    foreach (var solver in solvers)
    {
        var result = solver.Minimize(objective, start);
        runs.Add((problem, solver, result));
        Console.WriteLine(
            $"{problem,-11} {solver.Name,-25} {result.Iterations,6} {result.Evaluations.Values,8} {result.Evaluations.Gradients,8} " +
            $"{result.Evaluations.HessianVectorProducts,9} {result.Evaluations.Hessians,8} {Format(result.Value, "0.0E+00"),10}  {result.Reason,-18}");

        // Gradient descent may crawl along these valleys until its budget runs out; the others must reach the minimum 0.
        if (solver is not GradientDescentSolver && result.Value > ReachedTolerance)
        {
            ok = false;
        }
    }
}

Console.WriteLine();
Console.WriteLine(new LbfgsSolver().Minimize(Objectives.RosenbrockObjective, [-1.2, 1.0]));
Console.WriteLine();
Console.WriteLine(ok ? "All derivatives agree with finite differences." : "FAILED: see the rows above.");
Console.WriteLine(WhatTheSolversDid());
return ok ? 0 : 1;

// One sentence from the rows above: who reached f <= 1e-10 and in how many iterations, and who did not.
string WhatTheSolversDid()
{
    var missed = runs.Where(r => r.Result.Value > ReachedTolerance).ToList();
    string Iterations(IEnumerable<int> counts) => counts.Min() == counts.Max() ? $"{counts.Min()}" : $"{counts.Min()} to {counts.Max()}";
    var gradientDescent = runs.Where(r => r.Solver is GradientDescentSolver && r.Result.Value <= ReachedTolerance).Select(r => r.Result.Iterations).ToList();
    var others = runs.Where(r => r.Solver is not GradientDescentSolver && r.Result.Value <= ReachedTolerance).Select(r => r.Result.Iterations).ToList();
    string reached = missed.Count == 0
        ? "Every solver reached the minimum (f <= 1e-10) of both problems"
        : "The other runs reached the minimum (f <= 1e-10)";
    string counts = (gradientDescent.Count > 0 ? $": gradient descent in {Iterations(gradientDescent)} iterations" : ":")
        + (others.Count > 0 ? $"{(gradientDescent.Count > 0 ? "," : "")} the others in {Iterations(others)}." : ".");
    string misses = string.Concat(missed.Select(r =>
        $"{Environment.NewLine}Did not reach it: {r.Solver.Name} on {r.Problem} (f = {Format(r.Result.Value, "0.0E+00")} after {r.Result.Iterations} iterations, {r.Result.Reason})."));
    return reached + counts + misses;
}

// The generated gradient at a point next to a finite difference for each coordinate.
void CheckGradient(string name, double[] point, Func<double[], double> function, Func<double[], double[], double> gradient)
{
    var generated = new double[point.Length];
    gradient(point, generated);
    for (int i = 0; i < point.Length; i++)
    {
        Report(name, "gradient", i, generated[i], CentralDifference(q => function(q), point, i));
    }
}

// H v from the generated HessianVectorProduct next to the difference of two generated gradients along v.
void CheckHessianVectorProduct(string name, double[] point, double[] v)
{
    var objective = name == "Wood" ? Objectives.WoodObjective : Objectives.RosenbrockObjective;
    var product = new double[point.Length];
    objective.HessianVectorProduct!(point, v, product);
    double h = 1e-6;
    double[] plus = new double[point.Length], minus = new double[point.Length];
    objective.Gradient(point.Select((x, i) => x + h * v[i]).ToArray(), plus);
    objective.Gradient(point.Select((x, i) => x - h * v[i]).ToArray(), minus);
    for (int i = 0; i < point.Length; i++)
    {
        Report(name, "H v", i, product[i], (plus[i] - minus[i]) / (2 * h));
    }
}

void Report(string name, string what, int i, double generated, double numerical)
{
    bool agrees = Math.Abs(generated - numerical) <= 1e-6 * Math.Max(1, Math.Max(Math.Abs(generated), Math.Abs(numerical)));
    ok &= agrees;
    Console.WriteLine(
        $"{(i == 0 ? name : ""),-22} {(i == 0 ? what : ""),-8} {i,2} {Format(generated, "0.000000000"),18} " +
        $"{Format(numerical, "0.000000000"),18} {(agrees ? "ok" : "FAIL"),5}");
}

// (f(x + h e_i) - f(x - h e_i)) / 2h with h = cbrt(eps) max(1, |x_i|): balances truncation against rounding error.
static double CentralDifference(Func<double[], double> function, double[] point, int i)
{
    double step = Math.Cbrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(point[i]));
    double[] shifted = (double[])point.Clone();
    shifted[i] = point[i] + step;
    double forward = function(shifted);
    shifted[i] = point[i] - step;
    double backward = function(shifted);
    return (forward - backward) / (2 * step);
}

static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
