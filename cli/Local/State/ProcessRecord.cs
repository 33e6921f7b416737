namespace GatewayMesh.Cli.Local.State;

/// <summary>A started process as state.json records it, enough for <c>down</c> to find exactly that process again.</summary>
internal sealed record ProcessRecord
{
    public required string Name { get; init; }

    public required int Pid { get; init; }

    /// <summary>Start time in clock ticks since boot (<c>/proc/PID/stat</c> field 22); 0 when unknown.</summary>
    public long StartTicks { get; init; }

    /// <summary>The command line as <c>/proc/PID/cmdline</c> showed it once ready (a program may rewrite its title).</summary>
    public required string CommandLine { get; init; }

    /// <summary>The command that was launched.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string Address { get; init; }

    public IReadOnlyDictionary<string, int> Ports { get; init; } = new Dictionary<string, int>();

    public required string LogFile { get; init; }

    /// <summary><c>ingress</c> or <c>sidecar</c> (with an admin port that answers <c>/healthz/ready</c>); null for Redis and the registry.</summary>
    public string? Role { get; init; }

    public string? Service { get; init; }

    public string? Version { get; init; }

    /// <summary>How often the supervising <c>meshctl up</c> restarted it after it exited on its own.</summary>
    public int Restarts { get; init; }

    /// <summary>How its last run ended (<c>exit code 137 at ...</c>), once it was restarted; null before.</summary>
    public string? LastExit { get; init; }

    public ProcessIdentity Identity => new(Pid, StartTicks, CommandLine);
}
