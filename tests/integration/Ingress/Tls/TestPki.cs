using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>A throwaway certificate authority for TLS tests: ECDSA P-256 roots, server and client leaves, PEM files.</summary>
internal sealed class TestPki : IDisposable
{
    private TestPki(X509Certificate2 root) => Root = root;

    public X509Certificate2 Root { get; }

    public static TestPki Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestPki(request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)));
    }

    /// <summary>A server leaf for <paramref name="dnsNames"/> (and 127.0.0.1), signed by this root.</summary>
    public X509Certificate2 IssueServer(params string[] dnsNames) => Issue($"CN={dnsNames[0]}", server: true, dnsNames);

    public X509Certificate2 IssueClient(string name) => Issue($"CN={name}", server: false, []);

    /// <summary>
    /// Writes a credential folder as Kubernetes TLS Secret keys (<c>tls.crt</c>, <c>tls.key</c>, optional
    /// <c>ca.crt</c>), each file replaced by rename so a reader never sees half a file; the key last, so a reader may see
    /// the new certificate with the old key (which must not load) but never the reverse as complete.
    /// </summary>
    public static void WriteCredential(string folder, X509Certificate2 leaf, X509Certificate2? ca = null)
    {
        Directory.CreateDirectory(folder);
        if (ca is not null)
        {
            Replace(Path.Combine(folder, "ca.crt"), ca.ExportCertificatePem());
        }

        Replace(Path.Combine(folder, "tls.crt"), leaf.ExportCertificatePem());
        Replace(Path.Combine(folder, "tls.key"), leaf.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public static void Replace(string path, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    public void Dispose() => Root.Dispose();

    private X509Certificate2 Issue(string subject, bool server, string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(Root, now.AddMinutes(-5), now.AddHours(12), serial);
        return signed.CopyWithPrivateKey(key);
    }
}
