using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks;

/// <summary>What a change notice reports.</summary>
[JsonConverter(typeof(MeshEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    ConfigPut,
    ConfigDelete,
    InstancePut,
    InstanceDelete,
}

/// <summary>
/// Published on <see cref="ChangeNotice.Topic"/> after every accepted write, in revision order.
/// <see cref="Payload"/> carries the written object as stored (JSON), so a watcher whose revision is exactly one
/// behind can build the next immutable snapshot without a read; any gap makes it resync in full.
/// </summary>
public sealed record ChangeNotice(long Revision, ChangeKind Kind, string Key, string? Payload)
{
    public const string Topic = "gatewaymesh:changes";
}
