using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// Client certificates for the mTLS abuse cases: signed with the chaos mesh's own root (read from the local CA's
/// folder, as its owner may) or with a foreign root, for any SPIFFE ID and validity.
/// </summary>
internal static class MeshCertificates
{
    /// <summary>The mesh CA's signing root, with its key, from <c>.meshctl/ca/roots/&lt;active&gt;/</c>.</summary>
    public static X509Certificate2 MeshRoot(string caDir)
    {
        using var set = JsonDocument.Parse(File.ReadAllText(Path.Combine(caDir, "roots.json")));
        var active = set.RootElement.GetProperty("active").GetString()!;
        return X509Certificate2.CreateFromPemFile(Path.Combine(caDir, "roots", active, "root-cert.pem"), Path.Combine(caDir, "roots", active, "root-key.pem"));
    }

    public static X509Certificate2 ForeignRoot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=chaos foreign root", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A workload certificate for <paramref name="spiffeId"/>, valid over the given window, with its key.</summary>
    public static X509Certificate2 Leaf(X509Certificate2 issuer, string spiffeId, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=chaos client", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(spiffeId));
        request.CertificateExtensions.Add(san.Build(true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var leaf = request.Create(issuer, notBefore, notAfter, serial);
        using var withKey = leaf.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null); // a key the TLS stack can use
    }
}
