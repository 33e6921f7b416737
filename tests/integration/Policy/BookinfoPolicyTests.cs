using System.Diagnostics;
using System.Net;
using GatewayMesh.IntegrationTests.DataPlane;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.Policy;

[CollectionDefinition(Name)]
public sealed class PolicyMeshCollection : ICollectionFixture<BookinfoMeshFixture>
{
    public const string Name = "Bookinfo policy mesh (meshctl up)";
}

/// <summary>
/// Istio's Bookinfo policy tasks on their own <c>meshctl up</c> mesh (the shared mesh's tests may kill reviews v3,
/// which these need): the denial of reviews v3 → ratings in both Mixer forms, the version whitelist, and the memquota
/// of 2 requests per 5 s on productpage, each applied with <c>meshctl apply</c> as Istio's YAML and removed after.
/// </summary>
[Collection(PolicyMeshCollection.Name)]
public sealed class BookinfoPolicyTests(BookinfoMeshFixture mesh, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(30);

    /// <summary>The memquota window of configs/policy/mixer-rule-productpage-ratelimit.yaml (<c>validDuration: 5s</c>).</summary>
    private static readonly TimeSpan ProductpageQuotaWindow = TimeSpan.FromSeconds(5);
    private readonly List<string> _applied = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Removes what the test applied (rules first, so no reference breaks) and routes reviews back to v1.</summary>
    public async Task DisposeAsync()
    {
        foreach (var file in _applied)
        {
            var result = await mesh.MeshctlAsync("delete", "-f", Path.Combine(AppContext.BaseDirectory, "configs", "policy", file));
            output.WriteLine($"delete -f {file}: {result.ExitCode} {result.Error}");
        }

        await mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v1"));
    }

    private async Task ApplyPolicyAsync(string file)
    {
        _applied.Add(file);
        await mesh.ApplyAndSyncAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", file)));
    }

    private async Task<string> PageAsync()
    {
        using var response = await mesh.Ingress.GetAsync(new Uri("/productpage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// The inbound sidecar of ratings learns its caller's labels (<c>source.labels["version"]</c>) from Istio's metadata
    /// exchange, believed because it came over mTLS from a certificate of the same namespace and service account: every
    /// reviews version shares one service account, so the mTLS identity alone could not tell v3 from v1.
    /// </summary>
    [Theory]
    [InlineData("mixer-rule-deny-label.yaml")]
    [InlineData("mixer-rule-deny-label-crd.yaml")]
    [InlineData("mixer-rule-deny-whitelist.yaml")]
    [InlineData("mixer-rule-deny-whitelist-crd.yaml")]
    public async Task PolicyTask_ReviewsV3PagesShowRatingsUnavailable_OtherVersionsUnaffected(string file)
    {
        await ApplyPolicyAsync(file);

        foreach (var version in new[] { "v3", "v2" })
        {
            await mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo(version));
            var page = await PageAsync();
            Assert.True(ProductPages.ReviewsVersion(page) == version, $"{version}: {ProductPages.Summary(page)}");
            if (version == "v3")
            {
                Assert.Contains(ProductPages.RatingsUnavailable, page);
            }
            else
            {
                Assert.DoesNotContain(ProductPages.RatingsUnavailable, page);
                Assert.Contains("class=\"star-", page, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task DenyRule_RatingsAnswersReviewsV3With403AndMixersBody()
    {
        await ApplyPolicyAsync("mixer-rule-deny-label.yaml");

        using var v3 = await mesh.ThroughSidecar("reviews-v3").GetAsync(new Uri("http://ratings:9080/ratings/0"));
        using var v1 = await mesh.ThroughSidecar("reviews-v1").GetAsync(new Uri("http://ratings:9080/ratings/0"));

        Assert.Equal(HttpStatusCode.Forbidden, v3.StatusCode);
        Assert.Equal("PERMISSION_DENIED:denyreviewsv3handler.default:Not allowed", (await v3.Content.ReadAsStringAsync()).TrimEnd('\n'));
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
    }

    [Fact]
    public async Task MemQuota_TwoPerFiveSecondsOnProductpage_ThirdGets429_ThenRecovers()
    {
        await ApplyPolicyAsync("mixer-rule-productpage-ratelimit.yaml");

        var statuses = new List<HttpStatusCode>();
        string? refusal = null;
        for (var i = 0; i < 3; i++)
        {
            using var response = await mesh.Ingress.GetAsync(new Uri("/productpage", UriKind.Relative));
            statuses.Add(response.StatusCode);
            refusal = await response.Content.ReadAsStringAsync();
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("RESOURCE_EXHAUSTED:Quota is exhausted for: requestcountquota", refusal!.TrimEnd('\n'));

        // The window is real time here (the mesh's own processes): wait for the end of the config's window (an event from
        // the clock, not a polling pause), then ask until the quota grants again, observing, never asserting its length.
        var waited = Stopwatch.StartNew();
        var windowEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (TimeProvider.System.CreateTimer(_ => windowEnd.TrySetResult(), null, ProductpageQuotaWindow, Timeout.InfiniteTimeSpan))
        {
            await windowEnd.Task.WaitAsync(RecoveryDeadline);
        }

        while (true)
        {
            using var response = await mesh.Ingress.GetAsync(new Uri("/productpage", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(waited.Elapsed < RecoveryDeadline, $"still {(int)response.StatusCode} after {waited.Elapsed.TotalSeconds:0.0} s");
        }

        output.WriteLine($"recovered {waited.Elapsed.TotalSeconds:0.0} s after the third request");
    }
}
