using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>Which Redis pub/sub carries the change notices.</summary>
[JsonConverter(typeof(MeshEnumConverter<RedisPubSubMode>))]
public enum RedisPubSubMode
{
    /// <summary>Sharded (SPUBLISH/SSUBSCRIBE) on a Redis Cluster whose nodes support it (Redis 7+), classic otherwise.</summary>
    Auto,

    /// <summary>PUBLISH/SUBSCRIBE. On a cluster every message goes to every node over the cluster bus.</summary>
    Classic,

    /// <summary>SPUBLISH/SSUBSCRIBE: the message stays on the shard that owns the channel's slot (Redis 7+).</summary>
    Sharded,
}
