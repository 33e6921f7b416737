using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Testing;

/// <summary>
/// The one place tests make X.509 certificates: ECDSA P-256 roots and leaves, in memory, each with its private key.
/// The test CAs and PKIs of the unit and integration tests are thin shapes over these two methods.
/// </summary>
internal static class TestCertificates
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A self-signed CA root (basic constraints CA, keyCertSign and cRLSign, a subject key identifier).</summary>
    public static X509Certificate2 CreateRoot(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>
    /// A leaf signed by <paramref name="issuer"/> (which must hold its key): digitalSignature, the extended key
    /// <paramref name="usages"/>, the subject alternative names <paramref name="names"/> adds (none when null; marked
    /// critical when <paramref name="criticalNames"/>), an authority key identifier and a random positive serial.
    /// </summary>
    public static X509Certificate2 Issue(
        X509Certificate2 issuer, string subject, Action<SubjectAlternativeNameBuilder>? names, IEnumerable<string> usages,
        DateTimeOffset notBefore, DateTimeOffset notAfter, bool criticalNames = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            names(san);
            request.CertificateExtensions.Add(san.Build(criticalNames));
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var ekus = new OidCollection();
        foreach (var usage in usages)
        {
            ekus.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ekus, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(issuer, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
