using System;

namespace AutoDiff.Testing;

/// <summary>
/// The two test tiers. By default the slow tiers (random programs, the package's second build, the MPI rank sweep) run
/// a reduced sweep, so <c>dotnet test</c> is a quick inner loop; with <c>AUTODIFF_FULL_TESTS=1</c> (as <c>.ci/run</c>
/// sets it) they run in full. Compiled into each test project that has a slow tier (a linked file).
/// </summary>
internal static class TestTier
{
    /// <summary>The environment variable that selects the full sweep.</summary>
    public const string Variable = "AUTODIFF_FULL_TESTS";

    /// <summary>True when <see cref="Variable"/> is 1 or true.</summary>
    public static bool Full { get; } = Environment.GetEnvironmentVariable(Variable) is "1" or "true" or "TRUE" or "True";

    /// <summary>The tier's name, for test output.</summary>
    public static string Name => Full ? $"full ({Variable}=1)" : $"reduced (set {Variable}=1 for the full sweep)";

    /// <summary><paramref name="full"/> in the full tier, <paramref name="reduced"/> otherwise.</summary>
    /// <typeparam name="T">What is chosen.</typeparam>
    /// <param name="reduced">The default, quick value.</param>
    /// <param name="full">The value for the full sweep.</param>
    /// <returns>The value for this run.</returns>
    public static T Choose<T>(T reduced, T full) => Full ? full : reduced;
}
