namespace GatewayMesh.Cli.Local.Processes;

/// <summary>
/// How long the supervisor waits before restarting a process that exited: 1 s after the first exit, doubling with
/// every exit that follows a short run, at most 30 s. A run of <see cref="StableRun"/> or more starts the count again,
/// so a process that crashes once a day restarts at once, and one that crashes at startup does not spin.
/// </summary>
internal static class RestartBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableRun = TimeSpan.FromSeconds(60);

    /// <summary>The exits in a row after a run of <paramref name="ran"/>, given <paramref name="previous"/> before it.</summary>
    public static int Failures(int previous, TimeSpan ran) => ran >= StableRun ? 1 : previous + 1;

    /// <summary>The wait before the restart that follows <paramref name="failures"/> exits in a row (1 or more).</summary>
    public static TimeSpan Delay(int failures)
    {
        var doublings = Math.Clamp(failures - 1, 0, 16);
        var delay = First * Math.Pow(2, doublings);
        return delay < Max ? delay : Max;
    }
}
