using GatewayMesh.Ingress.Tls;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>
/// An <see cref="IngressHarness"/> with a credentials folder, a test CA, captured logs and one upstream <c>web</c>.
/// <see cref="ApplyAsync"/> waits until the ingress serves the config and its HTTPS credentials were reloaded for it.
/// </summary>
internal sealed class IngressTlsHarness : IAsyncDisposable
{
    private IngressTlsHarness(IngressHarness ingress, TempDirectory credentials, TestPki pki, CapturingLoggerProvider logs)
    {
        Ingress = ingress;
        CredentialsDir = credentials;
        Pki = pki;
        Logs = logs;
    }

    public IngressHarness Ingress { get; }

    public TempDirectory CredentialsDir { get; }

    public TestPki Pki { get; }

    public CapturingLoggerProvider Logs { get; }

    public int HttpsPort => Ingress.Listeners.HttpsUri.Port;

    public GatewayCredentials Credentials => Ingress.Services.GetRequiredService<GatewayCredentials>();

    public static async Task<IngressTlsHarness> StartAsync(RedisServerFixture redis)
    {
        var credentials = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        var ingress = await IngressHarness.StartAsync(redis, s => s.AddLogging(l => l.AddProvider(logs)), "--credentials-dir", credentials.Path);
        await ingress.AddUpstreamAsync("web", "web-v1");
        return new IngressTlsHarness(ingress, credentials, TestPki.Create("ingress-test-root"), logs);
    }

    /// <summary>Writes credential <paramref name="name"/> for <paramref name="hosts"/>, signed by the test CA; returns the leaf.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 WriteCredential(string name, params string[] hosts)
    {
        var leaf = Pki.IssueServer(hosts);
        TestPki.WriteCredential(Path.Combine(CredentialsDir.Path, name), leaf);
        return leaf;
    }

    public async Task<long> ApplyAsync(params string[] yaml)
    {
        var revision = 0L;
        foreach (var document in yaml)
        {
            revision = await Ingress.ApplyAsync(document);
        }

        await Ingress.WaitForRevisionAsync(revision);
        await Credentials.WaitForAsync(c => c.Revision >= revision).WaitAsync(IngressHarness.Timeout);
        return revision;
    }

    public HttpsClient Client(System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null, bool pooled = false) =>
        new(HttpsPort, Pki.Root, clientCertificate, pooled);

    public async ValueTask DisposeAsync()
    {
        await Ingress.DisposeAsync();
        Pki.Dispose();
        CredentialsDir.Dispose();
        Logs.Dispose();
    }
}
