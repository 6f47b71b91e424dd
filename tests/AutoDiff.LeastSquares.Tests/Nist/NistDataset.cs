using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace AutoDiff.LeastSquares.Tests.Nist;

/// <summary>One NIST StRD nonlinear regression file: the two starts, certified values and standard deviations, certified RSS, data.</summary>
public sealed partial class NistDataset
{
    private NistDataset(string name, double[][] starts, double[] certified, double[] standardDeviations, double rss, double[] x, double[] y)
    {
        Name = name;
        Starts = starts;
        Certified = certified;
        StandardDeviations = standardDeviations;
        CertifiedRss = rss;
        X = x;
        Y = y;
    }

    public string Name { get; }

    /// <summary>Start 1 and Start 2.</summary>
    public double[][] Starts { get; }

    public double[] Certified { get; }

    public double[] StandardDeviations { get; }

    public double CertifiedRss { get; }

    public double[] X { get; }

    public double[] Y { get; }

    /// <summary>Reads <c>{name}.dat</c> from <paramref name="directory"/> (by default Data/nist next to the test assembly).</summary>
    public static NistDataset Load(string name, string? directory = null)
    {
        directory ??= Path.Combine(AppContext.BaseDirectory, "Data", "nist");
        var starts = new[] { new List<double>(), new List<double>() };
        var certified = new List<double>();
        var deviations = new List<double>();
        var x = new List<double>();
        var y = new List<double>();
        double rss = double.NaN;
        bool data = false;
        foreach (string line in File.ReadLines(Path.Combine(directory, name + ".dat")))
        {
            if (data)
            {
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2)
                {
                    y.Add(Parse(parts[0]));
                    x.Add(Parse(parts[1]));
                }

                continue;
            }

            Match parameter = ParameterLine().Match(line);
            if (parameter.Success)
            {
                starts[0].Add(Parse(parameter.Groups[1].Value));
                starts[1].Add(Parse(parameter.Groups[2].Value));
                certified.Add(Parse(parameter.Groups[3].Value));
                deviations.Add(Parse(parameter.Groups[4].Value));
            }
            else if (line.StartsWith("Residual Sum of Squares:", StringComparison.Ordinal))
            {
                rss = Parse(line.Split(':')[1].Trim());
            }
            else if (DataHeader().IsMatch(line))
            {
                data = true;
            }
        }

        return new NistDataset(name, [starts[0].ToArray(), starts[1].ToArray()], certified.ToArray(), deviations.ToArray(), rss, x.ToArray(), y.ToArray());
    }

    /// <summary>The log relative error -log10(|value - certified| / |certified|), capped at 11 (the certified digits).</summary>
    public static double Lre(double value, double certified)
    {
        double error = Math.Abs(value - certified) / Math.Abs(certified);
        return error == 0 ? 11 : Math.Min(11, -Math.Log10(error));
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*b\d+\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")]
    private static partial Regex ParameterLine();

    [GeneratedRegex(@"^Data:\s+y\s+x\s*$")]
    private static partial Regex DataHeader();
}
