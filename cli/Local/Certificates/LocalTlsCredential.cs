using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Certificates;

/// <summary>
/// The local HTTPS credential <c>meshctl up</c> gives the ingress: a private CA (<c>.meshctl/tls/ca.crt</c>, its key
/// owner-only beside it), created once and kept, and a <c>localhost</c> server certificate it signs (SANs localhost,
/// 127.0.0.1, ::1; 90 days), written as the credential <c>bookinfo-credential</c> (<c>tls.crt</c>, <c>tls.key</c>
/// owner-only) in the ingress's credentials folder. The server certificate is renewed when missing, unreadable,
/// within 30 days of expiry or not signed by the current CA; the CA when it is missing or within 30 days of expiry.
/// Users trust <c>ca.crt</c> once, in their browser or system store. Nothing is shelled out; no key is ever printed.
/// </summary>
internal sealed class LocalTlsCredential(MeshPaths paths, TimeProvider time)
{
    public const string CredentialName = "bookinfo-credential";
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(365);
    public static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(90);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public string CaCertificateFile => Path.Combine(paths.TlsDir, "ca.crt");

    private string CaKeyFile => Path.Combine(paths.TlsDir, "ca.key");

    private string CredentialDir => Path.Combine(paths.CredentialsDir, CredentialName);

    /// <summary>Creates or renews what is missing or due; returns what it did, for progress.</summary>
    public string Ensure()
    {
        OwnerOnly.CreateDirectory(paths.TlsDir);
        OwnerOnly.CreateDirectory(paths.CredentialsDir);
        OwnerOnly.CreateDirectory(CredentialDir);
        var now = time.GetUtcNow();
        var (ca, createdCa) = LoadOrCreateCa(now);
        using (ca)
        {
            if (!createdCa && ServerIsCurrent(ca, now))
            {
                return $"kept the local HTTPS credential {CredentialName} (CA {CaCertificateFile})";
            }

            using var server = IssueServer(ca, now);
            OwnerOnly.WriteFile(Path.Combine(CredentialDir, "tls.key"), server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            WritePublic(Path.Combine(CredentialDir, "tls.crt"), server.ExportCertificatePem());
            return createdCa
                ? $"created a local CA ({CaCertificateFile}) and the HTTPS credential {CredentialName} for localhost"
                : $"renewed the HTTPS credential {CredentialName} for localhost";
        }
    }

    private (X509Certificate2 Ca, bool Created) LoadOrCreateCa(DateTimeOffset now)
    {
        if (File.Exists(CaCertificateFile) && File.Exists(CaKeyFile))
        {
            try
            {
                var existing = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificateFile), File.ReadAllText(CaKeyFile));
                if (existing.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore)
                {
                    return (existing, false);
                }

                existing.Dispose();
            }
            catch (CryptographicException)
            {
                // unreadable: replaced below
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=GatewayMesh local CA, O=GatewayMesh (meshctl up)", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime));
        OwnerOnly.WriteFile(CaKeyFile, key.ExportPkcs8PrivateKeyPem());
        WritePublic(CaCertificateFile, ca.ExportCertificatePem());
        return (ca, true);
    }

    private bool ServerIsCurrent(X509Certificate2 ca, DateTimeOffset now)
    {
        try
        {
            using var server = X509Certificate2.CreateFromPem(
                File.ReadAllText(Path.Combine(CredentialDir, "tls.crt")), File.ReadAllText(Path.Combine(CredentialDir, "tls.key")));
            return server.Issuer == ca.Subject
                && server.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore
                && IsSignedBy(server, ca);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsSignedBy(X509Certificate2 server, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    private static X509Certificate2 IssueServer(X509Certificate2 ca, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notAfter = now.Add(ServerLifetime) < ca.NotAfter ? now.Add(ServerLifetime) : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        using var signed = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    private static void WritePublic(string path, string pem)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, pem);
        File.Move(temp, path, overwrite: true);
    }
}
