using System;
using System.IO;
using ScottPlot;

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
}
