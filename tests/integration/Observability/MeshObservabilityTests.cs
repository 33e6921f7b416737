using GatewayMesh.Cli.Local.Workloads;
using System.Net;
using System.Text.Json;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary>What <c>meshctl up</c> sets up for observability, checked on the real mesh: the Prometheus file-SD targets,
/// a real Prometheus scraping every proxy's <c>/stats/prometheus</c>, the dashboard behind the registry's token,
/// <c>meshctl dashboard</c> and <c>meshctl logs</c>.</summary>
[Collection(ObservabilityMeshCollection.Name)]
public sealed class MeshObservabilityTests(ObservabilityMeshFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>Every Bookinfo workload's sidecar plus the ingress.</summary>
    private static readonly int ProxyCount = WorkloadLauncher.Bookinfo.Count + 1;

    [Fact]
    public void Up_WritesFileSdTargets_ForEveryProxy()
    {
        var targets = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Mesh.Repo.Path, ".meshctl", "prometheus", "targets.json"))).RootElement;
        var proxies = fixture.State.Processes.Where(p => p.Role is not null).ToList();
        Assert.Equal(ProxyCount, proxies.Count);
        Assert.Equal(proxies.Count, targets.GetArrayLength());
        foreach (var proxy in proxies)
        {
            var entry = targets.EnumerateArray().Single(t => t.GetProperty("labels").GetProperty("proxy").GetString() == proxy.Name);
            Assert.Equal($"127.0.0.1:{proxy.Ports["admin"]}", entry.GetProperty("targets")[0].GetString());
            Assert.Equal(proxy.Role, entry.GetProperty("labels").GetProperty("role").GetString());
        }

        var config = File.ReadAllText(Path.Combine(fixture.Mesh.Repo.Path, ".meshctl", "prometheus", "prometheus.yml"));
        Assert.Contains("metrics_path: /stats/prometheus", config);
        Assert.Contains("file_sd_configs:", config);
    }

    [Fact]
    public async Task Prometheus_ScrapesEveryProxy_RuntimeMetricsQueryable()
    {
        await Eventually(async () =>
        {
            var up = await fixture.PromQlAsync("up{job=\"gatewaymesh-proxies\"} == 1");
            return up.GetArrayLength() == ProxyCount ? null : $"{up.GetArrayLength()} of {ProxyCount} proxies up in Prometheus: {up}";
        }, () => fixture.Mesh.Evidence("prometheus"));
        var gc = await fixture.PromQlAsync("sum by (proxy) (dotnet_gc_heap_total_allocated_bytes_total)");
        Assert.Equal(ProxyCount, gc.GetArrayLength());
    }

    [Fact]
    public async Task Dashboard_NeedsTheRegistryToken_AndIsReadOnly()
    {
        using var anonymous = await fixture.Http.GetAsync(new Uri(fixture.DashboardUrl, "/api/graph"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.DashboardUrl, "/api/graph"));
        wrong.Headers.Authorization = new("Bearer", fixture.Token + "x");
        using var refused = await fixture.Http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.DashboardUrl, "/api/graph"));
        post.Headers.Authorization = new("Bearer", fixture.Token);
        using var write = await fixture.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, write.StatusCode);

        await Eventually(async () =>
        {
            var graph = await fixture.DashboardApiAsync("/api/graph");
            var proxies = graph.GetProperty("nodes").EnumerateArray().Where(n => n.TryGetProperty("proxy", out var p) && p.ValueKind == JsonValueKind.Object).ToList();
            return proxies.Count == ProxyCount && proxies.All(n => n.GetProperty("proxy").GetProperty("sync").GetString() == "SYNCED")
                ? null
                : $"expected {ProxyCount} SYNCED proxies: {graph}";
        }, () => fixture.Mesh.Evidence("dashboard"));
        var config = await fixture.DashboardApiAsync("/api/config?service=reviews&namespace=default");
        Assert.Contains(config.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "DestinationRule" && i.GetProperty("name").GetString() == "reviews");
    }

    [Fact]
    public async Task DashboardCommand_PrintsTheSignedInUrl()
    {
        var result = await fixture.Mesh.Cli.RunAsync("dashboard", "-o", "json");
        Assert.True(result.ExitCode == 0, result.Error);
        var url = JsonDocument.Parse(result.Out).RootElement.GetProperty("url").GetString()!;
        Assert.Equal($"{fixture.DashboardUrl.ToString().TrimEnd('/')}/#token={Uri.EscapeDataString(fixture.Token)}", url);
    }

    [Fact]
    public async Task LogsCommand_ShowsTheAppsLinesOrTheProxys()
    {
        var app = await fixture.Mesh.Cli.RunAsync("logs", "reviews-v2", "-c", "app");
        Assert.True(app.ExitCode == 0, app.Error);
        Assert.Contains("bookinfo reviews-v2-", app.Out);
        Assert.DoesNotContain("sidecar reviews inbound", app.Out);

        var proxy = await fixture.Mesh.Cli.RunAsync("logs", "reviews-v2", "--tail", "500");
        Assert.True(proxy.ExitCode == 0, proxy.Error);
        Assert.Contains("sidecar reviews inbound http://127.0.0.1:", proxy.Out);
        Assert.DoesNotContain("      app: bookinfo", proxy.Out);

        var missing = await fixture.Mesh.Cli.RunAsync("logs", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no proxy named \"nosuch\"", missing.Error);
    }

    /// <summary>
    /// Retries <paramref name="check"/> (null = satisfied) until it holds or the deadline passes, then fails with its last
    /// word and what <paramref name="evidence"/> adds (the mesh's log tails).
    /// </summary>
    internal static async Task Eventually(Func<Task<string?>> check, Func<string>? evidence = null)
    {
        var deadline = DateTimeOffset.UtcNow + Deadline;
        string? problem;
        while ((problem = await check()) is not null)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail(evidence is null ? problem : $"{problem}\n{evidence()}");
            }

            var changed = new TaskCompletionSource();
            using var timer = new Timer(_ => changed.TrySetResult(), null, TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);
            await changed.Task;
        }
    }
}
