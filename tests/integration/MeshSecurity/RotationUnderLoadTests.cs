using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Identity;
using GatewayMesh.Ingress.Hosting;
using GatewayMesh.IntegrationTests.Blocks;
using GatewayMesh.IntegrationTests.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Mtls;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Sidecar;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.MeshSecurity;

/// <summary>
/// Rotation under load on the real path: the real CA over HTTPS, the registry, an ingress and a sidecar (both with
/// <c>--cert-ttl 20s</c>, so each renews at about half-life) in front of an app, all on loopback against a real Redis,
/// the mesh STRICT so no request can fall back to plaintext. Requests flow through ingress → sidecar (mTLS) → app
/// without pause until both proxies have rotated twice. The ingress recycles its upstream connections every 2 s
/// (DestinationRule <c>maxConnectionDuration</c>), so new handshakes happen all along and must pick up each rotated
/// certificate, while open connections must survive the swaps. Real time throughout: TLS checks validity against the clock.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RotationUnderLoadTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private const string CertTtl = "20s";
    private const int Loops = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly SpiffeId Gateway = new("cluster.local", "istio-system", "istio-ingressgateway-service-account");
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");

    private const string Config = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec:
          mtls: {mode: STRICT}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - route: [{destination: {host: reviews, port: {number: 9080}}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          trafficPolicy:
            connectionPool:
              tcp: {maxConnectionDuration: 2s}
        """;

    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task CertTtl20s_IngressAndSidecarRotateTwiceUnderContinuousLoad_ZeroFailedRequestsAndAppSeesXfcc()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var ca = Own(await RealCaHost.StartAsync());
        var registry = Own(await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]));
        var writer = Own(RedisMeshStateFactory.Create(redis.ConnectionString, TimeProvider.System, prefix));
        var app = Own(await XfccRecordingApp.StartAsync());
        var sidecar = Own(await SidecarTestHost.StartAsync(
            redis.ConnectionString, prefix, "reviews", app.Port, registry, extraArgs: ca.ProxyArgs(Reviews, "--cert-ttl", CertTtl)));
        var ingress = Own(await StartIngressAsync(prefix, ca.ProxyArgs(Gateway, "--cert-ttl", CertTtl)));
        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(Timeout);
        var revision = await PutAsync(writer, Config);
        revision = Math.Max(revision, sidecar.Registration.CurrentLease!.Revision);
        await sidecar.State.WaitForRevisionAsync(revision).WaitAsync(Timeout);
        await ingress.Services.GetRequiredService<ProxyState>().WaitForRevisionAsync(revision).WaitAsync(Timeout);
        var ingressCerts = ingress.Services.GetRequiredService<IWorkloadCertificateSource>();
        var sidecarCerts = sidecar.App.Services.GetRequiredService<IWorkloadCertificateSource>();
        var ingressFirst = await AgentWaits.NextCertificateAsync(ingressCerts);
        var sidecarFirst = await AgentWaits.NextCertificateAsync(sidecarCerts);
        var (plaintext, _) = await PlaintextProbe.GetAsync(sidecar.Listeners.InboundUri.Port, "/", HttpVersion.Version11);
        Assert.True(plaintext is null, $"STRICT sidecar answered plaintext with HTTP {(int?)plaintext}");

        var listeners = ingress.Services.GetRequiredService<IngressListeners>();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = listeners.HttpUri, Timeout = Timeout };
        var succeeded = new Progress();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, Loops).Select(_ => LoadAsync(client, succeeded, failures, stop.Token)).ToList();

        var ingressRotations = RotateTwiceAsync(ingressCerts, ingressFirst);
        var sidecarRotations = RotateTwiceAsync(sidecarCerts, sidecarFirst);
        var (ingressCertificates, ingressSerials) = await ingressRotations;
        var (_, sidecarSerials) = await sidecarRotations;
        foreach (var certificate in ingressCertificates)
        {
            // A connection made with each of the ingress's certificates carried requests: new handshakes used the rotated ones.
            await app.WhenSeen(ForwardedClientCert.Format(Reviews, certificate.Leaf, Gateway)).WaitAsync(Timeout);
        }

        await succeeded.WhenAtLeast(succeeded.Count + 50).WaitAsync(Timeout); // still flowing after the last rotation
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        output.WriteLine($"ingress serials: {string.Join(" → ", ingressSerials)}");
        output.WriteLine($"sidecar serials: {string.Join(" → ", sidecarSerials)}");
        output.WriteLine($"requests: {succeeded.Count} succeeded, {failures.Count} failed; app saw {app.Requests}, {app.WithoutXfcc} without XFCC, {app.Xfcc.Count} distinct XFCC values");
        Assert.Empty(failures);
        Assert.Equal(3, ingressSerials.Distinct().Count());
        Assert.Equal(3, sidecarSerials.Distinct().Count());
        Assert.Equal(0, app.WithoutXfcc);
        Assert.Equal(succeeded.Count, app.Requests);
        Assert.All(app.Xfcc, xfcc => Assert.StartsWith($"By={Reviews};Hash=", xfcc));
        Assert.All(app.Xfcc, xfcc => Assert.EndsWith($";URI={Gateway}", xfcc));
        await AssertDebugCertsShowAsync(ingress.Services.GetRequiredService<IngressListeners>().AdminUri, ingressSerials);
        await AssertDebugCertsShowAsync(sidecar.Listeners.AdminUri, sidecarSerials);
    }

    /// <summary>Waits on the agent's change token for two certificates after <paramref name="first"/>; returns the three and their serials.</summary>
    private static async Task<(List<WorkloadCertificate> Certificates, List<string> Serials)> RotateTwiceAsync(
        IWorkloadCertificateSource source, WorkloadCertificate first)
    {
        var second = await AgentWaits.NextCertificateAsync(source, first);
        var third = await AgentWaits.NextCertificateAsync(source, second);
        List<WorkloadCertificate> certificates = [first, second, third];
        return (certificates, [.. certificates.Select(c => c.Leaf.SerialNumber)]);
    }

    /// <summary>The proxy's <c>/debug/certs</c> no longer shows either of the first two serials: the rotations are visible to an operator.</summary>
    private static async Task AssertDebugCertsShowAsync(Uri admin, List<string> serials)
    {
        using var client = new HttpClient { BaseAddress = admin, Timeout = Timeout };
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/debug/certs", UriKind.Relative)))!;
        var shown = document["certificates"]![0]!["serialNumber"]!.GetValue<string>();
        Assert.DoesNotContain(serials.Take(2), s => string.Equals(s, shown, StringComparison.OrdinalIgnoreCase));
        Assert.True(document["ready"]!.GetValue<bool>());
    }

    private static async Task LoadAsync(HttpClient client, Progress succeeded, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/reviews/0", UriKind.Relative), CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK && body == "ok\n")
                {
                    succeeded.Increment();
                }
                else
                {
                    failures.Enqueue($"HTTP {(int)response.StatusCode}: {body}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue(ex.Message);
            }
        }
    }

    private static async Task<long> PutAsync(MeshStateUnderTest writer, string yaml)
    {
        var parsed = ConfigParser.Parse(yaml, "test");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var revision = 0L;
        foreach (var resource in parsed.Resources)
        {
            revision = long.Parse((await writer.Configs.PutAsync(resource)).Metadata.ResourceVersion!);
        }

        return revision;
    }

    private async Task<IngressHost> StartIngressAsync(string prefix, string[] identityArgs)
    {
        string[] args = ["--redis", redis.ConnectionString, "--key-prefix", prefix, "--http-port", "0", "--https-port", "0", "--admin-port", "0"];
        var (app, state) = await ProxyStateDirs.StartAsync(stateArgs =>
            IngressApp.Create([.. args, .. stateArgs, .. identityArgs], services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))));
        return new IngressHost(app, state);
    }

    private T Own<T>(T owned)
        where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private sealed class IngressHost(WebApplication app, ProxyStateDir state) : IAsyncDisposable
    {
        public IServiceProvider Services => app.Services;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            state.Dispose();
        }
    }
}
