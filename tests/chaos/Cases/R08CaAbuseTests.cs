using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.ChaosTests.Harness;
using GatewayMesh.Cli.Identity;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R8: the mesh's CA refuses a CSR for another identity than the token's (403), a replayed token (401) and an expired
/// token (401), and writes each refusal to its audit log; the honest request is signed, so the refusals are not a
/// CA that refuses everything.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R08CaAbuseTests(ChaosMesh chaos, ITestOutputHelper output)
{
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");
    private static readonly SpiffeId Ratings = new("cluster.local", "default", "ratings");

    [Fact]
    public async Task R8_OtherIdentityReplayedAndExpiredTokensRefusedAndAudited()
    {
        var caDir = chaos.State.CaDir!;
        var audit = Path.Combine(caDir, "audit.jsonl");
        var auditedBefore = File.Exists(audit) ? File.ReadAllLines(audit).Length : 0;
        using var ca = CaClient(caDir);
        await using var load = SteadyLoad.Start(chaos.IngressPort, grpcAuthority: null);

        var token = TokenMinter.Mint(caDir, Reviews, TimeSpan.FromMinutes(5), TimeProvider.System);
        var otherIdentity = await SignAsync(ca, TokenMinter.Mint(caDir, Reviews, TimeSpan.FromMinutes(5), TimeProvider.System), Ratings);
        var honest = await SignAsync(ca, token, Reviews);
        var replayed = await SignAsync(ca, token, Reviews);
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var expired = await SignAsync(ca, TokenMinter.Mint(caDir, Reviews, TimeSpan.FromMinutes(10), past), Reviews);
        var auditLines = File.ReadAllLines(audit).Skip(auditedBefore).ToList();
        await load.WaitForProgressAsync(10, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();

        ChaosReport.Record(
            new ChaosFigure("R8", load.Description, "CSR for another identity, replayed token, expired token", sent, failed, lost, "n/a")
            {
                Notes = $"other identity {(int)otherIdentity}, replayed {(int)replayed}, expired {(int)expired}, honest {(int)honest}; {auditLines.Count} audit records",
            },
            output);
        Assert.Equal(HttpStatusCode.OK, honest);
        Assert.Equal(HttpStatusCode.Forbidden, otherIdentity);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed);
        Assert.Equal(HttpStatusCode.Unauthorized, expired);
        Assert.True(auditLines.Count(line => line.Contains("\"refused\"", StringComparison.Ordinal)) >= 3,
            $"the refusals are not all audited:\n{string.Join('\n', auditLines)}");
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }

    private HttpClient CaClient(string caDir)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(Path.Combine(caDir, "trust-bundle.pem"));
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero, SslOptions = { CertificateChainPolicy = policy } };
        return new HttpClient(handler) { BaseAddress = new Uri(chaos.State.CaUrl!), Timeout = TimeSpan.FromSeconds(20) };
    }

    private static async Task<HttpStatusCode> SignAsync(HttpClient ca, string token, SpiffeId identity)
    {
        using var csr = WorkloadCsr.Create(identity);
        using var request = new HttpRequestMessage(HttpMethod.Post, CaApi.CertificatesPath) { Content = JsonContent.Create(new { csr = csr.Pem, ttlSeconds = 60 }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await ca.SendAsync(request);
        return response.StatusCode;
    }
}
