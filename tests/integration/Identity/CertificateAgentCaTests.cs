using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.IntegrationTests.Sidecar;
using UpstreamApp = GatewayMesh.IntegrationTests.Sidecar.UpstreamApp;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Identity;

/// <summary>The certificate agent in the real ingress and sidecar hosts against the real CA over HTTPS on loopback.</summary>
[Collection(RedisCollection.Name)]
public sealed class CertificateAgentCaTests(RedisServerFixture redis)
{
    private static readonly SpiffeId Details = new("cluster.local", "default", "details");
    private static readonly SpiffeId Gateway = new("cluster.local", "istio-system", "istio-ingressgateway-service-account");

    [Fact]
    public async Task Sidecar_WithCa_ReadyWithCertificateShownOnDebugCerts()
    {
        await using var ca = await RealCaHost.StartAsync();
        await using var app = await UpstreamApp.StartAsync("details");
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "details", app.Port, extraArgs: ca.ProxyArgs(Details));
        var agent = sidecar.App.Services.GetRequiredService<IWorkloadCertificateSource>();

        var certificate = await AgentWaits.NextCertificateAsync(agent);

        Assert.Equal(Details, SpiffeId.FromCertificate(certificate.Leaf));
        Assert.True(certificate.Leaf.HasPrivateKey);
        using var ready = await sidecar.Admin.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var document = JsonNode.Parse(await sidecar.Admin.GetStringAsync("/debug/certs"))!;
        Assert.Equal(Details.ToString(), document["identity"]!.GetValue<string>());
        var leaf = document["certificates"]![0]!;
        Assert.Equal(certificate.Leaf.SerialNumber, leaf["serialNumber"]!.GetValue<string>(), ignoreCase: true);
        Assert.Equal("ACTIVE", leaf["state"]!.GetValue<string>());
        Assert.NotNull(document["nextRenewal"]);
        var bundle = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        bundle.ImportFromPem(File.ReadAllText(ca.RootFile));
        Assert.Equal(bundle[0].SerialNumber, document["trustBundle"]![0]!["serialNumber"]!.GetValue<string>(), ignoreCase: true);
        Assert.DoesNotContain("PRIVATE", document.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(certificate.Leaf.SerialNumber, await ReadSharedAsync(ca.AuditLog), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ingress_CaDownAtStart_NotReadyUntilTheCaAnswers()
    {
        var port = UpstreamApp.FreePort();
        var dir = Directory.CreateTempSubdirectory("ca-test-").FullName; // this test's: kept for the restart below
        var first = await RealCaHost.StartAsync(dir, port); // creates the root and the token-signing key
        var args = first.ProxyArgs(Gateway);
        await first.DisposeAsync();
        try
        {
            await using var ingress = await IngressHarness.StartAsync(redis, args);
            using (var before = await ingress.Admin.GetAsync("/healthz/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
                Assert.Contains("no workload certificate yet", await before.Content.ReadAsStringAsync());
            }

            await using var ca = await RealCaHost.StartAsync(dir, port);
            var agent = ingress.Services.GetRequiredService<IWorkloadCertificateSource>();
            var certificate = await AgentWaits.NextCertificateAsync(agent);

            Assert.Equal(Gateway, SpiffeId.FromCertificate(certificate.Leaf));
            using var after = await ingress.Admin.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Sidecar_CertTtl20s_RotatesTwiceWithNewSerialsRenewingByClientCertificate()
    {
        await using var ca = await RealCaHost.StartAsync();
        await using var app = await UpstreamApp.StartAsync("details");
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "details", app.Port, extraArgs: ca.ProxyArgs(Details, "--cert-ttl", "20s"));
        var agent = sidecar.App.Services.GetRequiredService<IWorkloadCertificateSource>();

        var first = await AgentWaits.NextCertificateAsync(agent);
        var second = await AgentWaits.NextCertificateAsync(agent, first);
        var third = await AgentWaits.NextCertificateAsync(agent, second);

        Assert.InRange(first.NotAfter - first.NotBefore, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(80)); // NotBefore backdated up to 1 min
        Assert.Equal(3, new[] { first, second, third }.Select(c => c.Leaf.SerialNumber).Distinct().Count());
        Assert.True(second.NotBefore < first.NotAfter, "renewed before expiry");
        var audit = (await ReadSharedAsync(ca.AuditLog)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var renewals = audit.Where(line => line.Contains(second.Leaf.SerialNumber, StringComparison.OrdinalIgnoreCase) || line.Contains(third.Leaf.SerialNumber, StringComparison.OrdinalIgnoreCase));
        Assert.All(renewals, line => Assert.Contains("client-certificate", line));
        Assert.Equal(2, renewals.Count());
        using var ready = await sidecar.Admin.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Ingress_CaDownAtRenewal_RetriesThenFailsClosedAfterExpiry()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var ca = await RealCaHost.StartAsync();
        try
        {
            var args = ca.ProxyArgs(Gateway, "--cert-ttl", "2m");
            await using var ingress = await IngressHarness.StartAsync(redis, services => services.AddSingleton<TimeProvider>(time), args);
            var agent = ingress.Services.GetRequiredService<CertificateAgent>();
            var scheduled = System.Threading.Channels.Channel.CreateUnbounded<CertificateAgentStatus>();
            agent.OnScheduled = status => scheduled.Writer.TryWrite(status);
            var certificate = await AgentWaits.NextCertificateAsync(agent);
            await ca.StopAsync();

            var status = agent.Status;
            var attempts = 0;
            var unreachable = 0;
            while (time.GetUtcNow() < certificate.NotAfter)
            {
                time.Advance(status.NextAttemptAt!.Value - time.GetUtcNow());
                status = await scheduled.Reader.ReadAsync().AsTask().WaitAsync(AgentWaits.Timeout);
                attempts++;
                if (time.GetUtcNow() < certificate.NotAfter)
                {
                    unreachable += status.LastError?.Contains("cannot reach the CA", StringComparison.Ordinal) == true ? 1 : 0;
                    using var stillReady = await ingress.Admin.GetAsync("/healthz/ready");
                    Assert.Equal(HttpStatusCode.OK, stillReady.StatusCode);
                }
            }

            Assert.True(unreachable >= 3, $"{unreachable} of {attempts} attempts reached no CA");
            Assert.True(status.ConsecutiveFailures > unreachable, $"{status.ConsecutiveFailures} failures in a row");
            Assert.Contains("the certificate has expired and no unused bootstrap token", status.LastError);
            using var ready = await ingress.Admin.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("workload certificate expired at", await ready.Content.ReadAsStringAsync());
            var document = JsonNode.Parse(await ingress.Admin.GetStringAsync("/debug/certs"))!;
            Assert.Equal("EXPIRED", document["certificates"]![0]!["state"]!.GetValue<string>());
            Assert.False(document["ready"]!.GetValue<bool>());
        }
        finally
        {
            await ca.DisposeAsync();
            ca.DeleteDir();
        }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
