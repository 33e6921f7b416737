using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// Istio's WorkloadGroup auto-registration through the real path: a real CA, a registry on Redis (on a fake clock, so
/// the cleanup grace is driven, not waited for), and sidecars started with <c>--workload-group</c>. The member's entry
/// is made from the group's template, a caller reaches it by the group's service, its entry is removed once its proxy
/// has been gone for the grace period, and a proxy with another identity is refused.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class WorkloadGroupAutoRegistrationTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = WorkloadGroupHarness.WaitTimeout;
    private const string EntryPath = "/api/v1/configs/WorkloadEntry/default/ratings-vm-127.0.0.1";

    private const string Group = """
        apiVersion: networking.istio.io/v1
        kind: WorkloadGroup
        metadata: {name: ratings-vm, namespace: default}
        spec:
          metadata:
            labels: {team: ratings}
          template:
            labels: {app: ratings, version: v1}
            ports: {http: 9080}
            serviceAccount: bookinfo-ratings
            locality: region1/zone1
        """;

    [Fact]
    public async Task WorkloadGroup_MemberJoinsWithItsCertificate_CallerReachesIt_EntryRemovedAfterGrace()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var ca = await RealCaHost.StartAsync();
        await using var registry = await WorkloadGroupHarness.StartRegistryAsync(redis, time, ca);
        await WorkloadGroupHarness.ApplyAsync(registry, Group);
        await using var vmApp = await UpstreamApp.StartAsync("ratings-vm");
        await using var vm = await SidecarTestHost.StartAsync(redis.ConnectionString, registry.Prefix, "ratings", vmApp.Port, registry.Host,
            extraArgs: [.. ca.ProxyArgs(WorkloadGroupHarness.Identity("bookinfo-ratings")), "--service-account", "bookinfo-ratings", "--workload-group", "default/ratings-vm", "--lease-ttl", "60s"]);
        await vm.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);

        var entry = JsonNode.Parse(await registry.Host.Client.GetStringAsync(EntryPath))!;
        Assert.Equal("ratings-vm", (string?)entry["metadata"]!["annotations"]!["istio.io/autoRegistrationGroup"]);
        Assert.Equal("ratings", (string?)entry["metadata"]!["labels"]!["team"]);
        Assert.Equal("127.0.0.1", (string?)entry["spec"]!["address"]);
        Assert.Equal("bookinfo-ratings", (string?)entry["spec"]!["serviceAccount"]);
        Assert.Equal("region1/zone1", (string?)entry["spec"]!["locality"]);
        Assert.Equal(9080, (int)entry["spec"]!["ports"]!["http"]!);
        Assert.Equal("ratings", (string?)entry["spec"]!["labels"]!["app"]);
        Assert.Equal("default/ratings/workloadentry-ratings-vm-127.0.0.1", vm.Registration.Key.ToString());

        await using var productApp = await UpstreamApp.StartAsync("productpage-app");
        await using var caller = await SidecarTestHost.StartAsync(redis.ConnectionString, registry.Prefix, "productpage", productApp.Port, registry.Host,
            extraArgs: [.. ca.ProxyArgs(WorkloadGroupHarness.Identity("productpage")), "--lease-ttl", "60s"]);
        await caller.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await WorkloadGroupHarness.WaitForCertificateAsync(caller);
        await caller.State.WaitForRevisionAsync(await WorkloadGroupHarness.RevisionAsync(registry)).WaitAsync(WaitTimeout);
        using var client = caller.CreateOutboundClient();
        Assert.StartsWith("ratings-vm\n", await client.GetStringAsync("http://ratings:9080/ratings/0"), StringComparison.Ordinal);

        var disconnected = registry.Host.Logs.WaitForAsync(line => line.Contains("ratings-vm-127.0.0.1 went away", StringComparison.Ordinal));
        await vm.StopAsync(); // deregisters: the instance goes at once, the entry stays for the grace period
        time.Advance(TimeSpan.FromSeconds(1));
        await disconnected.WaitAsync(WaitTimeout);
        var marked = JsonNode.Parse(await registry.Host.Client.GetStringAsync(EntryPath))!;
        Assert.NotNull(marked["metadata"]!["annotations"]!["istio.io/disconnectedAt"]);
        await caller.State.WaitForRevisionAsync(await WorkloadGroupHarness.RevisionAsync(registry)).WaitAsync(WaitTimeout);
        using (var gone = await client.GetAsync("http://ratings:9080/ratings/0"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode); // a disconnected member takes no traffic
        }

        var removed = registry.Host.Logs.WaitForAsync(line => line.Contains("Removed auto-registered WorkloadEntry default/ratings-vm-127.0.0.1", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromSeconds(10));
        await removed.WaitAsync(WaitTimeout);
        using var deleted = await registry.Host.Client.GetAsync(EntryPath);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task WorkloadGroup_ProxyWithAnotherServiceAccount_IsRefused_NoEntry()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var ca = await RealCaHost.StartAsync();
        await using var registry = await WorkloadGroupHarness.StartRegistryAsync(redis, time, ca);
        await WorkloadGroupHarness.ApplyAsync(registry, Group);
        var refused = registry.Host.Logs.WaitForAsync(line => line.Contains("spiffe://cluster.local/ns/default/sa/intruder may not join WorkloadGroup default/ratings-vm", StringComparison.Ordinal));
        await using var vmApp = await UpstreamApp.StartAsync("intruder");
        await using var vm = await SidecarTestHost.StartAsync(redis.ConnectionString, registry.Prefix, "ratings", vmApp.Port, registry.Host,
            extraArgs: [.. ca.ProxyArgs(WorkloadGroupHarness.Identity("intruder")), "--service-account", "intruder", "--workload-group", "default/ratings-vm"]);

        await refused.WaitAsync(WaitTimeout);
        Assert.False(vm.Registration.IsRegistered);
        using var entry = await registry.Host.Client.GetAsync(EntryPath);
        Assert.Equal(HttpStatusCode.NotFound, entry.StatusCode);
        var instances = JsonNode.Parse(await registry.Host.Client.GetStringAsync("/api/v1/instances?service=ratings"))!;
        Assert.Empty(instances["items"]!.AsArray());
    }

    [Fact]
    public async Task Register_BadFieldsOrNoTrustBundle_RefusedWithReasons_NothingWritten()
    {
        await using var host = await RegistryTestHost.StartAsync(); // in memory, and no --ca-root-file
        using (var applied = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(Group)))
        {
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        }

        using var bad = await host.Client.PostAsync("/api/v1/workloadgroups/default/ratings-vm/register",
            RegistryTestHost.Json("""{"address": "vm-1", "port": 0, "leaseSeconds": 0}"""));
        var details = (await RegistryTestHost.ReadJsonAsync(bad))["details"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["address", "port", "leaseSeconds", "proof"], details.Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)]));

        using var missing = await host.Client.PostAsync("/api/v1/workloadgroups/default/no-such-group/register", RegistryTestHost.Json(AnyProofBody));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var unchecked_ = await host.Client.PostAsync("/api/v1/workloadgroups/default/ratings-vm/register", RegistryTestHost.Json(AnyProofBody));
        Assert.Equal(HttpStatusCode.Forbidden, unchecked_.StatusCode);
        Assert.Contains("--ca-root-file", await unchecked_.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var entry = await host.Client.GetAsync(EntryPath);
        Assert.Equal(HttpStatusCode.NotFound, entry.StatusCode);
    }

    private const string AnyProofBody =
        """{"address": "127.0.0.1", "port": 15006, "leaseSeconds": 10, "proof": {"certificates": ["x"], "signedAtUnixMs": 0, "signature": "AA=="}}""";
}
