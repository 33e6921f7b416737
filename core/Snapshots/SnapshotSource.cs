namespace GatewayMesh.Core.Snapshots;

/// <summary>Where the watcher's current snapshot came from.</summary>
public enum SnapshotSource
{
    /// <summary>Nothing loaded yet: the store was unreachable and no snapshot file existed.</summary>
    None,

    /// <summary>The last-known-good file, loaded because the store was unreachable at start.</summary>
    File,

    /// <summary>The store, directly or by following its notices.</summary>
    Store,
}
