using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Sidecar;
using Xunit;

namespace GatewayMesh.IntegrationTests.Legacy;

/// <summary>
/// Istio 0.x RouteRules (Bookinfo's own routing tasks, <c>configs/bookinfo-legacy</c>) applied through a real registry
/// steer real calls between real sidecars as their v1 equivalents do: all-v1, the <c>user=jason</c> cookie to v2, and a
/// 50/50 split between v1 and v3; and so do the v1 resources <c>meshctl convert</c> prints for them.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class LegacyRuleTrafficTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BookinfoRouteRules_AllV1_CookieToV2_ThenFiftyFiftyV1V3(bool converted)
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        var owned = new List<IAsyncDisposable>();
        try
        {
            var versions = new List<SidecarTestHost>();
            foreach (var version in new[] { "v1", "v2", "v3" })
            {
                var app = await UpstreamApp.StartAsync($"reviews-{version}");
                owned.Add(app);
                var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", app.Port, registry, null, "--version", version);
                owned.Add(sidecar);
                versions.Add(sidecar);
            }

            var productApp = await UpstreamApp.StartAsync("productpage-app");
            owned.Add(productApp);
            var productpage = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "productpage", productApp.Port, registry);
            owned.Add(productpage);
            foreach (var sidecar in versions)
            {
                await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
            }

            using var client = productpage.CreateOutboundClient();

            await productpage.State.WaitForRevisionAsync(await LegacyFiles.ApplyAsync(registry, converted, "route-rule-all-v1.yaml", "route-rule-reviews-test-v2.yaml")).WaitAsync(WaitTimeout);
            var plain = await CountAsync(client, 20, cookie: null);
            var jason = await CountAsync(client, 20, cookie: "session=1;user=jason");
            var other = await CountAsync(client, 20, cookie: "user=jasonx");
            Assert.True(plain.GetValueOrDefault("reviews-v1") == 20, Show(plain));
            Assert.True(jason.GetValueOrDefault("reviews-v2") == 20, Show(jason));
            Assert.True(other.GetValueOrDefault("reviews-v1") == 20, Show(other));

            // 50-v3 replaces all-v1's reviews-default (same name); test-v2 again, because convert prints one VirtualService per host from the rules it is given
            await productpage.State.WaitForRevisionAsync(await LegacyFiles.ApplyAsync(registry, converted, "route-rule-reviews-test-v2.yaml", "route-rule-reviews-50-v3.yaml")).WaitAsync(WaitTimeout);
            const int requests = 400;
            var split = await CountAsync(client, requests, cookie: null);
            Assert.Equal(requests, split.GetValueOrDefault("reviews-v1") + split.GetValueOrDefault("reviews-v3"));
            // Binomial(400, 0.5): the standard deviation is 10, so 200 +- 60 fails a correct split with p < 1e-8.
            Assert.InRange(split.GetValueOrDefault("reviews-v1"), 140, 260);
            Assert.Equal(20, (await CountAsync(client, 20, cookie: "user=jason")).GetValueOrDefault("reviews-v2"));
        }
        finally
        {
            owned.Reverse();
            foreach (var item in owned)
            {
                await item.DisposeAsync();
            }
        }
    }

    private static string Show(Dictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));

    private static async Task<Dictionary<string, int>> CountAsync(HttpClient client, int requests, string? cookie)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/reviews/0");
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            var instance = body.Split('\n')[0];
            counts[instance] = counts.GetValueOrDefault(instance) + 1;
        }

        return counts;
    }
}
