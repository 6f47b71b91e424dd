using System;

namespace AutoDiff.Optimization;

/// <summary>
/// Keeps a running average of iterates in O(n) memory, updated in place (mean += (w / W)(x - mean), which needs no
/// sum of x that could overflow or lose precision). The stochastic solvers use it; it is public so users can
/// average their own iterates.
/// </summary>
public sealed class IterateAverager
{
    private readonly double[] _average;

    /// <summary>Creates an empty average.</summary>
    /// <param name="kind">Which average; not <see cref="IterateAveraging.None"/>.</param>
    /// <param name="dimension">The length of the iterates, &gt; 0.</param>
    /// <param name="decay">d for <see cref="IterateAveraging.Exponential"/>, in [0, 1). Default 0.999.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public IterateAverager(IterateAveraging kind, int dimension, double decay = 0.999)
    {
        if (kind is not (IterateAveraging.Uniform or IterateAveraging.StepWeighted or IterateAveraging.Exponential))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Choose Uniform, StepWeighted or Exponential.");
        }

        if (dimension <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Must be > 0.");
        }

        if (!(decay >= 0 && decay < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "Must lie in [0, 1).");
        }

        Kind = kind;
        Decay = decay;
        _average = new double[dimension];
    }

    /// <summary>Which average this is.</summary>
    public IterateAveraging Kind { get; }

    /// <summary>d, the exponential decay.</summary>
    public double Decay { get; }

    /// <summary>How many iterates were added.</summary>
    public int Count { get; private set; }

    /// <summary>The sum of the weights added (the count for the uniform and exponential averages).</summary>
    public double TotalWeight { get; private set; }

    /// <summary>The current average (zeros before the first <see cref="Add"/>).</summary>
    public ReadOnlySpan<double> Average => _average;

    /// <summary>Adds an iterate.</summary>
    /// <param name="x">The iterate; length <c>dimension</c>.</param>
    /// <param name="weight">a_i for <see cref="IterateAveraging.StepWeighted"/> (&gt;= 0); ignored by the others.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or the weight is negative.</exception>
    public void Add(ReadOnlySpan<double> x, double weight = 1)
    {
        if (x.Length != _average.Length)
        {
            throw new ArgumentException($"Expected length {_average.Length}, got {x.Length}.", nameof(x));
        }

        if (!(weight >= 0) || double.IsPositiveInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "Must be finite and >= 0.");
        }

        Count++;
        double fraction;
        switch (Kind)
        {
            case IterateAveraging.Uniform:
                TotalWeight += 1;
                fraction = 1.0 / Count;
                break;
            case IterateAveraging.StepWeighted:
                TotalWeight += weight;
                fraction = TotalWeight > 0 ? weight / TotalWeight : 0;
                break;
            default:
                TotalWeight += 1;
                fraction = Count == 1 ? 1 : 1 - Decay;
                break;
        }

        for (int i = 0; i < _average.Length; i++)
        {
            _average[i] += fraction * (x[i] - _average[i]);
        }
    }
}
