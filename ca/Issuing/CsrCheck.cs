using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Issuing;

/// <summary>A CSR that passed every check: its public key and the one SPIFFE ID it asks for.</summary>
public sealed record CheckedCsr(PublicKey PublicKey, SpiffeId Identity, string KeyType);

/// <summary>
/// Reads a PEM CSR and checks it: the signature verifies, the key is ECDSA P-256/P-384 or RSA 2048-4096, and it names
/// exactly one URI SAN, a SPIFFE ID in the CA's trust domain. Each refusal is one line for a 400.
/// </summary>
public static class CsrCheck
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";

    // DER-encoded named-curve OIDs: prime256v1 (1.2.840.10045.3.1.7) and secp384r1 (1.3.132.0.34).
    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    private static readonly byte[] P384 = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22];

    public static bool TryCheck(string? pem, string trustDomain, out CheckedCsr? csr, out string error)
    {
        csr = null;
        if (string.IsNullOrWhiteSpace(pem))
        {
            error = "csr is missing";
            return false;
        }

        // One parse on the happy path: loading with the default options verifies the CSR's signature.
        CertificateRequest request;
        try
        {
            request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            error = ExplainUnloadable(pem);
            return false;
        }

        if (!TryCheckKey(request.PublicKey, out var keyType, out error))
        {
            return false;
        }

        if (!TryReadIdentity(request, trustDomain, out var identity, out error))
        {
            return false;
        }

        csr = new CheckedCsr(request.PublicKey, identity!, keyType);
        return true;
    }

    /// <summary>Why a CSR did not load: not a CSR at all, a refused key type (named), or a bad signature.</summary>
    private static string ExplainUnloadable(string pem)
    {
        try
        {
            var unverified = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
            return TryCheckKey(unverified.PublicKey, out _, out var keyError) ? "csr signature does not verify" : keyError;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            return "csr is not a PEM certificate request";
        }
    }

    private static bool TryCheckKey(PublicKey key, out string keyType, out string error)
    {
        error = "";
        switch (key.Oid.Value)
        {
            case EcPublicKeyOid:
                var curve = key.EncodedParameters?.RawData ?? [];
                if (curve.AsSpan().SequenceEqual(P256) || curve.AsSpan().SequenceEqual(P384))
                {
                    keyType = curve.Length == P256.Length ? "ECDSA P-256" : "ECDSA P-384";
                    return true;
                }

                using (var ec = key.GetECDsaPublicKey())
                {
                    keyType = $"ECDSA P-{ec?.KeySize}";
                }

                error = $"csr key {keyType} is refused: use ECDSA P-256 or P-384, or RSA 2048-4096";
                return false;
            case RsaOid:
                using (var rsa = key.GetRSAPublicKey())
                {
                    keyType = $"RSA {rsa?.KeySize}";
                    if (rsa?.KeySize is >= 2048 and <= 4096)
                    {
                        return true;
                    }
                }

                error = $"csr key {keyType} is refused: RSA keys must be 2048 to 4096 bits (ECDSA P-256 preferred)";
                return false;
            default:
                keyType = key.Oid.FriendlyName ?? key.Oid.Value ?? "unknown";
                error = $"csr key type {keyType} ({key.Oid.Value}) is refused: use ECDSA P-256 or P-384, or RSA 2048-4096";
                return false;
        }
    }

    private static bool TryReadIdentity(CertificateRequest request, string trustDomain, out SpiffeId? identity, out string error)
    {
        identity = null;
        var uris = new List<string>();
        var otherNames = 0;
        foreach (var extension in request.CertificateExtensions)
        {
            if (extension.Oid?.Value == SubjectAltNames.Oid && !SubjectAltNames.TryRead(extension.RawData, uris, ref otherNames))
            {
                error = "csr subject alternative names are malformed";
                return false;
            }
        }

        if (uris.Count != 1)
        {
            error = $"csr must name exactly one URI SAN (the SPIFFE ID); it names {uris.Count}";
            return false;
        }

        if (otherNames > 0)
        {
            error = "csr may name only the SPIFFE ID URI SAN; remove the DNS, IP and other names";
            return false;
        }

        if (!SpiffeId.TryParse(uris[0], out identity, out error))
        {
            error = "csr URI SAN: " + error;
            return false;
        }

        if (identity.TrustDomain != trustDomain)
        {
            error = $"csr SPIFFE ID {identity} is outside this CA's trust domain '{trustDomain}'";
            identity = null;
            return false;
        }

        return true;
    }
}
