using System.Diagnostics;
using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>
/// Starts a process in its own session (<c>setsid</c>), stdin from /dev/null, stdout and stderr appended to its log
/// file. A shell does the redirection and then <c>exec</c>s, and <c>setsid</c> does not fork for a non-leader, so the
/// pid returned is the program's own. Being in its own session, Ctrl-C at the terminal does not reach it (meshctl stops
/// it in order) and it outlives <c>meshctl up --detach</c>. Started to die with this meshctl
/// (<c>diesWithMeshctl</c> of <see cref="Start"/>: a foreground <c>up</c>, <c>run</c>), it also gets a Linux
/// parent-death signal (core/Hosting's <c>ParentDeathSignal</c>: <c>setpriv --pdeathsig KILL</c>, started from the one
/// launcher thread, kept through the <c>exec</c>s and <c>setsid</c>), so a meshctl that is killed outright leaves no
/// orphans.
/// </summary>
internal static class ProcessLauncher
{
    private const string Shell = "/bin/sh";
    private static readonly string[] SetsidLocations = ["/usr/bin/setsid", "/bin/setsid"];

    public static Process Start(ProcessSpec spec, string logFile, bool diesWithMeshctl)
    {
        var setsid = SetsidLocations.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(Shell)
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add("-c");
        // $1 is the log file; the rest is the command, passed as arguments so nothing is ever re-parsed by the shell.
        start.ArgumentList.Add($"log=$1; shift; exec {(setsid is null ? "" : setsid + " ")}\"$@\" </dev/null >>\"$log\" 2>&1");
        start.ArgumentList.Add("meshctl-launch");
        start.ArgumentList.Add(logFile);
        foreach (var part in spec.CommandLine)
        {
            start.ArgumentList.Add(part);
        }

        if (!diesWithMeshctl)
        {
            return Process.Start(start) ?? throw new CliException($"cannot start {spec.Name}: {spec.Executable}");
        }

        ParentDeathSignal.Apply(start);
        var process = new Process { StartInfo = start };
        ParentDeathSignal.Start(process);
        return process;
    }
}
