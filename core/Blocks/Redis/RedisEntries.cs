using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>Decodes hash entries read from Redis; a field that does not parse as a key is not ours and is skipped.</summary>
internal static class RedisEntries
{
    public static IEnumerable<KeyValuePair<ResourceKey, ConfigResource>> Configs(HashEntry[] entries)
    {
        foreach (var entry in entries)
        {
            if (ResourceKey.TryParse(entry.Name.ToString(), out var key))
            {
                yield return KeyValuePair.Create(key, MeshJson.DeserializeResource(entry.Value.ToString()));
            }
        }
    }

    public static IEnumerable<KeyValuePair<InstanceKey, ServiceInstance>> Instances(HashEntry[] entries)
    {
        foreach (var entry in entries)
        {
            if (InstanceKey.TryParse(entry.Name.ToString(), out var key))
            {
                yield return KeyValuePair.Create(key, BlocksJson.Deserialize<ServiceInstance>(entry.Value.ToString()));
            }
        }
    }
}
