namespace GatewayMesh.Cli.Local.Processes;

/// <summary>What stopping one recorded process came to.</summary>
internal enum StopOutcome
{
    /// <summary>Exited after SIGTERM.</summary>
    Stopped,

    /// <summary>Still running after the grace period, so it got SIGKILL.</summary>
    Killed,

    /// <summary>Nothing runs under the recorded pid any more.</summary>
    NotRunning,

    /// <summary>The pid now belongs to another program (recycled); it was not signalled.</summary>
    NotOurs,
}
