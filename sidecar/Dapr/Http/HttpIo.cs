using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Settings;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary>Reading requests and writing answers the way daprd's HTTP API does (error bodies, limits, metadata query).</summary>
internal static class HttpIo
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The body, at most the configured size: a bigger one is refused with 413 before more of it is read.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext context, DaprApiOptions options)
    {
        var limit = options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw DaprErrors.TooLarge("the request body", limit);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw DaprErrors.TooLarge("the request body", limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw DaprErrors.TooLarge("the request body", limit);
        }

        return buffer.ToArray();
    }

    public static JsonDocument ParseJson(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw DaprErrors.Malformed($"failed to parse the request body as JSON: {ex.Message}");
        }
    }

    /// <summary><c>?metadata.ttlInSeconds=5</c> → <c>{ttlInSeconds: 5}</c>, within the metadata limits.</summary>
    public static Dictionary<string, string> QueryMetadata(HttpContext context, DaprApiOptions options)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in context.Request.Query)
        {
            if (key.StartsWith("metadata.", StringComparison.Ordinal) && key.Length > "metadata.".Length)
            {
                metadata[key["metadata.".Length..]] = values.ToString();
            }
        }

        Limits.CheckMetadata(metadata, options);
        return metadata;
    }

    public static Task WriteErrorAsync(HttpContext context, DaprApiException error)
    {
        context.Response.StatusCode = error.HttpStatus;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(DaprJson.ToUtf8(new JsonObject { ["errorCode"] = error.ErrorCode, ["message"] = error.Message })).AsTask();
    }

    public static Task WriteJsonAsync(HttpContext context, JsonNode value, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(DaprJson.ToUtf8(value)).AsTask();
    }

    public static void NoContent(HttpContext context) => context.Response.StatusCode = StatusCodes.Status204NoContent;

    /// <summary>Raises this request's body limit to the Dapr API's own (Kestrel's global one is the proxy's).</summary>
    public static void ApplyBodyLimit(HttpContext context, DaprApiOptions options)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = options.MaxRequestBodyBytes;
        }
    }
}
