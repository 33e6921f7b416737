using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace GatewayMesh.Sidecar.Supervision;

/// <summary>
/// Makes a child process die with the sidecar. On Linux, util-linux's <c>setpriv --pdeathsig KILL</c> sets the child's
/// parent-death signal before it execs the command. The kernel sends it when the *thread* that forked the child ends,
/// so the child is started from a dedicated thread that never ends while the process lives. Where <c>setpriv</c> is
/// missing the child starts plainly (and outlives a killed sidecar; <c>meshctl up</c> then still kills the dead
/// sidecar's process group).
/// </summary>
internal static class ParentDeathSignal
{
    private static readonly string[] Locations = ["/usr/bin/setpriv", "/bin/setpriv"];

    /// <summary>The launcher to put in front of the command, or null where there is none.</summary>
    public static string? Launcher { get; } = OperatingSystem.IsLinux() ? Locations.FirstOrDefault(File.Exists) : null;

    public static IReadOnlyList<string> LauncherArguments { get; } = ["--pdeathsig", "KILL", "--"];

    /// <summary>Starts <paramref name="process"/> from a background thread that then waits forever, so it ends only with the process.</summary>
    public static void StartOnLastingThread(Process process)
    {
        using var started = new ManualResetEventSlim();
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                process.Start();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            started.Set();
            Thread.Sleep(Timeout.Infinite);
        })
        {
            IsBackground = true,
            Name = "app launcher (parent-death signal)",
        };
        thread.Start();
        started.Wait();
        failure?.Throw();
    }
}
