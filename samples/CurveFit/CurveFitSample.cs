using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.Optimization;
using Samples.Common;
using ScottPlot;

namespace Samples.CurveFit;

/// <summary>How to run the curve-fit sample.</summary>
/// <param name="Smoke">Fit from NIST's second start only (the full run fits from both).</param>
/// <param name="OutputDirectory">Where the plot goes; null for plots/ under the working directory.</param>
public sealed record CurveFitSampleOptions(bool Smoke = false, string? OutputDirectory = null);

/// <summary>What the sample fitted.</summary>
/// <param name="Fits">One fit per start.</param>
/// <param name="Certified">NIST's certified parameters.</param>
/// <param name="CertifiedStandardDeviations">NIST's certified standard deviations.</param>
/// <param name="PlotPath">The PNG written.</param>
public sealed record CurveFitSampleResult(IReadOnlyList<CurveFitResult> Fits, double[] Certified, double[] CertifiedStandardDeviations, string PlotPath);

/// <summary>
/// Fits NIST's Thurber data (semiconductor electron mobility against log density, 37 points, 7 parameters) with
/// <see cref="AutoDiff.Optimization.CurveFit"/>, keeping the denominator's coefficients non-negative with bounds, prints
/// the parameters with standard errors next to NIST's certified values, and plots data, fit and residuals.
/// </summary>
public static class CurveFitSample
{
    /// <summary>Runs the fit(s), prints the table and writes thurber-fit.png.</summary>
    /// <param name="options">Which starts and where the plot goes.</param>
    /// <returns>The fits.</returns>
    public static CurveFitSampleResult Run(CurveFitSampleOptions options)
    {
        var (x, y, starts, certified, deviations) = Load(SampleFiles.Find("Thurber.dat"));

        // b5, b6, b7 >= 0 keeps 1 + b5 x + b6 x^2 + b7 x^3 away from zero over the data (x > -3.1): a pole inside
        // the data would be a nonsense fit. The certified solution lies inside, so the bounds only guard the path.
        double inf = double.PositiveInfinity;
        var bounds = new ParameterBounds([-inf, -inf, -inf, -inf, 0, 0, 0], [inf, inf, inf, inf, inf, inf, inf]);
        var solverOptions = new LevenbergMarquardtOptions { FunctionTolerance = 1e-15, StepTolerance = 1e-15 };

        var fits = new List<CurveFitResult>();
        CultureInfo c = CultureInfo.InvariantCulture;
        foreach (int start in options.Smoke ? new[] { 1 } : new[] { 0, 1 })
        {
            CurveFitResult fit = AutoDiff.Optimization.CurveFit.Fit(ThurberModel.MobilityGradient, x, y, starts[start], bounds: bounds, options: solverOptions);
            fits.Add(fit);
            Console.WriteLine(string.Create(c, $"Thurber from NIST start {start + 1}: {fit.Result.Reason}, {fit.Result.ResidualEvaluations} residual and {fit.Result.JacobianEvaluations} Jacobian evaluations, RSS {fit.Result.ResidualSumOfSquares:G10}"));
            Console.WriteLine($"  {"",3} {"estimate",16} {"std. error",12} {"NIST certified",16} {"NIST std. dev.",14} {"LRE",5}");
            for (int j = 0; j < fit.Parameters.Length; j++)
            {
                double lre = -Math.Log10(Math.Abs(fit.Parameters[j] - certified[j]) / Math.Abs(certified[j]));
                Console.WriteLine(string.Create(c, $"  b{j + 1} {fit.Parameters[j],16:G10} {fit.StandardErrors?[j],12:G5} {certified[j],16:G10} {deviations[j],14:G5} {Math.Min(lre, 11),5:F1}"));
            }
        }

        string directory = options.OutputDirectory ?? SampleOutput.DefaultDirectory();
        string path = Plot(x, y, fits[^1], directory);
        return new CurveFitSampleResult(fits, certified, deviations, path);
    }

    private static string Plot(double[] x, double[] y, CurveFitResult fit, string directory)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Plot top = multiplot.GetPlot(0);
        Plot bottom = multiplot.GetPlot(1);

        var data = top.Add.ScatterPoints(x, y);
        data.LegendText = "NIST Thurber data";
        data.MarkerSize = 7;
        double lo = x.Min(), hi = x.Max();
        double[] gridX = Enumerable.Range(0, 301).Select(k => lo + (hi - lo) * k / 300).ToArray();
        var gradient = new double[fit.Parameters.Length];
        double[] gridY = gridX.Select(v => ThurberModel.MobilityGradient(fit.Parameters, v, gradient)).ToArray();
        var curve = top.Add.ScatterLine(gridX, gridY);
        curve.LegendText = "Levenberg-Marquardt fit (7 parameters)";
        curve.LineWidth = 2;
        top.Title("Electron mobility against log density: data and fit");
        top.YLabel("mobility y");
        top.XLabel("log density x");
        top.ShowLegend(Alignment.UpperLeft);

        var residuals = bottom.Add.ScatterPoints(x, fit.Residuals);
        residuals.MarkerSize = 7;
        var zero = bottom.Add.HorizontalLine(0);
        zero.LinePattern = LinePattern.Dashed;
        zero.Color = Colors.Gray;
        bottom.Title(string.Create(CultureInfo.InvariantCulture, $"Residuals y - f(x), RSS = {fit.Result.ResidualSumOfSquares:F1}"));
        bottom.YLabel("residual");
        bottom.XLabel("log density x");
        double margin = 0.03 * (hi - lo);
        top.Axes.SetLimitsX(lo - margin, hi + margin);
        top.Axes.Left.MinimumSize = 70; // the same left margin in both panels, so their x axes line up
        bottom.Axes.Left.MinimumSize = 70;
        bottom.Axes.SetLimitsX(lo - margin, hi + margin);

        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "thurber-fit.png");
        multiplot.SavePng(path, 900, 900);
        Console.WriteLine($"wrote {path}");
        return path;
    }

    /// <summary>Reads a NIST StRD file: starts, certified values and deviations from the parameter lines, then (y, x) pairs after "Data:".</summary>
    private static (double[] X, double[] Y, double[][] Starts, double[] Certified, double[] Deviations) Load(string path)
    {
        var x = new List<double>();
        var y = new List<double>();
        var columns = new List<double[]>();
        bool data = false;
        foreach (string line in File.ReadLines(path))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (data && parts.Length == 2)
            {
                y.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
                x.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
            }
            else if (parts.Length == 6 && parts[0].StartsWith('b') && parts[1] == "=")
            {
                columns.Add(parts[2..].Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray());
            }
            else if (parts.Length >= 3 && parts[0] == "Data:" && parts[1] == "y")
            {
                data = true;
            }
        }

        double[] Column(int k) => columns.Select(row => row[k]).ToArray();
        return (x.ToArray(), y.ToArray(), [Column(0), Column(1)], Column(2), Column(3));
    }
}
