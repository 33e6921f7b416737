using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>
/// An in-process mesh CA for tests: an ECDSA P-256 root, and workload leaves shaped like the CA's (one SPIFFE URI SAN,
/// digitalSignature, serverAuth + clientAuth), or deliberately wrong ones (no SAN, two SANs, expired, no clientAuth).
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _root;

    private TestCertificateAuthority(X509Certificate2 root)
    {
        _root = root;
        Root = X509CertificateLoader.LoadCertificate(root.RawData);
    }

    /// <summary>The root without its key, as a trust bundle holds it.</summary>
    public X509Certificate2 Root { get; }

    public static TestCertificateAuthority Create(string name = "GatewayMesh test root")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(request.CreateSelfSigned(now.AddDays(-2), now.AddYears(1)));
    }

    /// <summary>A leaf with the given URI SANs (none, one or several), valid from/to the given times (default: an hour ago to an hour on).</summary>
    public X509Certificate2 Issue(IReadOnlyList<string> uris, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=workload", key, HashAlgorithmName.SHA256);
        if (uris.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var uri in uris)
            {
                san.AddUri(new Uri(uri));
            }

            request.CertificateExtensions.Add(san.Build(true));
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var ekus = new OidCollection();
        foreach (var usage in usages.Length == 0 ? [ServerAuth, ClientAuth] : usages)
        {
            ekus.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ekus, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_root, notBefore ?? now.AddHours(-1), notAfter ?? now.AddHours(1), serial);
        return issued.CopyWithPrivateKey(key);
    }

    public X509Certificate2 Issue(SpiffeId identity) => Issue([identity.ToString()]);

    /// <summary>A <see cref="WorkloadCertificate"/> for <paramref name="identity"/> trusting this CA's root.</summary>
    public WorkloadCertificate Workload(SpiffeId identity, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Workload(Issue([identity.ToString()], notBefore, notAfter));

    public WorkloadCertificate Workload(X509Certificate2 leaf) => new(leaf, [], [Root]);

    public void Dispose()
    {
        _root.Dispose();
        Root.Dispose();
    }
}
