using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Identity;
using GatewayMesh.IntegrationTests.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using GatewayMesh.Sidecar.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// Istio's health checking of WorkloadGroup members through the real path: a real CA, a registry on Redis, the member's
/// sidecar (joined with <c>--workload-group</c>) running the group's httpGet probe against an app whose health the test
/// flips, and a caller's sidecar. Registry and member share one fake clock, so every probe period is a clock move, not
/// a wait. The member takes traffic only after successThreshold passes, stops after failureThreshold failures (not
/// before), comes back after successThreshold passes again, and its WorkloadEntry's Healthy condition follows.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class WorkloadGroupProbeTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = WorkloadGroupHarness.WaitTimeout;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    private const string EntryPath = "/api/v1/configs/WorkloadEntry/default/ratings-vm-127.0.0.1";
    private const string Url = "http://ratings:9080/ratings/0";

    private static string Group(int appPort) => $$"""
        apiVersion: networking.istio.io/v1
        kind: WorkloadGroup
        metadata: {name: ratings-vm, namespace: default}
        spec:
          template:
            labels: {app: ratings, version: v1}
            ports: {http: 9080}
            serviceAccount: bookinfo-ratings
          probe:
            periodSeconds: 5
            timeoutSeconds: 2
            successThreshold: 2
            failureThreshold: 3
            httpGet:
              path: /healthz
              port: {{appPort}}
              httpHeaders: [{name: x-probe, value: istio}]
        """;

    [Fact]
    public async Task WorkloadGroupProbe_AppTurnsUnhealthy_TrafficStopsAfterFailureThreshold_ReturnsAfterSuccessThreshold()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var ca = await RealCaHost.StartAsync();
        await using var registry = await WorkloadGroupHarness.StartRegistryAsync(redis, time, ca);
        await using var vmApp = await HealthFlipApp.StartAsync("ratings-vm");
        await using var vm = await JoinGroupAsync(time, ca, registry, vmApp);
        var prober = vm.App.Services.GetRequiredService<GroupHealthProber>();
        await vm.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);

        // The first pass is 1 of 2: the member is reported, and stays, unhealthy (Istio: no traffic before the probe passed).
        await prober.WaitForProbeCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        Assert.False(prober.ReportedHealth);
        var entry = await EntryAsync(registry);
        Assert.Equal("true", (string?)entry["metadata"]!["annotations"]!["proxy.istio.io/health-checks-enabled"]);
        Assert.Equal("False", HealthyCondition(entry));

        await using var productApp = await UpstreamApp.StartAsync("productpage-app");
        await using var caller = await SidecarTestHost.StartAsync(redis.ConnectionString, registry.Prefix, "productpage", productApp.Port, registry.Host,
            extraArgs: [.. ca.ProxyArgs(WorkloadGroupHarness.Identity("productpage")), "--lease-ttl", "60s"]);
        await caller.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await WorkloadGroupHarness.WaitForCertificateAsync(caller);
        using var client = caller.CreateOutboundClient();
        await AssertNoTrafficAsync(registry, caller, client, vmApp);

        await ProbeOnceMoreAsync(time, prober, 2); // 2 of 2 passes: healthy
        Assert.True(prober.ReportedHealth);
        Assert.Equal("True", HealthyCondition(await EntryAsync(registry)));
        await AssertTrafficAsync(registry, caller, client);

        vmApp.Healthy = false; // /healthz answers 500 from now on
        await ProbeOnceMoreAsync(time, prober, 3);
        await ProbeOnceMoreAsync(time, prober, 4);
        Assert.True(prober.ReportedHealth); // 2 failures of 3: still taking traffic
        await AssertTrafficAsync(registry, caller, client);
        await ProbeOnceMoreAsync(time, prober, 5);
        Assert.False(prober.ReportedHealth);
        entry = await EntryAsync(registry);
        Assert.Equal("False", HealthyCondition(entry));
        Assert.Equal("ProbeFailed", (string?)Condition(entry)["reason"]);
        await AssertNoTrafficAsync(registry, caller, client, vmApp);

        vmApp.Healthy = true;
        await ProbeOnceMoreAsync(time, prober, 6);
        Assert.False(prober.ReportedHealth); // 1 pass of 2
        await AssertNoTrafficAsync(registry, caller, client, vmApp);
        await ProbeOnceMoreAsync(time, prober, 7);
        Assert.True(prober.ReportedHealth);
        Assert.Equal("True", HealthyCondition(await EntryAsync(registry)));
        await AssertTrafficAsync(registry, caller, client);
        Assert.True(vmApp.Probes >= 7);
    }

    [Fact]
    public async Task Register_HealthyVerdictNotSigned_Refused401()
    {
        // The verdict is part of the signed statement: a proof for "register" cannot be replayed as "healthy=true".
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var ca = await RealCaHost.StartAsync();
        await using var registry = await WorkloadGroupHarness.StartRegistryAsync(redis, time, ca);
        await using var vmApp = await HealthFlipApp.StartAsync("ratings-vm");
        await using var vm = await JoinGroupAsync(time, ca, registry, vmApp);
        await vm.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        var certificate = vm.App.Services.GetRequiredService<GatewayMesh.Proxy.Identity.IWorkloadCertificateSource>().Current!;
        var port = vm.Listeners.InboundUri.Port;
        var proof = WorkloadProof.Sign(certificate.Leaf, certificate.Intermediates,
            WorkloadProof.GroupRegistrationStatement("default", "ratings-vm", "127.0.0.1", port, null), time.GetUtcNow());
        var body = new GroupRegistration("127.0.0.1", port, null, 60, proof, Healthy: true);

        using var response = await registry.Host.Client.PostAsync("/api/v1/workloadgroups/default/ratings-vm/register",
            System.Net.Http.Json.JsonContent.Create(body, GatewayMesh.Core.Config.Serialization.MeshJson.TypeInfo<GroupRegistration>()));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("proof.signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Applies the ratings-vm WorkloadGroup probing <paramref name="app"/>, and starts the member's sidecar joined with <c>--workload-group</c>.</summary>
    private async Task<SidecarTestHost> JoinGroupAsync(FakeTimeProvider time, RealCaHost ca, TestRegistry registry, HealthFlipApp app)
    {
        await WorkloadGroupHarness.ApplyAsync(registry, Group(app.Port));
        return await SidecarTestHost.StartAsync(redis.ConnectionString, registry.Prefix, "ratings", app.Port, registry.Host, time,
            [.. ca.ProxyArgs(WorkloadGroupHarness.Identity("bookinfo-ratings")), "--service-account", "bookinfo-ratings", "--workload-group", "default/ratings-vm", "--lease-ttl", "60s"]);
    }

    /// <summary>Moves the shared clock one period: the member's prober runs its next probe and reports a changed verdict.</summary>
    private static async Task ProbeOnceMoreAsync(FakeTimeProvider time, GroupHealthProber prober, int count)
    {
        time.Advance(Period);
        await prober.WaitForProbeCountAsync(count, CancellationToken.None).WaitAsync(WaitTimeout);
    }

    private static async Task AssertTrafficAsync(TestRegistry registry, SidecarTestHost caller, HttpClient client)
    {
        await caller.State.WaitForRevisionAsync(await WorkloadGroupHarness.RevisionAsync(registry)).WaitAsync(WaitTimeout);
        using var response = await client.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ratings-vm\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertNoTrafficAsync(TestRegistry registry, SidecarTestHost caller, HttpClient client, HealthFlipApp app)
    {
        await caller.State.WaitForRevisionAsync(await WorkloadGroupHarness.RevisionAsync(registry)).WaitAsync(WaitTimeout);
        var served = app.Served;
        using var response = await client.GetAsync(Url);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(served, app.Served);
    }

    private static async Task<JsonNode> EntryAsync(TestRegistry registry) =>
        JsonNode.Parse(await registry.Host.Client.GetStringAsync(EntryPath))!;

    private static JsonNode Condition(JsonNode entry) =>
        entry["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Healthy")!;

    private static string? HealthyCondition(JsonNode entry) => (string?)Condition(entry)["status"];
}
