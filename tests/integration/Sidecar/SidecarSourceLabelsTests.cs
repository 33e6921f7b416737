using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary><c>sourceLabels</c> on a sidecar: the outbound path matches on the calling workload's own labels.</summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarSourceLabelsTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private const string ReviewsBySource = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{sourceLabels: {app: productpage, tier: front}}]
            route: [{destination: {host: reviews, subset: v2}}]
          - route: [{destination: {host: reviews, subset: v1}}]
        """;

    [Fact]
    public async Task Outbound_SourceLabelsMatch_RoutesByTheCallingWorkloadsLabels()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var v1App = await UpstreamApp.StartAsync("reviews-v1");
        await using var v1 = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", v1App.Port, registry, null, "--version", "v1");
        await using var v2App = await UpstreamApp.StartAsync("reviews-v2");
        await using var v2 = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", v2App.Port, registry, null, "--version", "v2");
        await using var frontApp = await UpstreamApp.StartAsync("productpage-app");
        await using var front = await SidecarTestHost.StartAsync(
            redis.ConnectionString, prefix, "productpage", frontApp.Port, registry, null, "--label", "tier=front");
        await using var otherApp = await UpstreamApp.StartAsync("ratings-app");
        await using var other = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "ratings", otherApp.Port, registry);
        await v1.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await v2.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        var revision = await ApplyAsync(registry, ReviewsBySource);
        await front.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);
        await other.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);
        using var fromFront = front.CreateOutboundClient();
        using var fromOther = other.CreateOutboundClient();

        var frontSees = await fromFront.GetStringAsync("http://reviews:9080/reviews/1");
        var otherSees = await fromOther.GetStringAsync("http://reviews:9080/reviews/1");

        Assert.StartsWith("reviews-v2\n", frontSees, StringComparison.Ordinal);
        Assert.StartsWith("reviews-v1\n", otherSees, StringComparison.Ordinal);
    }

    private static async Task<long> ApplyAsync(RegistryTestHost registry, string yaml)
    {
        using var response = await registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (long)JsonNode.Parse(text)!["revision"]!;
    }
}
