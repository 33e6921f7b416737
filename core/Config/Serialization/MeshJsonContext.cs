using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// Source-generated metadata for config resources in the canonical JSON (every kind registered on
/// <see cref="ConfigResource"/> comes along through its <c>[JsonDerivedType]</c>). <see cref="MeshJson"/> resolves these
/// types here first; a Native AOT sidecar (opt-in, sidecar/README.md) needs it. So does a WorkloadGroup join's body
/// (core/Identity's <see cref="GroupRegistration"/>). Registry instances and change notices are not here: core/Config may
/// not name core/Blocks (architecture tests), so they have their own context there (<c>BlocksJson</c>), combined with this
/// one through <see cref="MeshJson.With"/>; the persisted snapshot is written from both (core/Snapshots' <c>SnapshotFile</c>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConfigResource))]
[JsonSerializable(typeof(GroupRegistration))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class MeshJsonContext : JsonSerializerContext;
