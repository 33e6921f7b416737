using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// <see cref="ValueList{T}"/> as a JSON array, read and written item by item through the item type's metadata, so it
/// works with source-generated metadata (the sidecar is compiled ahead of time, with no reflection-based JSON).
/// </summary>
internal sealed class ValueListJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var item = typeToConvert.GetGenericArguments()[0];
        if (item == typeof(int))
        {
            return new ValueListJsonConverter<int>();
        }

        if (item == typeof(double))
        {
            return new ValueListJsonConverter<double>();
        }

        return item.IsValueType
            ? throw new NotSupportedException($"ValueList<{item.Name}>: add its converter to {nameof(ValueListJsonConverterFactory)} (ahead-of-time code has no instantiation over a value type it has not seen)")
            : ForReferenceType(item);
    }

    [UnconditionalSuppressMessage("AotAnalysis", "IL3050", Justification = "Over reference types the instantiation shares the canonical code compiled for ValueListJsonConverter<string>; value types are listed above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "The parameterless constructor is kept by the ValueListJsonConverter<string> instantiation.")]
    private static JsonConverter ForReferenceType(Type item) =>
        item == typeof(string) ? new ValueListJsonConverter<string>() : (JsonConverter)Activator.CreateInstance(typeof(ValueListJsonConverter<>).MakeGenericType(item))!;

    private sealed class ValueListJsonConverter<T> : JsonConverter<ValueList<T>>
    {
        public override bool HandleNull => true;

        public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return default;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"expected an array, got {reader.TokenType}");
            }

            var itemInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var items = ImmutableArray.CreateBuilder<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(JsonSerializer.Deserialize(ref reader, itemInfo)!);
            }

            return new(items.DrainToImmutable());
        }

        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options)
        {
            var itemInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            writer.WriteStartArray();
            foreach (var item in value.Items)
            {
                JsonSerializer.Serialize(writer, item, itemInfo);
            }

            writer.WriteEndArray();
        }
    }
}

/// <summary>
/// <see cref="ValueMap{TKey,TValue}"/> as a JSON object, keys through the key type's property-name form (strings and
/// numbers), values through the value type's metadata; a repeated key keeps the last value.
/// </summary>
internal sealed class ValueMapJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueMap<,>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var arguments = typeToConvert.GetGenericArguments();
        var (key, value) = (arguments[0], arguments[1]);
        if (key == typeof(string) && value == typeof(int))
        {
            return new ValueMapJsonConverter<string, int>();
        }

        if (key == typeof(string) && value == typeof(Model.Mixer.StdioLevel))
        {
            return new ValueMapJsonConverter<string, Model.Mixer.StdioLevel>();
        }

        if (key == typeof(int) && !value.IsValueType)
        {
            return ForIntKey(value);
        }

        return key.IsValueType || value.IsValueType
            ? throw new NotSupportedException($"ValueMap<{key.Name}, {value.Name}>: add its converter to {nameof(ValueMapJsonConverterFactory)} (ahead-of-time code has no instantiation over a value type it has not seen)")
            : ForReferenceTypes(key, value);
    }

    [UnconditionalSuppressMessage("AotAnalysis", "IL3050", Justification = "Over reference types the instantiation shares the canonical code compiled for ValueMapJsonConverter<string, string>; value types are listed above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "The parameterless constructor is kept by the ValueMapJsonConverter<string, string> instantiation.")]
    private static JsonConverter ForReferenceTypes(Type key, Type value) =>
        key == typeof(string) && value == typeof(string)
            ? new ValueMapJsonConverter<string, string>()
            : (JsonConverter)Activator.CreateInstance(typeof(ValueMapJsonConverter<,>).MakeGenericType(key, value))!;

    [UnconditionalSuppressMessage("AotAnalysis", "IL3050", Justification = "Over reference values the instantiation shares the canonical code compiled for ValueMapJsonConverter<int, string>.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "The parameterless constructor is kept by the ValueMapJsonConverter<int, string> instantiation.")]
    private static JsonConverter ForIntKey(Type value) =>
        value == typeof(string)
            ? new ValueMapJsonConverter<int, string>()
            : (JsonConverter)Activator.CreateInstance(typeof(ValueMapJsonConverter<,>).MakeGenericType(typeof(int), value))!;

    private sealed class ValueMapJsonConverter<TKey, TValue> : JsonConverter<ValueMap<TKey, TValue>>
        where TKey : notnull
    {
        public override bool HandleNull => true;

        public override ValueMap<TKey, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return default;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"expected an object, got {reader.TokenType}");
            }

            var keyConverter = (JsonConverter<TKey>)options.GetTypeInfo(typeof(TKey)).Converter;
            var valueInfo = (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue));
            var items = ImmutableSortedDictionary.CreateBuilder<TKey, TValue>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = keyConverter.ReadAsPropertyName(ref reader, typeof(TKey), options);
                reader.Read();
                items[key] = JsonSerializer.Deserialize(ref reader, valueInfo)!;
            }

            return new(items.ToImmutable());
        }

        public override void Write(Utf8JsonWriter writer, ValueMap<TKey, TValue> value, JsonSerializerOptions options)
        {
            var keyConverter = (JsonConverter<TKey>)options.GetTypeInfo(typeof(TKey)).Converter;
            var valueInfo = (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue));
            writer.WriteStartObject();
            foreach (var (key, item) in value.Items)
            {
                keyConverter.WriteAsPropertyName(writer, key, options);
                JsonSerializer.Serialize(writer, item, valueInfo);
            }

            writer.WriteEndObject();
        }
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
internal static class OmitEmptyCollections
{
    public static void Modify(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
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
    }

    private static bool HasAny(object? value) =>
        value is System.Collections.IEnumerable items && items.GetEnumerator().MoveNext();
}
