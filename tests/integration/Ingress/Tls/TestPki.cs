using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>A throwaway certificate authority for TLS tests (<see cref="TestCertificates"/>): ECDSA P-256 roots, server and client leaves, PEM files.</summary>
internal sealed class TestPki : IDisposable
{
    private TestPki(X509Certificate2 root) => Root = root;

    public X509Certificate2 Root { get; }

    public static TestPki Create(string name)
    {
        var now = DateTimeOffset.UtcNow;
        return new TestPki(TestCertificates.CreateRoot(name, now.AddMinutes(-5), now.AddDays(1)));
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
        var now = DateTimeOffset.UtcNow;
        Action<SubjectAlternativeNameBuilder>? names = dnsNames.Length == 0 ? null : san =>
        {
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            san.AddIpAddress(System.Net.IPAddress.Loopback);
        };
        return TestCertificates.Issue(
            Root, subject, names, [server ? TestCertificates.ServerAuth : TestCertificates.ClientAuth], now.AddMinutes(-5), now.AddHours(12));
    }
}
