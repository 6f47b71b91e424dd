using System;
using System.IO;
using System.IO.Compression;

namespace Samples.Common;

/// <summary>Finds the files in samples/data (copied next to every sample's binaries) and reads MNIST.</summary>
public static class SampleFiles
{
    /// <summary>The full path of a data file: beside the binaries (data/), or samples/data above the working directory.</summary>
    /// <param name="fileName">The file name, e.g. iris.csv.</param>
    /// <returns>The path.</returns>
    /// <exception cref="FileNotFoundException">Not found.</exception>
    public static string Find(string fileName)
    {
        string local = Path.Combine(AppContext.BaseDirectory, "data", fileName);
        if (File.Exists(local))
        {
            return local;
        }

        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "samples", "data", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Cannot find {fileName} in data/ beside the binaries or in samples/data.", fileName);
    }

    /// <summary>
    /// The 10,000 MNIST digits of samples/data: pixels scaled to [0, 1] (784 per image, row-major) and labels 0-9.
    /// </summary>
    /// <returns>Images (count x 784) and labels.</returns>
    public static (double[] Pixels, int[] Labels) LoadMnist()
    {
        byte[] images = ReadGzip(Find("mnist-10k-images.idx3-ubyte.gz"));
        byte[] labels = ReadGzip(Find("mnist-10k-labels.idx1-ubyte.gz"));
        int count = BigEndian(labels, 4);
        if (BigEndian(images, 0) != 0x803 || BigEndian(labels, 0) != 0x801 || BigEndian(images, 4) != count)
        {
            throw new InvalidDataException("Not the MNIST IDX files this sample expects.");
        }

        int size = BigEndian(images, 8) * BigEndian(images, 12);
        var pixels = new double[count * size];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = images[16 + i] / 255.0;
        }

        var digits = new int[count];
        for (int i = 0; i < count; i++)
        {
            digits[i] = labels[8 + i];
        }

        return (pixels, digits);
    }

    /// <summary>The MNIST digits averaged over 2x2 blocks to 14 x 14 (196 pixels in [0, 1] each), and their labels: small enough for quick deep-net experiments.</summary>
    /// <returns>Images (count x 196) and labels.</returns>
    public static (double[] Pixels, int[] Labels) LoadMnist14()
    {
        (double[] full, int[] labels) = LoadMnist();
        var pixels = new double[labels.Length * 196];
        for (int s = 0; s < labels.Length; s++)
        {
            for (int y = 0; y < 14; y++)
            {
                for (int x = 0; x < 14; x++)
                {
                    int p = s * 784 + 2 * y * 28 + 2 * x;
                    pixels[s * 196 + y * 14 + x] = (full[p] + full[p + 1] + full[p + 28] + full[p + 29]) / 4;
                }
            }
        }

        return (pixels, labels);
    }

    private static byte[] ReadGzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static int BigEndian(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
