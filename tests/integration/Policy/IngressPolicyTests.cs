using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.Proxy.Policy;
using GatewayMesh.Proxy.Policy.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>
/// Policy at the ingress, through real sockets and a real Redis: Mixer checks, memquota, local and global rate limits,
/// live changes, and Mixer telemetry, with the proxy's clock fake so windows and buckets move only when a test says.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class IngressPolicyTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CapturedOutput _stdout = new();
    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis, services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            // Every global-limit call must be counted in Redis, however loaded the machine: no fail-open after 250 ms.
            services.AddSingleton(new PolicyOptions { SharedCounterTimeout = IngressHarness.Timeout });
            services.AddSingleton(new StdioLogWriter(_stdout, _stdout));
        });
        await _ingress.AddUpstreamAsync("productpage", "productpage-1");
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(PolicyConfigs.ProductpageRoute));
    }

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    private async Task ApplyAsync(string yaml) => await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(yaml));

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/productpage");
        if (user is not null)
        {
            request.Headers.Add("x-user", user);
        }

        var response = await _ingress.Client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'), response);
    }

    [Fact]
    public async Task Denier_MatchingCall_Gets403WithMixersBody_OthersPass()
    {
        await ApplyAsync(PolicyConfigs.DenyBlockedUser);

        var blocked = await GetAsync("blocked");
        var other = await GetAsync("jason");

        Assert.Equal(HttpStatusCode.Forbidden, blocked.Status);
        Assert.Equal("PERMISSION_DENIED:denyblocked.istio-system:blocked user", blocked.Body);
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task Rules_AppliedAndDeleted_TakeEffectLive()
    {
        var before = await GetAsync("blocked");
        await ApplyAsync(PolicyConfigs.DenyBlockedUser);
        var during = await GetAsync("blocked");
        await _ingress.WaitForRevisionAsync(await _ingress.DeleteAsync("rule", "istio-system", "denyblocked"));
        var after = await GetAsync("blocked");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.OK], [before.Status, during.Status, after.Status]);
    }

    [Fact]
    public async Task ListChecker_Whitelist_RefusesWhatIsNotOnIt()
    {
        await ApplyAsync(PolicyConfigs.UserWhitelist);

        var jason = await GetAsync("JASON");
        var alice = await GetAsync("alice");
        var mallory = await GetAsync("mallory");
        var anonymous = await GetAsync();

        Assert.Equal(HttpStatusCode.OK, jason.Status);
        Assert.Equal(HttpStatusCode.OK, alice.Status);
        Assert.Equal(HttpStatusCode.Forbidden, mallory.Status);
        Assert.Equal("PERMISSION_DENIED:users.listchecker.istio-system:mallory is not whitelisted", mallory.Body);
        Assert.Equal("PERMISSION_DENIED:users.listchecker.istio-system:anonymous is not whitelisted", anonymous.Body);
    }

    [Fact]
    public async Task MemQuota_TwoPerFiveSecondsOnProductpage_RefusesTheThirdAndRecovers()
    {
        await ApplyAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", "mixer-rule-productpage-ratelimit.yaml")));

        var first = await GetAsync();
        var second = await GetAsync();
        var third = await GetAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        var recovered = await GetAsync();

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], [first.Status, second.Status, third.Status, recovered.Status]);
        Assert.Equal("RESOURCE_EXHAUSTED:Quota is exhausted for: requestcountquota", third.Body);
    }

    [Fact]
    public async Task LocalRateLimit_EmptyBucket_Gets429WithEnvoysHeader_AndRefills()
    {
        await ApplyAsync(PolicyConfigs.LocalRateLimit);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await GetAsync()).Status);
        }

        var limited = await GetAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var refilled = await GetAsync();

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("true", limited.Response.Headers.GetValues("x-envoy-ratelimited").Single());
        Assert.Equal(HttpStatusCode.OK, refilled.Status);
    }

    [Fact]
    public async Task GlobalRateLimit_CountsPerDescriptorInRedis_WithRateLimitHeaders()
    {
        await ApplyAsync(PolicyConfigs.GlobalRateLimit);

        var jason = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            jason.Add((await GetAsync("jason")).Response);
        }

        var alice = (await GetAsync("alice")).Response;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], jason.Select(r => r.StatusCode));
        Assert.Equal(["2", "1", "0", "0"], jason.Select(r => r.Headers.GetValues("X-RateLimit-Remaining").Single()));
        Assert.All(jason, r => Assert.Equal("3", r.Headers.GetValues("X-RateLimit-Limit").Single()));
        Assert.All(jason, r => Assert.InRange(int.Parse(r.Headers.GetValues("X-RateLimit-Reset").Single()), 1, 60));
        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
    }

    [Fact]
    public async Task LogEntry_StdioHandler_WritesTheExpectedJsonLine()
    {
        await ApplyAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", "mixer-rule-newlog.yaml")));

        await GetAsync();
        var line = await _stdout.NextLineAsync(IngressHarness.Timeout);

        using var json = System.Text.Json.JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("warn", root.GetProperty("level").GetString());
        Assert.Equal("newlog.instance.istio-system", root.GetProperty("instance").GetString());
        Assert.Equal("productpage", root.GetProperty("destination").GetString());
        Assert.Equal(200, root.GetProperty("responseCode").GetInt64());
        Assert.Equal("unknown", root.GetProperty("source").GetString());
        Assert.True(root.TryGetProperty("time", out _));
        Assert.True(root.TryGetProperty("latency", out _));
    }
}
