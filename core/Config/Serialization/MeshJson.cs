using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// The canonical JSON form of config resources and registry objects: what the stores keep, what notices carry,
/// and what <c>-o json</c> prints. camelCase fields, nulls and empty collections omitted, enums in Istio's UPPER_SNAKE form.
/// User input is not read with these options: it goes through the validating YAML binder.
/// The mesh's own types resolve from source-generated metadata (<see cref="MeshJsonContext"/>); a process that may use
/// reflection (every one but the ahead-of-time compiled sidecar) falls back to it for other types, e.g. API answers.
/// </summary>
public static class MeshJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false, JsonSerializer.IsReflectionEnabledByDefault);

    public static JsonSerializerOptions Indented { get; } = CreateOptions(indented: true, JsonSerializer.IsReflectionEnabledByDefault);

    /// <summary>
    /// Options like <see cref="Options"/> whose source-generated metadata also covers <paramref name="context"/>, another
    /// folder's context (core/Config may not name their types): registry instances and change notices
    /// (core/Blocks' <c>BlocksJson</c>). Same converters and spelling; reflection stays the fallback where it is allowed.
    /// </summary>
    public static JsonSerializerOptions With(IJsonTypeInfoResolver context) =>
        CreateOptions(indented: false, JsonSerializer.IsReflectionEnabledByDefault, context);

    /// <summary>The metadata for <typeparamref name="T"/> under <see cref="Options"/> (or <paramref name="options"/>).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions? options = null) =>
        (JsonTypeInfo<T>)(options ?? Options).GetTypeInfo(typeof(T));

    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, TypeInfo<T>(indented ? Indented : Options));

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo<T>()) ?? throw new JsonException($"null {typeof(T).Name}");

    public static string SerializeResource(ConfigResource resource, bool indented = false) =>
        JsonSerializer.Serialize(resource, TypeInfo<ConfigResource>(indented ? Indented : Options));

    public static ConfigResource DeserializeResource(string json) => Deserialize<ConfigResource>(json);

    private const string ReflectionOffWhenTrimmed =
        "Reflection is used only when JsonSerializer.IsReflectionEnabledByDefault is true. A trimmed or native build sets that " +
        "feature switch to false, and the trimmer replaces the property with the constant, so this branch is removed there.";

    /// <param name="reflection">Whether types outside <see cref="MeshJsonContext"/> fall back to reflection (tests pass false to check that the context alone covers what a proxy reads).</param>
    /// <param name="context">Another folder's source-generated context, consulted after <see cref="MeshJsonContext"/>.</param>
    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = ReflectionOffWhenTrimmed)]
    internal static JsonSerializerOptions CreateOptions(bool indented, bool reflection, IJsonTypeInfoResolver? context = null)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            TypeInfoResolver = Resolver(reflection, context).WithAddedModifier(OmitEmptyCollections.Modify),
        };
        options.Converters.Add(new ValueListJsonConverterFactory());
        options.Converters.Add(new ValueMapJsonConverterFactory());
        options.Converters.Add(new MeshDurationJsonConverter());
        options.Converters.Add(new UntypedValueJsonConverter());
        if (reflection && JsonSerializer.IsReflectionEnabledByDefault)
        {
            // Enums of other types than the mesh's own (those carry MeshEnumConverter), spelled the same way.
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        }

        options.MakeReadOnly(); // the resolver is set above; the overload that may populate one is not AOT-safe
        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = ReflectionOffWhenTrimmed)]
    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = ReflectionOffWhenTrimmed)]
    private static IJsonTypeInfoResolver Resolver(bool reflection, IJsonTypeInfoResolver? context)
    {
        IJsonTypeInfoResolver generated = context is null ? MeshJsonContext.Default : JsonTypeInfoResolver.Combine(MeshJsonContext.Default, context);
        return reflection && JsonSerializer.IsReflectionEnabledByDefault
            ? JsonTypeInfoResolver.Combine(generated, new DefaultJsonTypeInfoResolver())
            : generated;
    }
}
