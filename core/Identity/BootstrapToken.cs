using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GatewayMesh.Core.Identity;

/// <summary>What a verified bootstrap token says: who it is for, when it stops working, and its one-use id.</summary>
public sealed record BootstrapTokenClaims(SpiffeId Subject, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string Id);

/// <summary>
/// Bootstrap tokens: compact JWS (ES256) signed with the CA's token-signing key, scoped to one SPIFFE ID and
/// expiring. <c>meshctl</c> mints one per workload; the CA verifies it and remembers its <c>jti</c> so it works once
/// (replay tracking is the CA's, see docs/ca-api.md). The token is a secret: never log it.
/// </summary>
public static class BootstrapToken
{
    public const string Issuer = "gatewaymesh-ca";
    public const int MaxLength = 4096;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    /// <summary>Clock difference tolerated between the minting host and the CA.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly byte[] Header = """{"alg":"ES256","typ":"JWT"}"""u8.ToArray();

    public static string Mint(ECDsa signingKey, SpiffeId subject, TimeSpan lifetime, TimeProvider time)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A bootstrap token lives more than 0 and at most {MaxLifetime.TotalHours:0} hours.");
        }

        var now = time.GetUtcNow();
        var payload = Payload(subject, now.ToUnixTimeSeconds(), (now + lifetime).ToUnixTimeSeconds(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var signingInput = $"{Base64Url.EncodeToString(Header)}.{Base64Url.EncodeToString(payload)}";
        var signature = signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>
    /// Checks the signature, algorithm, issuer, audience and lifetime. On failure <paramref name="error"/> is one line
    /// naming what was wrong, safe to return to the caller (it never echoes the token).
    /// </summary>
    public static bool TryVerify(string? token, ECDsa verificationKey, TimeProvider time, out BootstrapTokenClaims? claims, out string error)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            error = $"bootstrap token missing or longer than {MaxLength} characters";
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var header) || !TryDecode(parts[1], out var payload) || !TryDecode(parts[2], out var signature))
        {
            error = "bootstrap token malformed: expected three base64url parts";
            return false;
        }

        if (!IsEs256Header(header))
        {
            error = "bootstrap token refused: only alg ES256 is accepted";
            return false;
        }

        var signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (!verificationKey.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            error = "bootstrap token signature invalid";
            return false;
        }

        return TryReadClaims(payload, time.GetUtcNow(), out claims, out error);
    }

    private static byte[] Payload(SpiffeId subject, long issuedAt, long expiresAt, string id)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteString("aud", CaApi.TokenAudience);
            json.WriteString("sub", subject.ToString());
            json.WriteNumber("iat", issuedAt);
            json.WriteNumber("exp", expiresAt);
            json.WriteString("jti", id);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static bool TryReadClaims(byte[] payload, DateTimeOffset now, out BootstrapTokenClaims? claims, out string error)
    {
        claims = null;
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (Text(root, "iss") != Issuer || Text(root, "aud") != CaApi.TokenAudience)
            {
                error = "bootstrap token refused: wrong issuer or audience";
                return false;
            }

            if (!SpiffeId.TryParse(Text(root, "sub"), out var subject, out var subjectError))
            {
                error = $"bootstrap token subject invalid: {subjectError}";
                return false;
            }

            if (Text(root, "jti") is not { Length: >= 16 and <= 128 } id
                || !root.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out var issuedAt)
                || !root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expiresAt))
            {
                error = "bootstrap token malformed: jti, iat and exp are required";
                return false;
            }

            var issued = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(issuedAt, 0, 253402300799));
            var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expiresAt, 0, 253402300799));
            if (expires - issued > MaxLifetime || expires <= issued)
            {
                error = "bootstrap token refused: lifetime over 24 hours or not positive";
                return false;
            }

            if (issued > now + ClockSkew)
            {
                error = "bootstrap token not yet valid";
                return false;
            }

            if (now >= expires)
            {
                error = "bootstrap token expired";
                return false;
            }

            claims = new BootstrapTokenClaims(subject, issued, expires, id);
            error = "";
            return true;
        }
        catch (JsonException)
        {
            error = "bootstrap token malformed: payload is not JSON";
            return false;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsEs256Header(byte[] header)
    {
        try
        {
            using var document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 2 });
            return Text(document.RootElement, "alg") == "ES256" && !document.RootElement.TryGetProperty("crit", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        if (part.Length == 0 || !Base64Url.IsValid(part))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(part);
        return true;
    }
}
