using System;
using System.Linq;

namespace AutoDiff.Tests;

/// <summary>
/// One objective seen through a flat point: every differentiable parameter laid end to end in declaration order
/// (scalars take one slot, vectors their length), with the constant arguments fixed inside the case. That lets one
/// test body check objectives of any signature.
/// </summary>
public sealed class GradientCase
{
    /// <summary>How many random points each case is checked at.</summary>
    public const int PointCount = 5;

    private readonly Func<Random, double[]> samplePoint;

    public GradientCase(
        string name,
        Func<Random, double[]> samplePoint,
        Func<double[], double> value,
        Func<double[], double[], double> gradient,
        Func<double[], double[]>? closedFormGradient)
    {
        Name = name;
        this.samplePoint = samplePoint;
        Value = value;
        Gradient = gradient;
        ClosedFormGradient = closedFormGradient;
    }

    /// <summary>The objective's name, with the constant arguments in parentheses when a method has several cases.</summary>
    public string Name { get; }

    /// <summary>Calls the <c>[Differentiable]</c> method itself.</summary>
    public Func<double[], double> Value { get; }

    /// <summary>Calls the generated <c>{Name}Gradient</c>: writes the flat gradient into the second array, returns f.</summary>
    public Func<double[], double[], double> Gradient { get; }

    /// <summary>The gradient derived by hand, for the cases that have one.</summary>
    public Func<double[], double[]>? ClosedFormGradient { get; }

    /// <summary>The same <see cref="PointCount"/> points on every run: the seed comes from the name, not the clock.</summary>
    public double[][] Points()
    {
        var random = new Random(StableSeed(Name));
        return Enumerable.Range(0, PointCount).Select(_ => samplePoint(random)).ToArray();
    }

    /// <summary>Runs the generated gradient on a fresh buffer.</summary>
    public double[] GradientAt(double[] point)
    {
        var gradient = new double[point.Length];
        Gradient(point, gradient);
        return gradient;
    }

    public override string ToString() => Name;

    // FNV-1a: string.GetHashCode is randomised per process, so it cannot seed a reproducible test.
    private static int StableSeed(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}

/// <summary>Draws points inside the domains the objectives' comments describe.</summary>
public static class Sample
{
    public static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>A magnitude in [low, high] with a random sign: keeps a value away from 0 on both sides.</summary>
    public static double SignedMagnitude(Random random, double low, double high) =>
        (random.Next(2) == 0 ? -1 : 1) * Uniform(random, low, high);

    public static double[] Vector(Random random, int length, double low, double high) =>
        Enumerable.Range(0, length).Select(_ => Uniform(random, low, high)).ToArray();

    /// <summary>Redraws until the point is acceptable, to stay clear of a kink or jump.</summary>
    public static double[] Where(Random random, Func<Random, double[]> draw, Func<double[], bool> accept)
    {
        while (true)
        {
            double[] point = draw(random);
            if (accept(point))
            {
                return point;
            }
        }
    }

    /// <summary>True when v is at least <paramref name="margin"/> away from every multiple of 1/2.</summary>
    public static bool AwayFromHalfIntegers(double v, double margin)
    {
        double twice = 2 * v;
        return Math.Abs(twice - Math.Round(twice)) >= 2 * margin;
    }
}
