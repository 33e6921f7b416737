using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>
/// A JWS compact-serialized JWT (RFC 7519), split and decoded but not yet trusted: the header's <c>alg</c> and
/// <c>kid</c>, the payload's claims, the signed bytes and the signature. <see cref="TryParse"/> never throws.
/// </summary>
public sealed class JwtToken
{
    /// <summary>Tokens longer than this are refused before any decoding (Envoy's default header limits are of this order).</summary>
    public const int MaxLength = 16 * 1024;

    private JwtToken(string algorithm, string? keyId, JsonElement claims, byte[] signedBytes, byte[] signature, string payloadSegment)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        Claims = claims;
        SignedBytes = signedBytes;
        Signature = signature;
        PayloadSegment = payloadSegment;
    }

    public string Algorithm { get; }

    public string? KeyId { get; }

    /// <summary>The payload, a JSON object (a detached clone, safe to keep).</summary>
    public JsonElement Claims { get; }

    /// <summary>ASCII of <c>header.payload</c>, what the signature covers.</summary>
    public byte[] SignedBytes { get; }

    public byte[] Signature { get; }

    /// <summary>The payload as sent (base64url), for <c>outputPayloadToHeader</c>.</summary>
    public string PayloadSegment { get; }

    public string? Issuer => String("iss");

    public string? Subject => String("sub");

    public string? String(string claim) =>
        Claims.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A NumericDate claim (<c>exp</c>, <c>nbf</c>, <c>iat</c>) as Unix seconds; null when absent or not a number.</summary>
    public double? Seconds(string claim) =>
        Claims.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) ? seconds : null;

    /// <summary>The audiences: <c>aud</c> as one string or an array of strings.</summary>
    public IReadOnlyList<string> Audiences =>
        !Claims.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()!]
        : aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)]
        : [];

    public static bool TryParse(string text, out JwtToken token, out string error)
    {
        token = null!;
        if (text.Length > MaxLength)
        {
            error = "Jwt is too large";
            return false;
        }

        var first = text.IndexOf('.');
        var second = first < 0 ? -1 : text.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == text.Length - 1 || text.IndexOf('.', second + 1) >= 0)
        {
            error = "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections";
            return false;
        }

        var headerSegment = text.AsSpan(0, first);
        var payloadSegment = text.AsSpan(first + 1, second - first - 1);
        var signatureSegment = text.AsSpan(second + 1);
        if (!Base64Url.IsValid(headerSegment) || !Base64Url.IsValid(payloadSegment) || !Base64Url.IsValid(signatureSegment))
        {
            error = "Jwt header, payload or signature is not base64url";
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(headerSegment), new JsonDocumentOptions { MaxDepth = 8 });
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(payloadSegment), new JsonDocumentOptions { MaxDepth = 16 });
            if (header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "Jwt header and payload must be JSON objects";
                return false;
            }

            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
            {
                error = "Jwt header has no alg";
                return false;
            }

            var kid = header.RootElement.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            token = new JwtToken(
                alg.GetString()!, kid, payload.RootElement.Clone(), Encoding.ASCII.GetBytes(text, 0, second),
                Base64Url.DecodeFromChars(signatureSegment), payloadSegment.ToString());
            error = "";
            return true;
        }
        catch (JsonException)
        {
            error = "Jwt header or payload is not valid JSON";
            return false;
        }
    }
}
