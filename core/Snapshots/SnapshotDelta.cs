using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Snapshots;

/// <summary>Builds the snapshot that follows a notice, from the previous one. Pure; the input is never modified.</summary>
internal static class SnapshotDelta
{
    /// <summary>Returns the next snapshot, or null when the notice cannot be applied (its key or payload is unreadable).</summary>
    public static MeshSnapshot? Apply(MeshSnapshot current, ChangeNotice notice)
    {
        try
        {
            switch (notice.Kind)
            {
                case ChangeKind.ConfigPut when notice.Payload is not null:
                    var resource = MeshJson.DeserializeResource(notice.Payload);
                    return current with { Revision = notice.Revision, Configs = current.Configs.SetItem(resource.Key, resource) };
                case ChangeKind.ConfigDelete when ResourceKey.TryParse(notice.Key, out var resourceKey):
                    return current with { Revision = notice.Revision, Configs = current.Configs.Remove(resourceKey) };
                case ChangeKind.InstancePut when notice.Payload is not null:
                    var instance = BlocksJson.Deserialize<ServiceInstance>(notice.Payload);
                    return current with { Revision = notice.Revision, Instances = current.Instances.SetItem(instance.Key, instance) };
                case ChangeKind.InstanceDelete when InstanceKey.TryParse(notice.Key, out var instanceKey):
                    return current with { Revision = notice.Revision, Instances = current.Instances.Remove(instanceKey) };
                default:
                    return null;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
