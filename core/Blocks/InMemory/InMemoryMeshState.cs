using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Model;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Core.Blocks.InMemory;

/// <summary>
/// The one in-memory "Redis" behind the in-memory config store, registry, pub/sub and reader: the mesh revision,
/// the configs and the instances, guarded by one lock. A write and its notice happen under that lock, so notices are
/// published in revision order, as the Redis scripts guarantee.
/// </summary>
public sealed class InMemoryMeshState(ILoggerFactory? loggerFactory = null)
{
    public InMemoryPubSub PubSub { get; } = new(loggerFactory?.CreateLogger<InMemoryPubSub>());

    internal Lock Gate { get; } = new();

    /// <summary>The current mesh revision; read and written only under <see cref="Gate"/>.</summary>
    internal long Revision { get; private set; }

    /// <summary>The highest writer fencing token seen; read and written only under <see cref="Gate"/>.</summary>
    internal long Fence { get; private set; }

    internal SortedDictionary<ResourceKey, StoredConfig> Configs { get; } = [];

    internal SortedDictionary<InstanceKey, StoredInstance> Instances { get; } = [];

    /// <summary>Admits a fenced write, or throws when a higher token has written. Call only while holding <see cref="Gate"/>.</summary>
    internal void CheckFence(WriterFence fence)
    {
        if (fence.Token < Fence)
        {
            throw new FencedWriteException(fence.Token, Fence);
        }

        Fence = fence.Token;
    }

    /// <summary>Takes the next revision and publishes its notice. Call only while holding <see cref="Gate"/>.</summary>
    internal long Commit(ChangeKind kind, string key, string? payload)
    {
        Revision++;
        PubSub.Publish(ChangeNotice.Topic, ChangeNoticeJson.Serialize(new ChangeNotice(Revision, kind, key, payload)));
        return Revision;
    }
}

/// <summary>A stored config: the resource as returned, and its canonical JSON without resourceVersion for no-op detection.</summary>
internal sealed record StoredConfig(ConfigResource Resource, string ContentJson, long Version);

/// <summary>A stored instance with its canonical JSON, the revision it was written at, and its lease.</summary>
internal sealed record StoredInstance(ServiceInstance Instance, string Json, long Revision, long ExpiresAtMs, long LeaseMs)
{
    public InstanceLease ToLease() => new(Instance, LeaseClock.ToTime(ExpiresAtMs), Revision);
}
