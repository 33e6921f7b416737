using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatewayMesh.Sidecar.Dapr;

/// <summary>
/// The Dapr API writes its JSON as <see cref="JsonNode"/> trees, never through reflection-based serialization, so it
/// runs unchanged in the ahead-of-time compiled sidecar (no serializer metadata, no trim warnings).
/// </summary>
public static class DaprJson
{
    public static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static JsonObject Object(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var result = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            result[key] = value;
        }

        return result;
    }

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);
}
