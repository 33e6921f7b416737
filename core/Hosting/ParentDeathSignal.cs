using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayMesh.Core.Hosting;

/// <summary>
/// Makes a child process die with the process that starts it (a sidecar's app, every process a foreground
/// <c>meshctl up</c> or <c>meshctl run</c> starts). On Linux, util-linux's <c>setpriv --pdeathsig KILL</c> sets the
/// child's parent-death signal before it execs the command, and an <c>exec</c> chain keeps it. The kernel sends the
/// signal when the *thread* that forked the child ends, not the process, and .NET's thread-pool threads come and go:
/// so every such child is started from one dedicated launcher thread that lives as long as the process. Where
/// <c>setpriv</c> is missing the child starts plainly (and outlives a killed parent).
/// </summary>
public static class ParentDeathSignal
{
    private static readonly string[] Locations = ["/usr/bin/setpriv", "/bin/setpriv"];
    private static readonly BlockingCollection<Launch> Launches = [];
    private static readonly Lazy<Thread> LauncherThread = new(StartLauncherThread);

    /// <summary>The launcher to put in front of the command, or null where there is none.</summary>
    public static string? Launcher { get; } = OperatingSystem.IsLinux() ? Locations.FirstOrDefault(File.Exists) : null;

    public static IReadOnlyList<string> LauncherArguments { get; } = ["--pdeathsig", "KILL", "--"];

    /// <summary>
    /// Puts the launcher in front of <paramref name="start"/>'s program (its <see cref="ProcessStartInfo.FileName"/> and
    /// <see cref="ProcessStartInfo.ArgumentList"/>); does nothing where there is no launcher.
    /// </summary>
    public static void Apply(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (Launcher is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(start.Arguments))
        {
            throw new ArgumentException("pass the arguments in ArgumentList, so the launcher can go in front of them", nameof(start));
        }

        string[] program = [start.FileName, .. start.ArgumentList];
        start.FileName = Launcher;
        start.ArgumentList.Clear();
        foreach (var argument in LauncherArguments.Concat(program))
        {
            start.ArgumentList.Add(argument);
        }
    }

    /// <summary>Starts <paramref name="process"/> on the launcher thread (which never ends while this process lives), and waits until it started.</summary>
    public static void Start(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _ = LauncherThread.Value;
        var launch = new Launch(process);
        Launches.Add(launch);
        launch.Done.Task.GetAwaiter().GetResult();
    }

    private static Thread StartLauncherThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var launch in Launches.GetConsumingEnumerable())
            {
                try
                {
                    launch.Process.Start();
                    launch.Done.SetResult();
                }
                catch (Exception ex)
                {
                    launch.Done.SetException(ex);
                }
            }
        })
        {
            IsBackground = true,
            Name = "child launcher (parent-death signal)",
        };
        thread.Start();
        return thread;
    }

    private sealed class Launch(Process process)
    {
        public Process Process { get; } = process;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
