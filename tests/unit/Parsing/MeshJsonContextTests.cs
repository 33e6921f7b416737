using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.UnitTests.Model;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

/// <summary>
/// The sidecar is compiled ahead of time, where JSON has no reflection: everything a proxy reads must resolve from the
/// source-generated <see cref="MeshJsonContext"/> alone, and give exactly the JSON the reflection-based form gave.
/// </summary>
public class MeshJsonContextTests
{
    private static readonly JsonSerializerOptions ContextOnly = MeshJson.CreateOptions(indented: false, reflection: false);

    [Fact]
    public void SerializeResource_ContextOnly_SameJsonAsReflectionForEveryKind()
    {
        foreach (var sample in ModelSamples.All())
        {
            var expected = JsonSerializer.Serialize(sample, ReflectionOnly());

            var json = JsonSerializer.Serialize(sample, (JsonTypeInfo<ConfigResource>)ContextOnly.GetTypeInfo(typeof(ConfigResource)));

            Assert.Equal(expected, json);
        }
    }

    [Fact]
    public void DeserializeResource_ContextOnly_GivesEqualRecords()
    {
        foreach (var sample in ModelSamples.All())
        {
            var json = MeshJson.SerializeResource(sample);

            var read = JsonSerializer.Deserialize(json, (JsonTypeInfo<ConfigResource>)ContextOnly.GetTypeInfo(typeof(ConfigResource)));

            Assert.Equal(sample, read);
        }
    }

    [Fact]
    public void ModelEnums_EachCarriesMeshEnumConverter()
    {
        // Without it an enum would be written as a number by the ahead-of-time compiled sidecar.
        var enums = typeof(ConfigResource).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.IsPublic && t.Namespace is { } ns && (ns.StartsWith("GatewayMesh.Core.Config.Model", StringComparison.Ordinal) || ns.StartsWith("GatewayMesh.Core.Blocks", StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(enums);
        foreach (var type in enums)
        {
            var converter = type.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType;
            Assert.True(converter == typeof(MeshEnumConverter<>).MakeGenericType(type), $"{type.Name} needs [JsonConverter(typeof(MeshEnumConverter<{type.Name}>))]");
        }
    }

    /// <summary>The options as they were before source generation: reflection only, one enum converter for all.</summary>
    internal static JsonSerializerOptions ReflectionOnly()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver().WithAddedModifier(OmitEmptyCollections.Modify),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new ValueListJsonConverterFactory());
        options.Converters.Add(new ValueMapJsonConverterFactory());
        options.Converters.Add(new MeshDurationJsonConverter());
        options.Converters.Add(new UntypedValueJsonConverter());
        return options;
    }
}
