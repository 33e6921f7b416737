namespace GatewayMesh.Core.Snapshots;

/// <summary>How a <see cref="SnapshotWatcher"/> follows the store.</summary>
public sealed record SnapshotWatcherOptions
{
    /// <summary>How often the watcher compares its revision with the store's, to catch a notice lost without a gap.</summary>
    public TimeSpan RevisionCheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>First wait before retrying a failed full load; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the last good snapshot is kept; null keeps none (benchmarks, tests).</summary>
    public string? SnapshotFilePath { get; init; }
}
