using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Blocks.InMemory;

/// <summary>
/// Snapshots of <see cref="InMemoryMeshState"/>, taken under its lock. Like the Redis reader, a snapshot holds every
/// stored instance; removing ended leases is the registry's job, and each removal is a revision of its own.
/// </summary>
public sealed class InMemoryMeshStateReader(InMemoryMeshState state) : IMeshStateReader
{
    public ValueTask<MeshSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        lock (state.Gate)
        {
            var configs = state.Configs.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Resource)).ToValueMap();
            var instances = state.Instances.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Instance)).ToValueMap();
            return ValueTask.FromResult(new MeshSnapshot(state.Revision, configs, instances));
        }
    }

    public ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        lock (state.Gate)
        {
            return ValueTask.FromResult(state.Revision);
        }
    }
}
