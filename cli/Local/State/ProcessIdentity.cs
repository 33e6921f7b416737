namespace GatewayMesh.Cli.Local.State;

/// <summary>
/// Who a pid is right now: its start time (clock ticks since boot, from <c>/proc/PID/stat</c>) and its command line.
/// Recorded once a process is ready, and compared again before it is signalled, so a recycled pid is never killed.
/// </summary>
internal sealed record ProcessIdentity(int Pid, long StartTicks, string CommandLine, bool IsZombie = false)
{
    /// <summary>True when <paramref name="current"/> is still the process this identity was recorded for.</summary>
    public bool IsSameProcessAs(ProcessIdentity current) =>
        current.Pid == Pid
        && (StartTicks == 0 || current.StartTicks == StartTicks)
        && string.Equals(current.CommandLine, CommandLine, StringComparison.Ordinal);
}
