using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.LeastSquares.Tests.Mgh;
using AutoDiff.LeastSquares.Tests.Nist;
using AutoDiff.Optimization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Our Levenberg-Marquardt against MathNet.Numerics 5.0.0's <see cref="LevenbergMarquardtMinimizer"/> on the NIST StRD
/// datasets from both starts: MathNet with its own finite-difference Jacobian (accuracy order 2, its default) and with
/// our exact Jacobian (the models' generated gradients) passed in. All three at tolerances 1e-15 (MathNet's defaults;
/// ours as in the NIST tests). Reported: the smallest LRE over the parameters, residual and Jacobian evaluations, and
/// the median wall time of 7 runs after a warm-up. Then the MGH problems: our Levenberg-Marquardt and Powell hybrid
/// in residual form against L-BFGS on the same sum of squares.
/// </summary>
public static class LeastSquaresComparison
{
    private const int Runs = 7;

    public static void PrintTables(TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        output.WriteLine("| dataset | start | ours: min LRE | r / J evals | ms | MathNet FD: min LRE | f evals | ms | MathNet exact J: min LRE | f / J evals | ms |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        var ours = new List<double>();
        var fd = new List<double>();
        var exact = new List<double>();
        var oursEvaluations = new List<int>();
        foreach (string name in NistModels.Datasets)
        {
            NistDataset data = NistDataset.Load(name);
            ModelGradientFunction model = NistModels.For(name);
            for (int start = 0; start < 2; start++)
            {
                double[] p0 = data.Starts[start];
                CurveFitResult fit = CurveFit.Fit(model, data.X, data.Y, p0, options: Options);
                double oursMs = MedianMilliseconds(() => CurveFit.Fit(model, data.X, data.Y, p0, options: Options));
                double oursLre = MinLre(fit.Parameters, data.Certified);

                var (fdLre, fdF, _, fdMs) = RunMathNet(data, model, p0, exactJacobian: false);
                var (exLre, exF, exJ, exMs) = RunMathNet(data, model, p0, exactJacobian: true);
                ours.Add(oursLre);
                fd.Add(fdLre);
                exact.Add(exLre);
                oursEvaluations.Add(fit.Result.ResidualEvaluations);
                output.WriteLine(string.Create(c,
                    $"| {name} | {start + 1} | {oursLre:F1} | {fit.Result.ResidualEvaluations} / {fit.Result.JacobianEvaluations} | {oursMs:F2} | {fdLre:F1} | {fdF} | {fdMs:F2} | {exLre:F1} | {exF} / {exJ} | {exMs:F2} |"));
            }
        }

        output.WriteLine();
        output.WriteLine(string.Create(c, $"LRE >= 6 from both starts: ours {ours.Count(v => v >= 6)}/28, MathNet FD {fd.Count(v => v >= 6)}/28, MathNet exact J {exact.Count(v => v >= 6)}/28; "
            + $"our median residual evaluations {Median(oursEvaluations.Select(v => (double)v).ToList()):F0}"));
        output.WriteLine();

        output.WriteLine("| MGH problem | LM: r / J evals | LM sum r^2 | Powell hybrid: r / J evals | L-BFGS on sum r^2: g evals |");
        output.WriteLine("|---|--:|--:|--:|--:|");
        foreach (ResidualProblem problem in ResidualProblem.All())
        {
            LeastSquaresResult lm = new LevenbergMarquardtSolver().Minimize(problem.Residuals, problem.Jacobian, problem.M, problem.Start);
            string hybrid = "n/a (not square)";
            if (problem.M == problem.N)
            {
                LeastSquaresResult h = new PowellHybridSolver().Solve(problem.Residuals, problem.Jacobian, problem.Start);
                hybrid = string.Create(c, $"{h.ResidualEvaluations} / {h.JacobianEvaluations}{(h.Converged ? "" : " (" + h.Reason + ")")}");
            }

            OptimizationResult lbfgs = new LbfgsSolver().Minimize(problem.ToObjective(), problem.Start);
            output.WriteLine(string.Create(c,
                $"| {problem.Name} | {lm.ResidualEvaluations} / {lm.JacobianEvaluations} | {lm.ResidualSumOfSquares:G3} | {hybrid} | {lbfgs.Evaluations.Gradients + lbfgs.Evaluations.Values} |"));
        }
    }

    /// <summary>Our options in the comparison: the NIST tests' tolerances.</summary>
    private static readonly LevenbergMarquardtOptions Options = new() { FunctionTolerance = 1e-15, StepTolerance = 1e-15 };

    private static (double Lre, int FunctionCalls, int JacobianCalls, double Milliseconds) RunMathNet(
        NistDataset data, ModelGradientFunction model, double[] p0, bool exactJacobian)
    {
        int functionCalls = 0, jacobianCalls = 0;
        int n = p0.Length;
        var gradient = new double[n];
        Vector<double> Function(Vector<double> p, Vector<double> x)
        {
            functionCalls++;
            double[] parameters = p.ToArray();
            var y = Vector<double>.Build.Dense(x.Count);
            for (int i = 0; i < x.Count; i++)
            {
                y[i] = model(parameters, x[i], gradient);
            }

            return y;
        }

        Matrix<double> Jacobian(Vector<double> p, Vector<double> x)
        {
            jacobianCalls++;
            double[] parameters = p.ToArray();
            var jacobian = Matrix<double>.Build.Dense(x.Count, n);
            for (int i = 0; i < x.Count; i++)
            {
                model(parameters, x[i], gradient);
                for (int j = 0; j < n; j++)
                {
                    jacobian[i, j] = gradient[j];
                }
            }

            return jacobian;
        }

        Vector<double> xs = Vector<double>.Build.DenseOfArray(data.X), ys = Vector<double>.Build.DenseOfArray(data.Y);
        NonlinearMinimizationResult? Run()
        {
            IObjectiveModel objective = exactJacobian
                ? ObjectiveFunction.NonlinearModel(Function, Jacobian, xs, ys)
                : ObjectiveFunction.NonlinearModel(Function, xs, ys);
            try
            {
                return new LevenbergMarquardtMinimizer(maximumIterations: 10_000).FindMinimum(objective, Vector<double>.Build.DenseOfArray(p0));
            }
            catch (Exception)
            {
                return null; // MathNet throws when it fails (reported as LRE 0)
            }
        }

        NonlinearMinimizationResult? result = Run();
        int f = functionCalls, j = jacobianCalls;
        double lre = result is null ? 0 : MinLre(result.MinimizingPoint.ToArray(), data.Certified);
        double ms = MedianMilliseconds(() => Run());
        return (lre, f, j, ms);
    }

    private static double MinLre(double[] parameters, double[] certified)
    {
        double min = 11;
        for (int j = 0; j < parameters.Length; j++)
        {
            double value = double.IsFinite(parameters[j]) ? NistDataset.Lre(parameters[j], certified[j]) : 0;
            min = Math.Min(min, Math.Max(0, value));
        }

        return min;
    }

    private static double MedianMilliseconds(Action action)
    {
        action();
        var times = new List<double>();
        for (int k = 0; k < Runs; k++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return Median(times);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int k = values.Count / 2;
        return values.Count % 2 == 1 ? values[k] : 0.5 * (values[k - 1] + values[k]);
    }
}
