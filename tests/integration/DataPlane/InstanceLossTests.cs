using System.Diagnostics;
using System.Globalization;
using System.Net;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.IntegrationTests.Up;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.DataPlane;

/// <summary>
/// Destinations without instances: a workload killed without a chance to deregister leaves the pool when its lease
/// expires, and a subset that selects no instance is answered 503 by the sidecar, which the app turns into a
/// degraded page. The killed workload is reviews v3, which no other test of the collection routes to.
/// </summary>
[Collection(BookinfoMeshCollection.Name)]
public sealed class InstanceLossTests(BookinfoMeshFixture mesh, ITestOutputHelper output)
{
    private static readonly Uri Reviews = new("http://reviews:9080/reviews/0");

    [Fact]
    public async Task KilledWorkload_LeaseExpires_LeavesInstancesAndTrafficStopsFailing()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.VirtualService("reviews", "- route: [{destination: {host: reviews}}]"));
        var sidecar = mesh.Process("reviews-v3");
        var address = $"127.0.0.1:{sidecar.Ports["inbound"]}";
        Assert.Contains("v3", await InstanceVersionsAsync());
        Assert.Contains("productpage-v1", await mesh.ProxiesRoutingToAsync(address));
        var app = ChildrenOf(sidecar.Pid);
        Assert.NotEmpty(app);

        PosixSignals.Send(sidecar.Pid, PosixSignals.SigKill);
        app.ForEach(pid => PosixSignals.Send(pid, PosixSignals.SigKill));
        var sinceKill = Stopwatch.StartNew();
        while ((await InstanceVersionsAsync()).Contains("v3"))
        {
            Assert.True(sinceKill.Elapsed < BookinfoMeshFixture.LeaseTtl + BookinfoMeshFixture.SyncDeadline, $"reviews v3 still registered {sinceKill.Elapsed.TotalSeconds:0.0} s after SIGKILL");
            await Task.Delay(100);
        }

        var unlisted = sinceKill.Elapsed;
        var deadline = BookinfoMeshFixture.LeaseTtl + BookinfoMeshFixture.SyncDeadline;
        await mesh.WaitUntilNoProxyRoutesToAsync(address, deadline - sinceKill.Elapsed);
        output.WriteLine(
            $"lease {BookinfoMeshFixture.LeaseTtl.TotalSeconds} s: reviews v3 left meshctl instances {unlisted.TotalSeconds:0.0} s after SIGKILL, " +
            $"and every proxy's pool {sinceKill.Elapsed.TotalSeconds:0.0} s after it");

        var served = new List<string?>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await mesh.ThroughSidecar("productpage-v1").GetAsync(Reviews);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i}: HTTP {(int)response.StatusCode} {body}");
            served.Add(ProductPages.PodVersion(body));
        }

        Assert.Equal(["v1", "v2"], served.Distinct().Order());
    }

    [Fact]
    public async Task SubsetWithoutInstances_PageDegradesAndSidecarAnswers503NoHealthyUpstream()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsSubsetsWithEmptyV4 + "\n---\n" + MeshConfigs.ReviewsTo("v4"));

        using var page = await mesh.Ingress.GetAsync(new Uri("/productpage", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(ProductPages.ReviewsUnavailable, html);
        Assert.Null(ProductPages.ReviewsVersion(html));

        using var direct = await mesh.ThroughSidecar("productpage-v1").GetAsync(Reviews);
        var body = await direct.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, direct.StatusCode);
        Assert.StartsWith("no healthy upstream", body, StringComparison.Ordinal);
        Assert.Contains("reviews", body);
        Assert.Contains("v4", body);
    }

    private async Task<List<string>> InstanceVersionsAsync()
    {
        var result = await mesh.MeshctlAsync("instances", "reviews", "-o", "json");
        Assert.True(result.ExitCode == 0, result.Error);
        return LocalMesh.Json(result.Out).GetProperty("items").EnumerateArray()
            .Select(lease => lease.GetProperty("instance").GetProperty("labels").GetProperty("version").GetString()!)
            .ToList();
    }

    /// <summary>The processes whose parent is <paramref name="pid"/> (the sidecar's app), from /proc/*/stat.</summary>
    private static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // state, ppid, ...
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
                {
                    children.Add(candidate);
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return children;
    }
}
