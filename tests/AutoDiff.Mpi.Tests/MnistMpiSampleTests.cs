using System;
using System.IO;
using Xunit;

namespace AutoDiff.Mpi.Tests;

/// <summary>samples/MnistMpi with a tiny budget on 2 ranks, and its usage on a bad argument.</summary>
public class MnistMpiSampleTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "MnistMpi.dll");

    [Fact]
    public void SmokeRunTrainsOnTwoRanksAndRankZeroPrintsEachEpoch()
    {
        (int code, string output) = Launcher.Run(2, Sample, "--smoke");
        Assert.True(code == 0, output);
        Assert.Contains("on 2 rank(s)", output, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(output, "epoch  1:"));
        Assert.Contains("MaxEpochs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownArgumentPrintsUsageAndFails()
    {
        (int code, string output) = Launcher.Run(0, Sample, "--epoch 3");
        Assert.Equal(2, code);
        Assert.Contains("Unknown argument --epoch", output, StringComparison.Ordinal);
        Assert.Contains("usage:", output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
