using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks;

/// <summary>
/// The canonical JSON (<see cref="MeshJson"/>'s converters and spelling) of the building blocks' own types: registry
/// instances, their leases and registrations, and change notices. Their metadata is source-generated
/// (<see cref="BlocksJsonContext"/>), so a proxy compiled ahead of time, where JSON has no reflection, reads and writes
/// them as the JIT-compiled processes do.
/// </summary>
public static class BlocksJson
{
    public static JsonSerializerOptions Options { get; } = MeshJson.With(BlocksJsonContext.Default);

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo<T>()) ?? throw new JsonException($"null {typeof(T).Name}");
}

/// <summary>Source-generated metadata for <see cref="BlocksJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangeNotice))]
[JsonSerializable(typeof(ChangeKind))]
[JsonSerializable(typeof(ServiceInstance))]
[JsonSerializable(typeof(InstanceLease))]
[JsonSerializable(typeof(InstanceRegistration))]
internal sealed partial class BlocksJsonContext : JsonSerializerContext;
