using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Serialization;

internal sealed class ValueListJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ValueListJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()))!;

    private sealed class ValueListJsonConverter<T> : JsonConverter<ValueList<T>>
    {
        public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<ImmutableArray<T>>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Items, options);
    }
}

internal sealed class ValueMapJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueMap<,>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ValueMapJsonConverter<,>).MakeGenericType(typeToConvert.GetGenericArguments()))!;

    private sealed class ValueMapJsonConverter<TKey, TValue> : JsonConverter<ValueMap<TKey, TValue>>
        where TKey : notnull
    {
        public override ValueMap<TKey, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<Dictionary<TKey, TValue>>(ref reader, options) ?? []);

        public override void Write(Utf8JsonWriter writer, ValueMap<TKey, TValue> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Items, options);
    }
}

internal sealed class MeshDurationJsonConverter : JsonConverter<MeshDuration>
{
    public override MeshDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MeshDuration.TryParse(reader.GetString(), out var duration, out var error) ? duration : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, MeshDuration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>Leaves empty <see cref="ValueList{T}"/> and <see cref="ValueMap{TKey,TValue}"/> out of the output, as Kubernetes omits empty fields.</summary>
internal sealed class OmitEmptyCollectionsResolver : DefaultJsonTypeInfoResolver
{
    public override JsonTypeInfo GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        var info = base.GetTypeInfo(type, options);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return info;
        }

        foreach (var property in info.Properties)
        {
            var propertyType = property.PropertyType;
            if (propertyType.IsGenericType &&
                (propertyType.GetGenericTypeDefinition() == typeof(ValueList<>) || propertyType.GetGenericTypeDefinition() == typeof(ValueMap<,>)))
            {
                property.ShouldSerialize = static (_, value) => value is System.Collections.ICollection { Count: > 0 } or System.Collections.IEnumerable and not System.Collections.ICollection && HasAny(value);
            }
        }

        return info;
    }

    private static bool HasAny(object? value) =>
        value is System.Collections.IEnumerable items && items.GetEnumerator().MoveNext();
}
