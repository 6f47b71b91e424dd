using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace AutoDiff.Mpi.Tests;

/// <summary>Starts the worker, alone or under mpirun, and never waits past a timeout: a hung job is killed with its whole process tree.</summary>
internal static class Launcher
{
    /// <summary>A bound for a hang, not a timing: a healthy launch takes seconds even on a busy 2-core box.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string WorkerPath { get; } = Path.Combine(AppContext.BaseDirectory, "AutoDiff.Mpi.Worker.dll");

    /// <summary>Runs <c>dotnet Worker.dll args</c>; with ranks &gt; 0 under <c>mpirun -np ranks --oversubscribe</c>.</summary>
    public static (int ExitCode, string Output) Run(int ranks, string arguments) => Run(ranks, WorkerPath, arguments);

    /// <summary>Runs <c>dotnet program args</c>; with ranks &gt; 0 under <c>mpirun -np ranks --oversubscribe</c>.</summary>
    public static (int ExitCode, string Output) Run(int ranks, string program, string arguments)
    {
        var start = new ProcessStartInfo
        {
            FileName = ranks > 0 ? "mpirun" : "dotnet",
            Arguments = ranks > 0
                ? $"-np {ranks} --oversubscribe dotnet \"{program}\" {arguments}"
                : $"\"{program}\" {arguments}",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Open MPI refuses root without these; ranks yield the CPU while they wait (2 shared cores).
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        start.Environment["OMPI_MCA_mpi_yield_when_idle"] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Cannot start {start.FileName} ({e.Message}). These tests need Open MPI: apt-get install -y openmpi-bin.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{start.FileName} {start.Arguments} did not end within {Timeout} (hung?); killed.\n{output}");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
