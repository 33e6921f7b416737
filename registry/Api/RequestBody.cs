using System.Text;
using GatewayMesh.Core.Config.Parsing;

namespace GatewayMesh.Registry.Api;

/// <summary>Reads a config body (YAML or JSON) as text, and parses it with the hostile-input limits.</summary>
internal static class RequestBody
{
    private static readonly string[] AcceptedMediaTypes =
        ["application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml", "application/json", "text/plain"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ParseLimits Limits { get; } = ParseLimits.Default;

    /// <summary>Null when the content type is acceptable: a YAML or JSON type, or none at all (read as YAML, which covers JSON).</summary>
    public static IResult? CheckContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return AcceptedMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)
            ? null
            : ApiErrors.Result(StatusCodes.Status415UnsupportedMediaType, $"unsupported content type '{mediaType}': send application/yaml or application/json");
    }

    /// <summary>Reads the whole body as UTF-8 text; null when it is not valid UTF-8. Kestrel's 1 MiB limit applies while reading.</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        try
        {
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            return StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Reads and parses a body of config documents, or returns the error response to send.</summary>
    public static async Task<(ConfigParseResult? Parsed, IResult? Error)> ParseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (CheckContentType(request) is { } unsupported)
        {
            return (null, unsupported);
        }

        var text = await ReadTextAsync(request, cancellationToken);
        if (text is null)
        {
            return (null, ApiErrors.BadRequest("request body is not valid UTF-8"));
        }

        return (ConfigParser.Parse(text, "request", Limits), null);
    }
}
