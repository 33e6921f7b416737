using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// The canonical JSON form of config resources and registry objects: what the stores keep, what notices carry,
/// and what <c>-o json</c> prints. camelCase fields, nulls and empty collections omitted, enums in Istio's UPPER_SNAKE form.
/// User input is not read with these options: it goes through the validating YAML binder.
/// </summary>
public static class MeshJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    public static JsonSerializerOptions Indented { get; } = CreateOptions(indented: true);

    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? Indented : Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"null {typeof(T).Name}");

    public static string SerializeResource(ConfigResource resource, bool indented = false) =>
        JsonSerializer.Serialize(resource, indented ? Indented : Options);

    public static ConfigResource DeserializeResource(string json) => Deserialize<ConfigResource>(json);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            TypeInfoResolver = new OmitEmptyCollectionsResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new ValueListJsonConverterFactory());
        options.Converters.Add(new ValueMapJsonConverterFactory());
        options.Converters.Add(new MeshDurationJsonConverter());
        options.Converters.Add(new UntypedValueJsonConverter());
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }
}
