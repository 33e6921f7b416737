using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>
/// An in-process mesh CA for tests (<see cref="TestCertificates"/>): an ECDSA P-256 root, and workload leaves shaped like
/// the CA's (one SPIFFE URI SAN, digitalSignature, serverAuth + clientAuth), or deliberately wrong ones (no SAN, two
/// SANs, expired, no clientAuth).
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public const string ServerAuth = TestCertificates.ServerAuth;
    public const string ClientAuth = TestCertificates.ClientAuth;

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
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(TestCertificates.CreateRoot(name, now.AddDays(-2), now.AddYears(1)));
    }

    /// <summary>A leaf with the given URI SANs (none, one or several), valid from/to the given times (default: an hour ago to an hour on).</summary>
    public X509Certificate2 Issue(IReadOnlyList<string> uris, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, params string[] usages)
    {
        var now = DateTimeOffset.UtcNow;
        Action<SubjectAlternativeNameBuilder>? names = uris.Count == 0 ? null : san =>
        {
            foreach (var uri in uris)
            {
                san.AddUri(new Uri(uri));
            }
        };
        return TestCertificates.Issue(
            _root, "CN=workload", names, usages.Length == 0 ? [ServerAuth, ClientAuth] : usages,
            notBefore ?? now.AddHours(-1), notAfter ?? now.AddHours(1), criticalNames: true);
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
