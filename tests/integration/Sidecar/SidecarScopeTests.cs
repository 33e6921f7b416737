using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary>
/// The Istio Sidecar kind through real sidecars, a real registry and Redis: a proxy loads only the hosts its Sidecar's
/// egress imports, and under the Sidecar's REGISTRY_ONLY cannot reach any other host, mesh service or not.
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
        await using var reviewsApp = await UpstreamApp.StartAsync("reviews-app");
        await using var reviews = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", reviewsApp.Port, registry);
        await using var ratingsApp = await UpstreamApp.StartAsync("ratings-app");
        await using var ratings = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "ratings", ratingsApp.Port, registry);
        await using var external = await UpstreamApp.StartAsync("external");
        await using var productApp = await UpstreamApp.StartAsync("productpage-app");
        await using var productpage = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "productpage", productApp.Port, registry);
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

    private static async Task<long> ApplyAsync(RegistryTestHost registry, string yaml)
    {
        using var response = await registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (long)JsonNode.Parse(text)!["revision"]!;
    }
}
