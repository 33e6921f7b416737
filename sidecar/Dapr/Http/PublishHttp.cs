using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Sidecar.Dapr.Errors;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary><c>POST /v1.0/publish/{pubsub}/{topic}</c> and the bulk form <c>POST /v1.0-alpha1/publish/bulk/{pubsub}/{topic}</c>.</summary>
internal static class PublishHttp
{
    public static async Task PublishAsync(HttpContext context, DaprRuntime runtime, string pubsub, string topic)
    {
        var metadata = HttpIo.QueryMetadata(context, runtime.Options);
        var body = await HttpIo.ReadBodyAsync(context, runtime.Options);
        await runtime.PublishAsync(pubsub, topic, body, context.Request.ContentType ?? "application/json", metadata,
            context.Request.Headers["traceparent"].ToString() is { Length: > 0 } tp ? tp : null,
            context.Request.Headers["tracestate"].ToString() is { Length: > 0 } ts ? ts : null);
        HttpIo.NoContent(context);
    }

    public static async Task BulkPublishAsync(HttpContext context, DaprRuntime runtime, string pubsub, string topic)
    {
        var metadata = HttpIo.QueryMetadata(context, runtime.Options);
        runtime.PubSub(pubsub);
        using var document = HttpIo.ParseJson(await HttpIo.ReadBodyAsync(context, runtime.Options));
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw DaprErrors.Malformed("failed to parse the request body: expected a JSON array of entries");
        }

        Limits.Bulk(document.RootElement.GetArrayLength(), runtime.Options);
        var failed = new List<JsonNode>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var id = entry.TryGetProperty("entryId", out var e) ? e.GetString() ?? "" : "";
            try
            {
                var contentType = entry.TryGetProperty("contentType", out var ct) ? ct.GetString() : "application/json";
                if (!entry.TryGetProperty("event", out var value))
                {
                    throw DaprErrors.Malformed($"entry {id} has no event");
                }

                var data = value.ValueKind == JsonValueKind.String && !(contentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase)
                    ? System.Text.Encoding.UTF8.GetBytes(value.GetString()!)
                    : System.Text.Encoding.UTF8.GetBytes(value.GetRawText());
                var entryMetadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
                if (entry.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in m.EnumerateObject())
                    {
                        entryMetadata[property.Name] = property.Value.ToString();
                    }
                }

                await runtime.PublishAsync(pubsub, topic, data, contentType, entryMetadata, null, null);
            }
            catch (DaprApiException ex)
            {
                failed.Add(new JsonObject { ["entryId"] = id, ["error"] = ex.Message });
            }
        }

        if (failed.Count == 0)
        {
            HttpIo.NoContent(context);
            return;
        }

        await HttpIo.WriteJsonAsync(context, new JsonObject { ["failedEntries"] = DaprJson.Array(failed), ["errorCode"] = "ERR_PUBSUB_PUBLISH_MESSAGE" }, 500);
    }
}
