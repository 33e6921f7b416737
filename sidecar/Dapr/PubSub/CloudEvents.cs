using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Sidecar.Dapr.Errors;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// CloudEvents 1.0 (JSON format) as daprd writes them: <c>id</c>, <c>source</c> (the publishing app), <c>type</c>
/// (<c>com.dapr.event.sent</c>), <c>specversion</c>, <c>datacontenttype</c>, <c>data</c> (JSON kept as JSON, text as a string,
/// anything else as <c>data_base64</c>), <c>topic</c>, <c>pubsubname</c>, <c>time</c> and the trace context. A payload that
/// already is a CloudEvent (<c>application/cloudevents+json</c>) keeps its fields; missing ones are filled in.
/// <c>cloudevent.*</c> publish metadata overrides id, source, type, subject and time.
/// </summary>
public static class CloudEvents
{
    public const string ContentType = "application/cloudevents+json";
    public const string DefaultType = "com.dapr.event.sent";

    public sealed record Publish(
        string PubSub, string Topic, string Source, ReadOnlyMemory<byte> Data, string? DataContentType,
        IReadOnlyDictionary<string, string> Metadata, string? TraceParent, string? TraceState, DateTimeOffset Now);

    /// <summary>The envelope's UTF-8 JSON; a malformed CloudEvent payload is a 400 (ERR_PUBSUB_CLOUD_EVENTS_SER).</summary>
    public static byte[] Envelope(Publish publish)
    {
        JsonObject envelope;
        var contentType = publish.DataContentType ?? "text/plain";
        if (IsCloudEvent(contentType))
        {
            envelope = ParseCloudEvent(publish.Data) ?? throw DaprErrors.CloudEvent(
                $"error when publishing to topic {publish.Topic} in pubsub {publish.PubSub}: the body is not a CloudEvent JSON object");
        }
        else
        {
            envelope = new JsonObject { ["datacontenttype"] = contentType };
            SetData(envelope, publish.Data, contentType);
        }

        envelope.TryAdd("id", Override(publish, "id") ?? Guid.NewGuid().ToString());
        envelope.TryAdd("source", Override(publish, "source") ?? publish.Source);
        envelope.TryAdd("type", Override(publish, "type") ?? DefaultType);
        envelope.TryAdd("specversion", "1.0");
        envelope.TryAdd("time", Override(publish, "time") ?? publish.Now.ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture));
        if (Override(publish, "subject") is { } subject)
        {
            envelope.TryAdd("subject", subject);
        }

        envelope["topic"] = publish.Topic;
        envelope["pubsubname"] = publish.PubSub;
        if (publish.TraceParent is { } traceParent)
        {
            envelope.TryAdd("traceid", traceParent);
            envelope.TryAdd("traceparent", traceParent);
            envelope.TryAdd("tracestate", publish.TraceState ?? "");
        }

        return DaprJson.ToUtf8(envelope);
    }

    /// <summary>
    /// What a subscriber gets for a stream entry: the stored CloudEvent, or (raw payloads, or data that is not a
    /// CloudEvent) a new one carrying the bytes as <c>data_base64</c>, as daprd does for <c>rawPayload</c> subscriptions.
    /// </summary>
    public static JsonObject ForDelivery(byte[] data, string pubsub, string topic, bool rawPayload, string messageId, DateTimeOffset now)
    {
        if (!rawPayload && ParseCloudEvent(data) is { } stored)
        {
            return stored;
        }

        var wrapped = new JsonObject
        {
            ["id"] = messageId,
            ["source"] = pubsub,
            ["type"] = DefaultType,
            ["specversion"] = "1.0",
            ["datacontenttype"] = "application/octet-stream",
            ["data_base64"] = Convert.ToBase64String(data),
            ["topic"] = topic,
            ["pubsubname"] = pubsub,
            ["time"] = now.ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
        };
        return wrapped;
    }

    public static bool IsCloudEvent(string contentType) =>
        contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase);

    public static bool IsJson(string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static void SetData(JsonObject envelope, ReadOnlyMemory<byte> data, string contentType)
    {
        if (IsJson(contentType) && TryParse(data, out var json))
        {
            envelope["data"] = json;
        }
        else if (contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || IsJson(contentType))
        {
            envelope["data"] = Encoding.UTF8.GetString(data.Span);
        }
        else
        {
            envelope["data_base64"] = Convert.ToBase64String(data.Span);
        }
    }

    private static JsonObject? ParseCloudEvent(ReadOnlyMemory<byte> data) =>
        TryParse(data, out var node) && node is JsonObject envelope && envelope["specversion"] is not null ? envelope : null;

    private static bool TryParse(ReadOnlyMemory<byte> data, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(data.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            return node is not null;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }

    private static string? Override(Publish publish, string field) =>
        publish.Metadata.TryGetValue("cloudevent." + field, out var value) && value.Length > 0 ? value : null;
}
