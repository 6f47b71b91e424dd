using System;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Samples.Common;

/// <summary>Where a sample writes its plots, and how.</summary>
public static class SampleOutput
{
    /// <summary>The default output directory: plots/ under the working directory.</summary>
    /// <returns>The path (created).</returns>
    public static string DefaultDirectory() => Directory.CreateDirectory(Path.Combine(Directory.GetCurrentDirectory(), "plots")).FullName;

    /// <summary>Saves a plot as a PNG and says where.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="directory">The output directory (created if missing).</param>
    /// <param name="fileName">The file name, e.g. loss.png.</param>
    /// <param name="width">Pixels.</param>
    /// <param name="height">Pixels.</param>
    /// <returns>The full path written.</returns>
    public static string Save(Plot plot, string directory, string fileName, int width = 900, int height = 600)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        plot.SavePng(path, width, height);
        Console.WriteLine($"wrote {path}");
        return path;
    }

    /// <summary>
    /// An axis of whole numbers (epochs, layers, passes): labels only at integers from <paramref name="first"/> to
    /// <paramref name="last"/> (every k-th when there are many), and the range padded by half a step so end points are
    /// not on the frame. Call after adding the data: the other axis is scaled to the data first.
    /// </summary>
    /// <param name="plot">The plot.</param>
    /// <param name="first">The first whole number shown.</param>
    /// <param name="last">The last (at least <paramref name="first"/>).</param>
    public static void WholeNumberAxisX(Plot plot, int first, int last)
    {
        last = Math.Max(first, last);
        int step = Math.Max(1, (int)Math.Ceiling((last - first) / 12.0));
        var ticks = new NumericManual();
        for (int value = first; value <= last; value += step)
        {
            ticks.AddMajor(value, value.ToString(CultureInfo.InvariantCulture));
        }

        plot.Axes.AutoScale();
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(first - 0.5 * step, last + 0.5 * step);
    }

    /// <summary>A fraction axis (accuracy): always 0 to 1, whatever the data, so runs and budgets compare at a glance.</summary>
    /// <param name="plot">The plot.</param>
    public static void FractionAxisY(Plot plot) => plot.Axes.SetLimitsY(-0.02, 1.02);

    /// <summary>
    /// The legend in a panel right of the data, never over it; series with a single point (a one-epoch smoke run) get
    /// markers large enough to see, since they draw no line.
    /// </summary>
    /// <param name="plot">The plot.</param>
    public static void LegendOutside(Plot plot)
    {
        foreach (var scatter in plot.GetPlottables<ScottPlot.Plottables.Scatter>().Where(s => s.Data.GetScatterPoints().Count == 1))
        {
            scatter.MarkerSize = 10;
        }

        plot.ShowLegend(Edge.Right);
    }
}
