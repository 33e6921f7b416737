using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatewayMesh.Tests.Jwt;

/// <summary>
/// A test JWT issuer: an RSA 2048 and an EC P-256 key, their public JWKS, and signed tokens (RS256, PS256, ES256) with
/// any claims. Shared by the unit and integration tests (the integration project links this file).
/// </summary>
public sealed class TestJwtIssuer : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestJwtIssuer(string issuer = "https://issuer.test", string keyIdPrefix = "test")
    {
        Issuer = issuer;
        RsaKeyId = $"{keyIdPrefix}-rsa";
        EcKeyId = $"{keyIdPrefix}-ec";
    }

    public string Issuer { get; }

    public string RsaKeyId { get; }

    public string EcKeyId { get; }

    /// <summary>The public key set: both keys, with their kid.</summary>
    public string Jwks()
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject { ["kty"] = "RSA", ["kid"] = RsaKeyId, ["use"] = "sig", ["n"] = Base64Url.EncodeToString(rsa.Modulus), ["e"] = Base64Url.EncodeToString(rsa.Exponent) },
                new JsonObject { ["kty"] = "EC", ["kid"] = EcKeyId, ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(ec.Q.X), ["y"] = Base64Url.EncodeToString(ec.Q.Y) }),
        }.ToJsonString();
    }

    /// <summary>
    /// A signed token: <c>iss</c> (this issuer unless <paramref name="claims"/> sets it), <c>sub</c>, <c>exp</c> an hour
    /// after <paramref name="now"/>, and the given claims on top.
    /// </summary>
    public string Token(string subject, DateTimeOffset now, IReadOnlyDictionary<string, object?>? claims = null, string algorithm = "RS256", string? keyId = null)
    {
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, object?>())
        {
            payload[name] = value is null ? null : JsonSerializer.SerializeToNode(value);
        }

        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT", ["kid"] = keyId ?? (algorithm.StartsWith("ES", StringComparison.Ordinal) ? EcKeyId : RsaKeyId) };
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = algorithm switch
        {
            "RS256" => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            "ES256" => _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new ArgumentException($"unsupported algorithm {algorithm}", nameof(algorithm)),
        };
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
