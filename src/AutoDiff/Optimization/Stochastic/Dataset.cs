using System;
using System.Collections.Generic;

namespace AutoDiff.Optimization;

/// <summary>
/// N samples of equal length stored one after another in one array (row-major), so a sample is a cheap span and a
/// pass over the data touches memory in order. Immutable after construction.
/// </summary>
public sealed class Dataset
{
    private readonly double[] _values;

    /// <summary>Wraps samples already packed row-major (the array is copied).</summary>
    /// <param name="values">sampleCount * sampleLength numbers, sample i at [i * sampleLength, (i + 1) * sampleLength).</param>
    /// <param name="sampleLength">The length of every sample, &gt; 0.</param>
    /// <exception cref="ArgumentException">The data is empty, or its length is not a multiple of <paramref name="sampleLength"/>.</exception>
    public Dataset(ReadOnlySpan<double> values, int sampleLength)
    {
        if (sampleLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleLength), sampleLength, "Must be > 0.");
        }

        if (values.IsEmpty)
        {
            throw new ArgumentException("The dataset is empty.", nameof(values));
        }

        if (values.Length % sampleLength != 0)
        {
            throw new ArgumentException(
                $"Length {values.Length} is not a multiple of the sample length {sampleLength}: the last sample has the wrong length.",
                nameof(values));
        }

        _values = values.ToArray();
        SampleLength = sampleLength;
        Count = values.Length / sampleLength;
    }

    /// <summary>Packs one array per sample.</summary>
    /// <param name="samples">The samples; at least one, all of the same length.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentException">No samples, or a sample whose length differs from the first's (the message names its index).</exception>
    public static Dataset FromSamples(IReadOnlyList<double[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("The dataset is empty.", nameof(samples));
        }

        int length = samples[0]?.Length ?? 0;
        if (length == 0)
        {
            throw new ArgumentException("Sample 0 is null or empty.", nameof(samples));
        }

        var values = new double[samples.Count * length];
        for (int i = 0; i < samples.Count; i++)
        {
            double[] sample = samples[i];
            if (sample is null || sample.Length != length)
            {
                throw new ArgumentException(
                    $"Sample {i} has length {sample?.Length ?? 0}; every sample must have length {length} (that of sample 0).", nameof(samples));
            }

            sample.CopyTo(values, i * length);
        }

        return new Dataset(values, length);
    }

    /// <summary>N, the number of samples.</summary>
    public int Count { get; }

    /// <summary>The length of every sample.</summary>
    public int SampleLength { get; }

    /// <summary>Sample <paramref name="index"/>.</summary>
    /// <param name="index">0 &lt;= index &lt; <see cref="Count"/>.</param>
    /// <returns>A view of the sample.</returns>
    public ReadOnlySpan<double> this[int index] => _values.AsSpan(index * SampleLength, SampleLength);

    /// <summary>
    /// Samples [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) as one view, packed one after
    /// another as a batch loss reads them: the storage is already laid out that way, so a run of consecutive samples
    /// needs no copy.
    /// </summary>
    /// <param name="first">The first sample.</param>
    /// <param name="count">How many samples; first + count &lt;= <see cref="Count"/>.</param>
    /// <returns>A view of count * <see cref="SampleLength"/> numbers.</returns>
    internal ReadOnlySpan<double> Slice(int first, int count) => _values.AsSpan(first * SampleLength, count * SampleLength);
}
