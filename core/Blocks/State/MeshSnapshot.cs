using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Blocks.State;

/// <summary>
/// Everything a proxy compiles from, at one mesh revision: all config resources and all live instances.
/// Immutable, with value equality; a new revision is a new snapshot.
/// </summary>
public sealed record MeshSnapshot(
    long Revision,
    ValueMap<ResourceKey, ConfigResource> Configs,
    ValueMap<InstanceKey, ServiceInstance> Instances)
{
    public static MeshSnapshot Empty { get; } = new(0, default, default);
}
