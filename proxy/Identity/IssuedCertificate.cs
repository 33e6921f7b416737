using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// Turns the CA's <see cref="SignResponse"/> and the agent's key into a <see cref="WorkloadCertificate"/>, refusing an
/// answer that is not for this key, not for this identity, or does not chain to the trust bundle it came with.
/// </summary>
public static class IssuedCertificate
{
    /// <exception cref="CaRequestException">The answer is unusable; the message says why.</exception>
    public static WorkloadCertificate Build(SignResponse response, ECDsa key, SpiffeId identity, DateTimeOffset now)
    {
        if (response.CertificateChain is not { Count: > 0 } chain || response.TrustBundle is not { Count: > 0 } bundle)
        {
            throw new CaRequestException(200, "the CA answered without a certificate chain or trust bundle");
        }

        var certificates = Parse(chain, "certificateChain");
        var roots = Parse(bundle, "trustBundle");
        using var publicLeaf = certificates[0];
        using var leafKey = publicLeaf.GetECDsaPublicKey();
        if (leafKey is null || !leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new CaRequestException(200, "the CA's certificate is not for this proxy's key");
        }

        if (SpiffeId.FromCertificate(publicLeaf) != identity)
        {
            throw new CaRequestException(200, $"the CA's certificate does not name {identity} as its one SPIFFE ID");
        }

        var intermediates = new X509Certificate2Collection(certificates.Skip(1).ToArray());
        var trust = new X509Certificate2Collection(roots.ToArray());
        if (!Chains(publicLeaf, intermediates, trust, now))
        {
            throw new CaRequestException(200, "the CA's certificate does not chain to the trust bundle it sent");
        }

        return new WorkloadCertificate(WithKey(publicLeaf, key), intermediates, trust);
    }

    /// <summary>
    /// The leaf with its private key, re-imported from an in-memory PKCS#12 so that it behaves like a loaded
    /// certificate in every TLS stack (no file is written; the blob is dropped at once).
    /// </summary>
    private static X509Certificate2 WithKey(X509Certificate2 leaf, ECDsa key)
    {
        using var paired = leaf.CopyWithPrivateKey(key);
        var pkcs12 = paired.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pkcs12, null, X509KeyStorageFlags.EphemeralKeySet);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs12);
        }
    }

    private static bool Chains(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection roots, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf);
    }

    private static List<X509Certificate2> Parse(IReadOnlyList<string> pems, string field)
    {
        var certificates = new List<X509Certificate2>(pems.Count);
        foreach (var pem in pems)
        {
            try
            {
                certificates.Add(X509Certificate2.CreateFromPem(pem));
            }
            catch (CryptographicException ex)
            {
                throw new CaRequestException(200, $"the CA's {field} holds a certificate that is not PEM: {ex.Message}", inner: ex);
            }
        }

        return certificates;
    }
}
