using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// WorkloadEntries through a real registry, Redis and a real client sidecar: two processes outside the mesh (no
/// sidecar, no registration) become the instances of <c>ratings</c> by config alone, a DestinationRule subset selects
/// one by its entry's labels, and deleting the entries takes them out of the service again.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class WorkloadEntryTrafficTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WorkloadEntries_JoinTheServiceByAppLabel_SubsetSelectsByLabels_DeleteRemovesThem()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var vmV1 = await UpstreamApp.StartAsync("ratings-vm-v1");
        await using var vmV2 = await UpstreamApp.StartAsync("ratings-vm-v2");
        await using var productApp = await UpstreamApp.StartAsync("productpage-app");
        await using var productpage = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "productpage", productApp.Port, registry);
        using var client = productpage.CreateOutboundClient();

        await ApplyAsync(registry, productpage, $"{Entry("ratings-vm-1", "v1", vmV1.Port)}\n---\n{Entry("ratings-vm-2", "v2", vmV2.Port)}");
        var seen = new HashSet<string>();
        for (var i = 0; i < 40 && seen.Count < 2; i++)
        {
            seen.Add((await client.GetStringAsync("http://ratings:9080/ratings/0")).Split('\n')[0]);
        }

        Assert.Equal(["ratings-vm-v1", "ratings-vm-v2"], seen.Order(StringComparer.Ordinal));

        await ApplyAsync(registry, productpage, """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: ratings, namespace: default}
            spec:
              host: ratings
              subsets: [{name: v2, labels: {version: v2}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings, namespace: default}
            spec:
              hosts: [ratings]
              http: [{route: [{destination: {host: ratings, subset: v2}}]}]
            """);
        for (var i = 0; i < 10; i++)
        {
            Assert.StartsWith("ratings-vm-v2\n", await client.GetStringAsync("http://ratings:9080/ratings/0"), StringComparison.Ordinal);
        }

        await DeleteAsync(registry, productpage, "ratings-vm-1");
        await DeleteAsync(registry, productpage, "ratings-vm-2");
        using var gone = await client.GetAsync("http://ratings:9080/ratings/0");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
    }

    private static string Entry(string name, string version, int port) => $$"""
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: {{name}}, namespace: default}
        spec:
          address: 127.0.0.1
          ports: {http: {{port}}}
          labels: {app: ratings, version: {{version}}}
          serviceAccount: bookinfo-ratings
        """;

    private static async Task ApplyAsync(RegistryTestHost registry, SidecarTestHost proxy, string yaml)
    {
        using var response = await registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        await proxy.State.WaitForRevisionAsync((long)JsonNode.Parse(text)!["revision"]!).WaitAsync(WaitTimeout);
    }

    private static async Task DeleteAsync(RegistryTestHost registry, SidecarTestHost proxy, string name)
    {
        using var response = await registry.Client.DeleteAsync($"/api/v1/configs/WorkloadEntry/default/{name}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var revision = JsonNode.Parse(await registry.Client.GetStringAsync("/api/v1/revision"))!["revision"]!;
        await proxy.State.WaitForRevisionAsync((long)revision).WaitAsync(WaitTimeout);
    }
}
