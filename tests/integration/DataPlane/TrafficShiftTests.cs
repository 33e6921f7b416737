using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GatewayMesh.Cli.Local.Processes;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.DataPlane;

/// <summary>
/// Traffic shifting over the whole mesh: requests enter at the ingress, productpage's sidecar routes its calls to
/// reviews by the VirtualService in force, and the page names the reviews instance that answered. Each test applies
/// the reviews VirtualService it needs first, so the order of the tests does not matter.
/// </summary>
[Collection(BookinfoMeshCollection.Name)]
public sealed class TrafficShiftTests(BookinfoMeshFixture mesh, ITestOutputHelper output)
{
    [Fact]
    public async Task WeightedReviews90To10_1000PagesThroughIngress_SplitWithin4Points()
    {
        await mesh.WaitForProxiesAsync(await mesh.ApplyBookinfoAsync("virtual-service-reviews-90-10.yaml"));
        var versions = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var watch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var response = await mesh.Ingress.GetAsync(new Uri("/productpage", UriKind.Relative), ct);
            var page = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK || ProductPages.ReviewsVersion(page) is not { } version)
            {
                failures.Enqueue($"HTTP {(int)response.StatusCode}: {ProductPages.Summary(page)}");
                return;
            }

            versions.AddOrUpdate(version, 1, (_, n) => n + 1);
        });

        output.WriteLine($"meshctl up took {mesh.UpTime.TotalSeconds:0.0} s");
        output.WriteLine($"1000 pages in {watch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", versions.OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}"))}");
        Assert.True(failures.IsEmpty, $"{failures.Count} failed, e.g. {failures.FirstOrDefault()}");
        Assert.Equal(["v1", "v2"], versions.Keys.Order());
        Assert.InRange(versions["v1"], 860, 940);
        Assert.InRange(versions["v2"], 60, 140);
    }

    [Fact]
    public async Task ReviewsTestV2_JasonSignedIn_V2BlackStars_AnonymousV1()
    {
        await mesh.WaitForProxiesAsync(await mesh.ApplyBookinfoAsync("virtual-service-reviews-test-v2.yaml"));
        var cookie = await SignInAsync("jason");

        for (var i = 0; i < 5; i++)
        {
            var jason = await PageAsync(cookie);
            Assert.True(ProductPages.ReviewsVersion(jason) == "v2", $"page {i} for jason: {ProductPages.Summary(jason)}");
            Assert.Contains("class=\"star-black\"", jason);
            Assert.Contains("jason", jason);

            var anonymous = await PageAsync(cookie: null);
            Assert.True(ProductPages.ReviewsVersion(anonymous) == "v1", $"anonymous page {i}: {ProductPages.Summary(anonymous)}");
            Assert.DoesNotContain("class=\"star-", anonymous);
        }
    }

    [Fact]
    public async Task NewVirtualService_AppliedWhileRunning_TrafficMovesWithoutRestart()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v1"));
        Assert.Equal("v1", ProductPages.ReviewsVersion(await PageAsync(cookie: null)));
        var processes = mesh.State.Processes.Where(ProcessSupervisor.IsAlive).ToList();

        var revision = await mesh.ApplyAsync(MeshConfigs.ReviewsTo("v2"));
        var sinceApply = Stopwatch.StartNew();
        var requests = 0;
        while (ProductPages.ReviewsVersion(await PageAsync(cookie: null)) != "v2")
        {
            requests++;
            Assert.True(sinceApply.Elapsed < BookinfoMeshFixture.SyncDeadline, $"still not v2 {sinceApply.Elapsed.TotalSeconds:0.0} s after apply (revision {revision})");
        }

        var firstRequest = sinceApply.Elapsed;
        await mesh.WaitForProxiesAsync(revision);
        output.WriteLine(
            $"revision {revision}: first page from reviews v2 {firstRequest.TotalMilliseconds:0} ms after apply returned " +
            $"({requests} pages before it still showed v1); every proxy at the revision after {sinceApply.Elapsed.TotalMilliseconds:0} ms");

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("v2", ProductPages.ReviewsVersion(await PageAsync(cookie: null)));
        }

        Assert.All(processes, process => Assert.True(ProcessSupervisor.IsAlive(process), $"{process.Name} was restarted or stopped"));
    }

    /// <summary>Signs in through the ingress as productpage's form does; returns the <c>end-user</c> cookie it set.</summary>
    private async Task<string> SignInAsync(string user)
    {
        using var response = await mesh.Ingress.PostAsync(
            new Uri("/login", UriKind.Relative), new FormUrlEncodedContent([new("username", user)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("end-user=", StringComparison.Ordinal));
        return setCookie.Split(';', 2)[0];
    }

    private async Task<string> PageAsync(string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/productpage", UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await mesh.Ingress.SendAsync(request);
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {page}");
        return page;
    }
}
