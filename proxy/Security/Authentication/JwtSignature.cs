using System.Security.Cryptography;
using GatewayMesh.Core.Identity.Jwks;

namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>
/// Verifies a JWT's signature against a key set: RS256/384/512, PS256/384/512 with RSA keys, ES256/384/512 with the
/// matching EC curve. <c>none</c> and HMAC algorithms are refused. A key with a <c>kid</c> is tried only for tokens
/// naming that kid (or naming none); a key with an <c>alg</c> only for that algorithm.
/// </summary>
public static class JwtSignature
{
    public static bool Verify(JwtToken token, JsonWebKeySet keys)
    {
        if (Algorithm(token.Algorithm) is not { } algorithm)
        {
            return false;
        }

        foreach (var key in keys.Keys)
        {
            if ((token.KeyId is not null && key.KeyId is not null && token.KeyId != key.KeyId) ||
                (key.Algorithm is not null && key.Algorithm != token.Algorithm) ||
                key.KeyType != algorithm.KeyType || (algorithm.Curve is not null && key.Curve != algorithm.Curve))
            {
                continue;
            }

            if (VerifyWith(key, algorithm, token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool VerifyWith(JsonWebKey key, SignatureAlgorithm algorithm, JwtToken token)
    {
        try
        {
            if (key.KeyType == JsonWebKey.Rsa)
            {
                using var rsa = RSA.Create(new RSAParameters { Modulus = key.First, Exponent = key.Second });
                return rsa.VerifyData(token.SignedBytes, token.Signature, algorithm.Hash, algorithm.Padding!);
            }

            using var ecdsa = ECDsa.Create(new ECParameters { Curve = CurveOf(key.Curve!), Q = new ECPoint { X = key.First, Y = key.Second } });
            return ecdsa.VerifyData(token.SignedBytes, token.Signature, algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false; // a key the platform cannot import verifies nothing
        }
    }

    private static ECCurve CurveOf(string curve) => curve switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    private static SignatureAlgorithm? Algorithm(string alg) => alg switch
    {
        "RS256" => new(JsonWebKey.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, null),
        "RS384" => new(JsonWebKey.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1, null),
        "RS512" => new(JsonWebKey.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1, null),
        "PS256" => new(JsonWebKey.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss, null),
        "PS384" => new(JsonWebKey.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pss, null),
        "PS512" => new(JsonWebKey.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pss, null),
        "ES256" => new(JsonWebKey.EllipticCurve, HashAlgorithmName.SHA256, null, "P-256"),
        "ES384" => new(JsonWebKey.EllipticCurve, HashAlgorithmName.SHA384, null, "P-384"),
        "ES512" => new(JsonWebKey.EllipticCurve, HashAlgorithmName.SHA512, null, "P-521"),
        _ => null,
    };

    private sealed record SignatureAlgorithm(string KeyType, HashAlgorithmName Hash, RSASignaturePadding? Padding, string? Curve);
}
