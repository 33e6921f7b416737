using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.IntegrationTests.DataPlane;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.MeshSecurity;

/// <summary>
/// The security issue's "Done when" on the mesh <c>meshctl up</c> starts (real processes, real TLS): PERMISSIVE by
/// default (proxies reach each other over mTLS, plaintext to a sidecar inbound port still served); a mesh-wide STRICT
/// PeerAuthentication applied with <c>meshctl apply</c> keeps Bookinfo working end to end and makes plaintext (HTTP/1.1
/// and h2c) to every sidecar inbound port fail; deleting it brings plaintext back. The policy is always deleted at the
/// end, and reviews routed back to v1 (what <c>up</c> applies), so the collection's other tests are unaffected.
/// </summary>
[Collection(BookinfoMeshCollection.Name)]
public sealed class MeshStrictMtlsTests(BookinfoMeshFixture mesh, ITestOutputHelper output) : IAsyncLifetime
{
    private const int PagesInARow = 20;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await mesh.MeshctlAsync("delete", "peerauthentications", "default", "-n", "istio-system", "--ignore-not-found");
        await mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v1"));
    }

    [Fact]
    public async Task MeshWideStrict_BookinfoKeepsWorking_PlaintextToEverySidecarInboundFails_UntilDeleted()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v2")); // reviews v2 calls ratings: the page shows stars only if every hop works
        await AssertProxiesReachPeersOverMutualTlsAsync();
        await AssertPlaintextServedEverywhereAsync("PERMISSIVE (no policy)");

        await mesh.ApplyAndSyncAsync(MeshPolicies.MeshWideStrict);

        for (var i = 1; i <= PagesInARow; i++)
        {
            using var response = await mesh.Ingress.GetAsync(new Uri("/productpage", UriKind.Relative));
            var page = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"page {i}: HTTP {(int)response.StatusCode}: {ProductPages.Summary(page)}");
            Assert.True(ProductPages.ReviewsVersion(page) == "v2", $"page {i}: {ProductPages.Summary(page)}");
            Assert.DoesNotContain(ProductPages.RatingsUnavailable, page);
            Assert.Contains("class=\"star-", page);
        }

        output.WriteLine($"live sidecars: {string.Join(", ", Sidecars().Select(p => p.Name))}");
        var refused = 0;
        foreach (var sidecar in Sidecars())
        {
            foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
            {
                var (status, error) = await PlaintextProbe.GetAsync(sidecar.Ports["inbound"], "/", version);
                Assert.True(status is null, $"STRICT: plaintext HTTP/{version} to {sidecar.Name}'s inbound port got HTTP {(int?)status}");
                output.WriteLine($"STRICT: {sidecar.Name} inbound HTTP/{version}: {error}");
                refused++;
            }
        }

        output.WriteLine($"STRICT: {PagesInARow} pages in a row with reviews v2 and ratings; {refused} plaintext requests refused");

        var deleted = await mesh.MeshctlAsync("delete", "peerauthentications", "default", "-n", "istio-system");
        Assert.True(deleted.ExitCode == 0, deleted.Error);
        await mesh.WaitForProxiesAsync(await mesh.RegistryRevisionAsync());
        await AssertPlaintextServedEverywhereAsync("after delete");
    }

    /// <summary>The sidecars still running (<c>InstanceLossTests</c> may have killed reviews v3 earlier in the collection).</summary>
    private List<ProcessRecord> Sidecars()
    {
        var sidecars = mesh.State.Processes.Where(p => p.Role == "sidecar").ToList();
        Assert.Equal(7, sidecars.Count); // Bookinfo's six and stats (Dapr pub/sub)
        var alive = sidecars.Where(ProcessSupervisor.IsAlive).ToList();
        Assert.True(alive.Count >= 6, $"only {string.Join(", ", alive.Select(p => p.Name))} still run");
        return alive;
    }

    private async Task AssertPlaintextServedEverywhereAsync(string when)
    {
        foreach (var sidecar in Sidecars())
        {
            foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
            {
                var (status, error) = await PlaintextProbe.GetAsync(sidecar.Ports["inbound"], "/", version);
                Assert.True(status is not null, $"{when}: plaintext HTTP/{version} to {sidecar.Name}'s inbound port: {error}");
            }
        }
    }

    /// <summary>The ingress and every sidecar reach every sidecar's inbound port with ISTIO_MUTUAL (auto-mTLS: every proxy has a certificate).</summary>
    private async Task AssertProxiesReachPeersOverMutualTlsAsync()
    {
        var sidecarInbounds = Sidecars().ToDictionary(p => $"127.0.0.1:{p.Ports["inbound"]}", p => p.Name);
        using var admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = BookinfoMeshFixture.SyncDeadline };
        foreach (var proxy in mesh.State.Processes.Where(p => p.Role is "ingress" or "sidecar").Where(ProcessSupervisor.IsAlive))
        {
            var document = JsonNode.Parse(await admin.GetStringAsync(new Uri($"http://127.0.0.1:{proxy.Ports["admin"]}/debug/endpoints")))!;
            var peers = document["endpoints"]!.AsArray().Select(e => e!)
                .Where(e => sidecarInbounds.ContainsKey(e["address"]!.GetValue<string>())).ToList();
            Assert.True(peers.Count > 0, $"{proxy.Name} has no sidecar endpoint: {document.ToJsonString()}");
            Assert.All(peers, e => Assert.True(
                e["tls"]!.GetValue<string>() == "ISTIO_MUTUAL",
                $"{proxy.Name} reaches {sidecarInbounds[e["address"]!.GetValue<string>()]} ({e["cluster"]}) with {e["tls"]}"));
            output.WriteLine($"{proxy.Name}: {peers.Count} sidecar endpoints, all ISTIO_MUTUAL");
        }
    }
}
