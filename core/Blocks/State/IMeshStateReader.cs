namespace GatewayMesh.Core.Blocks.State;

/// <summary>The read side that proxies use: an atomic full snapshot, the current revision, and the change feed.</summary>
public interface IMeshStateReader
{
    /// <summary>Reads the revision, every config and every instance in one atomic step.</summary>
    ValueTask<MeshSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default);

    ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default);
}
