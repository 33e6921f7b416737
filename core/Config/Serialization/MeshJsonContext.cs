using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// Source-generated metadata for config resources in the canonical JSON (every kind registered on
/// <see cref="ConfigResource"/> comes along through its <c>[JsonDerivedType]</c>). <see cref="MeshJson"/> resolves these
/// types here first; a Native AOT sidecar (opt-in, sidecar/README.md) needs it. Registry instances, change notices and
/// the persisted snapshot are not here: core/Config may not name core/Blocks or core/Snapshots (architecture tests);
/// they resolve by reflection, and a native build needs a context of their own in their folders.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConfigResource))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class MeshJsonContext : JsonSerializerContext;
