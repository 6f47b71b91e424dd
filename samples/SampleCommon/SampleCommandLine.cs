using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Samples.Common;

/// <summary>A flag a sample accepts, with the line its usage prints for it.</summary>
/// <param name="Name">The flag as typed, e.g. <c>--smoke</c>.</param>
/// <param name="Description">What it does.</param>
public sealed record SampleFlag(string Name, string Description);

/// <summary>
/// The samples' command line, in one place: each sample lists its flags; <c>--help</c> (or <c>-h</c>) prints the usage
/// and exits 0, and anything else it does not know (a typo like <c>--smok</c>) prints the usage to stderr and exits 2
/// instead of silently running the full budget. (Quickstart, which takes no flags, compiles this file in as a link.)
/// </summary>
/// <example><code>
/// var commandLine = new SampleCommandLine("SgdTheory", "Constant-step SGD ...", SampleCommandLine.Smoke);
/// if (commandLine.Parse(args) is int exitCode) return exitCode;
/// bool smoke = commandLine.Has(SampleCommandLine.Smoke);
/// </code></example>
public sealed class SampleCommandLine
{
    /// <summary>Exit code after an unknown argument (the usual one for bad usage).</summary>
    public const int UsageExitCode = 2;

    /// <summary>The flag every sample with a budget takes.</summary>
    public static readonly SampleFlag Smoke = new("--smoke", "a tiny budget: a quick check that everything runs");

    private readonly SampleFlag[] _flags;
    private readonly HashSet<string> _given = new(StringComparer.Ordinal);

    /// <summary>A command line for one sample.</summary>
    /// <param name="project">The sample's folder under samples/.</param>
    /// <param name="description">One sentence on what the sample shows.</param>
    /// <param name="flags">The flags it accepts (none for a sample without options).</param>
    public SampleCommandLine(string project, string description, params SampleFlag[] flags)
    {
        _flags = flags;
        string options = string.Concat(flags.Select(f => $" [{f.Name}]"));
        Usage = $"usage: dotnet run --project samples/{project} [--]{options}\n{description}\n"
            + string.Concat(flags.Select(f => $"  {f.Name,-10} {f.Description}\n"))
            + $"  {"--help",-10} print this and exit";
    }

    /// <summary>The usage text.</summary>
    public string Usage { get; }

    /// <summary>Reads <paramref name="args"/>, writing to the console.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>Null when the sample should run; otherwise the exit code to return (0 after --help, 2 after an unknown argument).</returns>
    public int? Parse(IReadOnlyList<string> args) => Parse(args, Console.Out, Console.Error);

    /// <summary>Reads <paramref name="args"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where --help prints the usage.</param>
    /// <param name="error">Where an unknown argument is reported, with the usage.</param>
    /// <returns>Null when the sample should run; otherwise the exit code to return (0 after --help, 2 after an unknown argument).</returns>
    public int? Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        _given.Clear();
        foreach (string arg in args)
        {
            if (arg is "--help" or "-h")
            {
                output.WriteLine(Usage);
                return 0;
            }

            if (!_flags.Any(f => f.Name == arg))
            {
                error.WriteLine($"unknown argument '{arg}'");
                error.WriteLine(Usage);
                return UsageExitCode;
            }

            _given.Add(arg);
        }

        return null;
    }

    /// <summary>Whether <paramref name="flag"/> was given (after a successful <see cref="Parse(IReadOnlyList{string})"/>).</summary>
    /// <param name="flag">One of this sample's flags.</param>
    /// <returns>True when it was on the command line.</returns>
    public bool Has(SampleFlag flag) => _given.Contains(flag.Name);
}
