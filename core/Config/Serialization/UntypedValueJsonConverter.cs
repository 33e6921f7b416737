using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// <see cref="UntypedValue"/> as plain JSON: a string scalar as a JSON string, a plain scalar (null, boolean, number)
/// as its JSON literal, lists as arrays, maps as objects. Reading gives back the same values.
/// </summary>
internal sealed class UntypedValueJsonConverter : JsonConverter<UntypedValue>
{
    public override bool HandleNull => false;

    public override UntypedValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new UntypedScalar(reader.GetString()!, Plain: false);
            case JsonTokenType.Number:
                return new UntypedScalar(System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan), Plain: true);
            case JsonTokenType.True:
                return new UntypedScalar("true", Plain: true);
            case JsonTokenType.False:
                return new UntypedScalar("false", Plain: true);
            case JsonTokenType.Null:
                return new UntypedScalar("null", Plain: true);
            case JsonTokenType.StartArray:
            {
                var items = ImmutableArray.CreateBuilder<UntypedValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader, typeToConvert, options));
                }

                return new UntypedList(new ValueList<UntypedValue>(items.ToImmutable()));
            }

            case JsonTokenType.StartObject:
            {
                var fields = new List<KeyValuePair<string, UntypedValue>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    fields.Add(new(name, Read(ref reader, typeToConvert, options)));
                }

                return new UntypedMap(new ValueMap<string, UntypedValue>(fields));
            }

            default:
                throw new JsonException($"unexpected {reader.TokenType} in an untyped value");
        }
    }

    public override void Write(Utf8JsonWriter writer, UntypedValue value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case UntypedScalar { Plain: false } text:
                writer.WriteStringValue(text.Text);
                break;
            case UntypedScalar literal:
                writer.WriteRawValue(literal.Text, skipInputValidation: false);
                break;
            case UntypedList list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    Write(writer, item, options);
                }

                writer.WriteEndArray();
                break;
            case UntypedMap map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.Fields)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item, options);
                }

                writer.WriteEndObject();
                break;
        }
    }
}
