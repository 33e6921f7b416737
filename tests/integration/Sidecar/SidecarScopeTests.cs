using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary>
/// The Istio Sidecar kind through real sidecars, a real registry and Redis: a proxy loads only the hosts its Sidecar's
/// egress imports (routes, clusters and endpoints; a port-specific listener's hosts on that port only), and under the
/// Sidecar's REGISTRY_ONLY cannot reach any other host, mesh service or not; an ingress listener's defaultEndpoint
/// decides where the selected workload's inbound listener forwards.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarScopeTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private const string ProductpageScope = """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: productpage}
        spec:
          workloadSelector: {labels: {app: productpage}}
          egress:
          - hosts: ["./reviews.default.svc.cluster.local"]
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        """;

    [Fact]
    public async Task EgressScopeWithRegistryOnly_OnlyImportedHostsReachable_OtherProxiesUnaffected()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var reviewsWorkload = await Workload.StartAsync(redis, prefix, registry, "reviews", "reviews-app");
        await using var ratingsWorkload = await Workload.StartAsync(redis, prefix, registry, "ratings", "ratings-app");
        await using var external = await UpstreamApp.StartAsync("external");
        await using var productpageWorkload = await Workload.StartAsync(redis, prefix, registry, "productpage", "productpage-app");
        var (reviews, ratings, productpage) = (reviewsWorkload.Sidecar, ratingsWorkload.Sidecar, productpageWorkload.Sidecar);
        await reviews.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await ratings.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await productpage.State.WaitForRevisionAsync(ratings.Registration.CurrentLease!.Revision).WaitAsync(WaitTimeout);
        using var fromProductpage = productpage.CreateOutboundClient();
        using var fromReviews = reviews.CreateOutboundClient();
        Assert.StartsWith("ratings-app\n", await fromProductpage.GetStringAsync("http://ratings:9080/ratings/0"), StringComparison.Ordinal);

        var revision = await ApplyAsync(registry, ProductpageScope);
        await productpage.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);
        await reviews.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);

        Assert.StartsWith("reviews-app\n", await fromProductpage.GetStringAsync("http://reviews:9080/reviews/0"), StringComparison.Ordinal);
        using var toRatings = await fromProductpage.GetAsync("http://ratings:9080/ratings/0");
        using var toExternal = await fromProductpage.GetAsync($"http://127.0.0.1:{external.Port}/x");
        Assert.Equal(HttpStatusCode.BadGateway, toRatings.StatusCode);
        Assert.Equal("destination not in the mesh registry\n", await toRatings.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadGateway, toExternal.StatusCode);
        Assert.StartsWith("ratings-app\n", await fromReviews.GetStringAsync("http://ratings:9080/ratings/0"), StringComparison.Ordinal);
        Assert.StartsWith("external\n", await fromReviews.GetStringAsync($"http://127.0.0.1:{external.Port}/x"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EgressOwnNamespaceOnOnePort_OtherNamespacesNotLoadedAndPortScopedHostOnlyOnItsPort()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var reviewsWorkload = await Workload.StartAsync(redis, prefix, registry, "reviews", "reviews-app");
        await using var ratingsWorkload = await Workload.StartAsync(redis, prefix, registry, "ratings", "ratings-prod-app", "--namespace", "prod");
        await using var productpageWorkload = await Workload.StartAsync(redis, prefix, registry, "productpage", "productpage-app");
        var (reviews, ratings, productpage) = (reviewsWorkload.Sidecar, ratingsWorkload.Sidecar, productpageWorkload.Sidecar);
        await reviews.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await ratings.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await productpage.State.WaitForRevisionAsync(Math.Max(reviews.Registration.CurrentLease!.Revision, ratings.Registration.CurrentLease!.Revision)).WaitAsync(WaitTimeout);
        using var fromProductpage = productpage.CreateOutboundClient();
        Assert.StartsWith("ratings-prod-app\n", await fromProductpage.GetStringAsync("http://ratings.prod:9080/ratings/0"), StringComparison.Ordinal);
        Assert.Contains("outbound|||ratings.prod.svc.cluster.local", await productpage.Admin.GetStringAsync("/debug/config"), StringComparison.Ordinal);

        // Istio's usual scale setting: own namespace and the control plane's, here on port 9080 only; REGISTRY_ONLY
        var revision = await ApplyAsync(registry, """
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: default, namespace: default}
            spec:
              egress:
              - port: {number: 9080, protocol: HTTP, name: http}
                hosts: ["./*", "istio-system/*"]
              - hosts: ["istio-system/*"]
              outboundTrafficPolicy: {mode: REGISTRY_ONLY}
            """);
        await productpage.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);

        var config = await productpage.Admin.GetStringAsync("/debug/config");
        var endpoints = await productpage.Admin.GetStringAsync("/debug/endpoints");
        Assert.DoesNotContain("ratings.prod", config, StringComparison.Ordinal);
        Assert.DoesNotContain("ratings.prod", endpoints, StringComparison.Ordinal);
        Assert.Contains("outbound|||reviews.default.svc.cluster.local", config, StringComparison.Ordinal);
        Assert.Contains("\"egressPorts\": \"only port 9080\"", config, StringComparison.Ordinal);
        Assert.StartsWith("reviews-app\n", await fromProductpage.GetStringAsync("http://reviews:9080/reviews/0"), StringComparison.Ordinal);
        using var otherPort = await fromProductpage.GetAsync("http://reviews:9081/reviews/0");
        using var noPort = await fromProductpage.GetAsync("http://reviews.default.svc.cluster.local/reviews/0");
        using var otherNamespace = await fromProductpage.GetAsync("http://ratings.prod:9080/ratings/0");
        Assert.Equal(HttpStatusCode.BadGateway, otherPort.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, noPort.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, otherNamespace.StatusCode);
        Assert.Equal("destination not in the mesh registry\n", await otherNamespace.Content.ReadAsStringAsync());

        // the namespace's Sidecar scopes its own workloads only: ratings (prod) still loads and reaches everything
        await ratings.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);
        Assert.Contains("outbound|||reviews.default.svc.cluster.local", await ratings.Admin.GetStringAsync("/debug/config"), StringComparison.Ordinal);
        using var fromRatings = ratings.CreateOutboundClient();
        Assert.StartsWith("reviews-app\n", await fromRatings.GetStringAsync("http://reviews.default:9081/reviews/0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngressListenerDefaultEndpoint_InboundForwardsThere_TcpThenUnixSocket_SelectedWorkloadOnly()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        using var folder = new TempDirectory();
        var socket = Path.Combine(folder.Path, "reviews.sock");
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var realApp = await UpstreamApp.StartAsync("reviews-on-8080");
        await using var socketApp = await UpstreamApp.StartAsync("reviews-on-socket", unixSocket: socket);
        var workloadPort = UpstreamApp.FreePort(); // the workload port (--app-port): nothing listens there
        var revision = await ApplyAsync(registry, ReviewsIngressListener(workloadPort, $"127.0.0.1:{realApp.Port}"));
        await using var reviews = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", workloadPort, registry);
        await using var ratingsWorkload = await Workload.StartAsync(redis, prefix, registry, "ratings", "ratings-app");
        var ratings = ratingsWorkload.Sidecar;
        await reviews.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);
        await ratings.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);

        // registered only because the app answers where the listener sends (the workload port has no listener)
        await reviews.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        Assert.StartsWith("reviews-on-8080\n", await reviews.Inbound.GetStringAsync("/reviews/0"), StringComparison.Ordinal);
        Assert.StartsWith("ratings-app\n", await ratings.Inbound.GetStringAsync("/ratings/0"), StringComparison.Ordinal);

        revision = await ApplyAsync(registry, ReviewsIngressListener(workloadPort, $"unix://{socket}"));
        await reviews.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);

        Assert.StartsWith("reviews-on-socket\n", await reviews.Inbound.GetStringAsync("/reviews/1"), StringComparison.Ordinal);
        using var ready = await reviews.Admin.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task IngressListenerOnAnotherPort_SidecarSaysItIsNotServed_WorkloadPortListenerStillApplies()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var realApp = await UpstreamApp.StartAsync("reviews-on-8080");
        var (workloadPort, otherPort) = (UpstreamApp.FreePort(), UpstreamApp.FreePort());
        await using var reviews = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", workloadPort, registry);
        var logs = new CapturingLoggerProvider();
        reviews.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var notServed = logs.WaitForAsync(line => line.Contains("[5024]", StringComparison.Ordinal));

        var revision = await ApplyAsync(registry, ReviewsIngressListener(workloadPort, $"127.0.0.1:{realApp.Port}") + "\n" + $$$"""
              - port: {number: {{{otherPort}}}, protocol: HTTP, name: http-admin}
                defaultEndpoint: "127.0.0.1:{{{realApp.Port}}}"
            """);
        await reviews.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);

        await notServed.WaitAsync(WaitTimeout);
        var line = Assert.Single(logs.Lines, l => l.Contains("[5024]", StringComparison.Ordinal));
        Assert.Contains($"Sidecar default/reviews has ingress listeners this sidecar does not serve: spec.ingress[1] (port {otherPort})", line, StringComparison.Ordinal);
        Assert.Contains($"for its app's port {workloadPort}", line, StringComparison.Ordinal);
        Assert.StartsWith("reviews-on-8080\n", await reviews.Inbound.GetStringAsync("/reviews/0"), StringComparison.Ordinal);
    }

    private static async Task<long> ApplyAsync(RegistryTestHost registry, string yaml)
    {
        using var response = await registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (long)JsonNode.Parse(text)!["revision"]!;
    }

    /// <summary>An app and its sidecar, registered with the test registry; disposed sidecar first.</summary>
    private sealed class Workload(UpstreamApp app, SidecarTestHost sidecar) : IAsyncDisposable
    {
        public SidecarTestHost Sidecar => sidecar;

        public static async Task<Workload> StartAsync(RedisServerFixture redis, string prefix, RegistryTestHost registry, string service, string appName, params string[] sidecarArgs)
        {
            var app = await UpstreamApp.StartAsync(appName);
            try
            {
                return new Workload(app, await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, service, app.Port, registry, null, sidecarArgs));
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await sidecar.DisposeAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A Sidecar for reviews whose ingress listener on the workload port sends to <paramref name="endpoint"/>.</summary>
    private static string ReviewsIngressListener(int workloadPort, string endpoint) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: reviews, namespace: default}
        spec:
          workloadSelector: {labels: {app: reviews}}
          ingress:
          - port: {number: {{{workloadPort}}}, protocol: HTTP, name: http}
            defaultEndpoint: "{{{endpoint}}}"
        """;
}
