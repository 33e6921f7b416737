using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.State;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary>
/// <c>/v1.0/state/{store}</c>: get (<c>ETag</c> header; 204 when absent), save (a JSON array of items), delete
/// (<c>If-Match</c>), bulk get and transactions, with daprd's bodies and codes.
/// </summary>
internal static class StateHttp
{
    public static async Task GetAsync(HttpContext context, DaprRuntime runtime, string store, string key)
    {
        HttpIo.QueryMetadata(context, runtime.Options); // checked against the limits; the Redis store reads none on get/delete
        var entry = await runtime.StateStore(store).GetAsync(Limits.Key(key, runtime.Options));
        if (!entry.Found)
        {
            HttpIo.NoContent(context);
            return;
        }

        if (entry.ETag is { } etag)
        {
            context.Response.Headers.ETag = etag;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(entry.Data);
    }

    public static async Task SaveAsync(HttpContext context, DaprRuntime runtime, string store)
    {
        var state = runtime.StateStore(store);
        using var document = HttpIo.ParseJson(await HttpIo.ReadBodyAsync(context, runtime.Options));
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw DaprErrors.Malformed("failed to parse the request body: expected a JSON array of state items");
        }

        Limits.Bulk(document.RootElement.GetArrayLength(), runtime.Options);
        var operations = document.RootElement.EnumerateArray().Select(item => Upsert(item, runtime)).ToList();
        // Each item is its own write, as daprd's bulk save: one failure (the first, in order) is the answer.
        var results = await Task.WhenAll(operations.Select(async op =>
        {
            try
            {
                await state.ApplyAsync([op], "ERR_STATE_SAVE");
                return null;
            }
            catch (DaprApiException ex)
            {
                return ex;
            }
        }));
        if (results.FirstOrDefault(r => r is not null) is { } failure)
        {
            throw failure;
        }

        HttpIo.NoContent(context);
    }

    public static async Task DeleteAsync(HttpContext context, DaprRuntime runtime, string store, string key)
    {
        HttpIo.QueryMetadata(context, runtime.Options); // checked against the limits; the Redis store reads none on get/delete
        var etag = context.Request.Headers.IfMatch.ToString();
        var concurrency = ParseConcurrency(context.Request.Query["concurrency"].ToString());
        await runtime.StateStore(store).ApplyAsync(
            [new StateOperation(Limits.Key(key, runtime.Options), null, etag.Length > 0 ? etag : null, concurrency, null)], "ERR_STATE_DELETE");
        HttpIo.NoContent(context);
    }

    public static async Task BulkGetAsync(HttpContext context, DaprRuntime runtime, string store)
    {
        var state = runtime.StateStore(store);
        using var document = HttpIo.ParseJson(await HttpIo.ReadBodyAsync(context, runtime.Options));
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("keys", out var keysElement) || keysElement.ValueKind != JsonValueKind.Array)
        {
            throw DaprErrors.Malformed("failed to parse the request body: expected {\"keys\": [...]}");
        }

        var keys = keysElement.EnumerateArray().Select(k => k.ValueKind == JsonValueKind.String ? k.GetString()! : throw DaprErrors.Malformed("keys must be strings")).ToList();
        Limits.Bulk(keys.Count, runtime.Options);
        var items = await Task.WhenAll(keys.Select(async key =>
        {
            try
            {
                var entry = await state.GetAsync(Limits.Key(key, runtime.Options));
                var item = new JsonObject { ["key"] = key };
                if (entry.Found)
                {
                    item["data"] = AsJson(entry.Data!);
                    item["etag"] = entry.ETag;
                }

                return item;
            }
            catch (DaprApiException ex)
            {
                return new JsonObject { ["key"] = key, ["error"] = ex.Message };
            }
        }));
        await HttpIo.WriteJsonAsync(context, DaprJson.Array(items));
    }

    public static async Task TransactionAsync(HttpContext context, DaprRuntime runtime, string store)
    {
        var state = runtime.StateStore(store);
        using var document = HttpIo.ParseJson(await HttpIo.ReadBodyAsync(context, runtime.Options));
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("operations", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw DaprErrors.Malformed("failed to parse the request body: expected {\"operations\": [...]}");
        }

        Limits.Bulk(list.GetArrayLength(), runtime.Options);
        var operations = new List<StateOperation>();
        foreach (var item in list.EnumerateArray())
        {
            var kind = item.TryGetProperty("operation", out var op) ? op.GetString() : null;
            if (!item.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object)
            {
                throw DaprErrors.Malformed("every operation needs a request object");
            }

            operations.Add(kind switch
            {
                "upsert" => Upsert(request, runtime),
                "delete" => Delete(request, runtime),
                _ => throw DaprErrors.Malformed($"operation type {kind} not supported"),
            });
        }

        await state.ApplyAsync(operations, "ERR_STATE_TRANSACTION");
        HttpIo.NoContent(context);
    }

    private static StateOperation Upsert(JsonElement item, DaprRuntime runtime)
    {
        var (key, etag, concurrency, metadata) = Common(item, runtime);
        if (!item.TryGetProperty("value", out var value))
        {
            throw DaprErrors.Malformed($"state item {key} has no value");
        }

        var bytes = Encoding.UTF8.GetBytes(value.GetRawText());
        return new StateOperation(key, bytes, etag, concurrency, DaprRuntime.Ttl(metadata));
    }

    private static StateOperation Delete(JsonElement item, DaprRuntime runtime)
    {
        var (key, etag, concurrency, _) = Common(item, runtime);
        return new StateOperation(key, null, etag, concurrency, null);
    }

    private static (string Key, string? ETag, StateConcurrency Concurrency, Dictionary<string, string> Metadata) Common(JsonElement item, DaprRuntime runtime)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw DaprErrors.Malformed("every state item must be a JSON object");
        }

        var key = item.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var etag = item.TryGetProperty("etag", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var concurrency = item.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("concurrency", out var c) && c.ValueKind == JsonValueKind.String
            ? ParseConcurrency(c.GetString()!)
            : StateConcurrency.Unspecified;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in m.EnumerateObject())
            {
                metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        Limits.CheckMetadata(metadata, runtime.Options);
        return (Limits.Key(key, runtime.Options), etag, concurrency, metadata);
    }

    private static StateConcurrency ParseConcurrency(string text) => text switch
    {
        "first-write" => StateConcurrency.FirstWrite,
        "last-write" => StateConcurrency.LastWrite,
        "" => StateConcurrency.Unspecified,
        _ => throw DaprErrors.Malformed($"invalid concurrency \"{text}\": expected first-write or last-write"),
    };

    /// <summary>Stored bytes as a JSON value: JSON as is, anything else as a string.</summary>
    private static JsonNode? AsJson(byte[] data)
    {
        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            return JsonValue.Create(Encoding.UTF8.GetString(data));
        }
    }
}
