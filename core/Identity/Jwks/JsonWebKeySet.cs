using System.Text.Json;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Identity.Jwks;

/// <summary>
/// A parsed JSON Web Key Set: the public RSA and EC keys JWT signatures are checked against. <see cref="TryParse"/>
/// accepts the JSON that issuers publish (<c>{"keys": [...]}</c>) and refuses what cannot verify anything or should
/// never be published: no usable key, symmetric keys, private key material.
/// </summary>
public sealed record JsonWebKeySet(ValueList<JsonWebKey> Keys)
{
    /// <summary>The largest key set accepted (inline or fetched): generous for dozens of keys, small enough to hold per proxy.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
    private static readonly string[] Curves = ["P-256", "P-384", "P-521"];

    public static bool TryParse(string? json, out JsonWebKeySet keySet, out string error)
    {
        keySet = new JsonWebKeySet(ValueList<JsonWebKey>.Empty);
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "the key set is empty";
            return false;
        }

        if (System.Text.Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            error = $"the key set is larger than {MaxBytes} bytes";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                error = "expected a JSON Web Key Set: an object with a \"keys\" array";
                return false;
            }

            var parsed = new List<JsonWebKey>();
            var index = 0;
            foreach (var key in keys.EnumerateArray())
            {
                if (!TryParseKey(key, out var jwk, out var keyError))
                {
                    error = $"key {index}: {keyError}";
                    return false;
                }

                parsed.Add(jwk);
                index++;
            }

            if (parsed.Count == 0)
            {
                error = "the key set has no keys";
                return false;
            }

            keySet = new JsonWebKeySet(parsed.ToValueList());
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON: {ex.Message}";
            return false;
        }
    }

    private static bool TryParseKey(JsonElement key, out JsonWebKey jwk, out string error)
    {
        jwk = null!;
        if (key.ValueKind != JsonValueKind.Object)
        {
            error = "expected an object";
            return false;
        }

        if (PrivateMembers.FirstOrDefault(m => key.TryGetProperty(m, out _)) is { } secret)
        {
            error = secret == "k"
                ? "symmetric (oct) keys are not supported: publish the issuer's public RSA or EC keys"
                : $"contains private key material (\"{secret}\"): publish only public keys";
            return false;
        }

        var kty = Text(key, "kty");
        var kid = Text(key, "kid");
        var alg = Text(key, "alg");
        switch (kty)
        {
            case JsonWebKey.Rsa:
                if (!Bytes(key, "n", out var modulus, out error) || !Bytes(key, "e", out var exponent, out error))
                {
                    return false;
                }

                jwk = new JsonWebKey(JsonWebKey.Rsa, kid, alg, null, modulus, exponent);
                return true;
            case JsonWebKey.EllipticCurve:
                var curve = Text(key, "crv");
                if (curve is null || !Curves.Contains(curve))
                {
                    error = $"unsupported curve {(curve is null ? "(none)" : $"\"{curve}\"")}: expected P-256, P-384 or P-521";
                    return false;
                }

                if (!Bytes(key, "x", out var x, out error) || !Bytes(key, "y", out var y, out error))
                {
                    return false;
                }

                jwk = new JsonWebKey(JsonWebKey.EllipticCurve, kid, alg, curve, x, y);
                return true;
            default:
                error = kty is null ? "\"kty\" is required" : $"unsupported key type \"{kty}\": expected RSA or EC";
                return false;
        }
    }

    private static string? Text(JsonElement key, string name) =>
        key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bytes(JsonElement key, string name, out byte[] bytes, out string error)
    {
        bytes = [];
        if (Text(key, name) is not { Length: > 0 } text)
        {
            error = $"\"{name}\" is required";
            return false;
        }

        if (!System.Buffers.Text.Base64Url.IsValid(text))
        {
            error = $"\"{name}\" is not base64url";
            return false;
        }

        bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        error = "";
        return true;
    }
}
