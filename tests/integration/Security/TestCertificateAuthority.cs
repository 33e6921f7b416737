using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.IntegrationTests.Security;

/// <summary>
/// An in-process test CA (ECDSA P-256, <see cref="TestCertificates"/>): issues a localhost server certificate and SPIFFE
/// workload client certificates, and validates client chains against its root only. Every certificate is round-tripped
/// through PKCS#12 so TLS on Linux can use its key.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public TestCertificateAuthority(string name = "GatewayMesh test CA")
    {
        var now = DateTimeOffset.UtcNow;
        Root = TestCertificates.CreateRoot(name, now.AddMinutes(-5), now.AddDays(1));
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 IssueServer() =>
        Issue("CN=localhost", [TestCertificates.ClientAuth, TestCertificates.ServerAuth], san =>
        {
            san.AddDnsName("localhost");
            san.AddIpAddress(IPAddress.Loopback);
        });

    /// <summary>A workload certificate whose only URI SAN is <paramref name="spiffeId"/>.</summary>
    public X509Certificate2 IssueWorkload(string spiffeId) =>
        Issue("CN=workload", [TestCertificates.ClientAuth], san => san.AddUri(new Uri(spiffeId)));

    /// <summary>True when <paramref name="certificate"/> chains to <see cref="Root"/> (and only to it).</summary>
    public bool Validates(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose() => Root.Dispose();

    private X509Certificate2 Issue(string subject, string[] usages, Action<SubjectAlternativeNameBuilder> names)
    {
        var now = DateTimeOffset.UtcNow;
        using var issued = TestCertificates.Issue(Root, subject, names, usages, now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pkcs12), null);
    }
}
