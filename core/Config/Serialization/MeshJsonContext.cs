using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Snapshots;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// Source-generated metadata for everything a proxy reads or writes in the canonical JSON: config resources (every kind
/// registered on <see cref="ConfigResource"/> comes along through its <c>[JsonDerivedType]</c>), instances, leases,
/// change notices and the persisted snapshot. <see cref="MeshJson"/> resolves these types here first, so the sidecar,
/// compiled ahead of time, reads them exactly as the JIT-compiled registry writes them.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConfigResource))]
[JsonSerializable(typeof(ServiceInstance))]
[JsonSerializable(typeof(InstanceLease))]
[JsonSerializable(typeof(InstanceRegistration))]
[JsonSerializable(typeof(ChangeNotice))]
[JsonSerializable(typeof(ChangeKind))]
[JsonSerializable(typeof(SnapshotDocument))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class MeshJsonContext : JsonSerializerContext;
