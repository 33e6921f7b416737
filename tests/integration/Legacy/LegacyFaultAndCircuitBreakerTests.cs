using System.Net;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.IntegrationTests.Blocks;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Resilience;
using GatewayMesh.IntegrationTests.Sidecar;
using GatewayMesh.Proxy.Resilience;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Legacy;

/// <summary>
/// The rest of Istio 0.x's Bookinfo tasks (<c>configs/bookinfo-legacy</c>) through a real registry and a real client
/// sidecar whose clock is a <see cref="FakeTimeProvider"/>: the ratings abort and the 7 s delay for user jason, and the
/// <c>reviews-cb</c> DestinationPolicy's simple circuit breaker, which ejects a failing reviews v1 instance after one
/// error and returns it when its <c>sleepWindow</c> (15 s) has passed. Each case runs twice: with the 0.x files as
/// they are, and with the v1 resources <c>meshctl convert</c> prints for them.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class LegacyFaultAndCircuitBreakerTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Jason = "session=1;user=jason";
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly ObservedTime _time = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private RegistryTestHost _registry = null!;
    private SidecarTestHost _productpage = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", _prefix]);
        var productApp = await Own(UpstreamApp.StartAsync("productpage-app"));
        _productpage = await Own(SidecarTestHost.StartAsync(redis.ConnectionString, _prefix, "productpage", productApp.Port, _registry, _time));
        _client = _productpage.CreateOutboundClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        _owned.Reverse();
        foreach (var item in _owned)
        {
            await item.DisposeAsync();
        }

        await _registry.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RatingsAbortForJason_JasonGets500_OthersReachRatingsV1(bool converted)
    {
        await RegisterAsync("ratings", "ratings-v1", (await Own(UpstreamApp.StartAsync("ratings-v1"))).Port);
        await ApplyAsync(converted, "route-rule-all-v1.yaml", "route-rule-ratings-test-abort.yaml");

        for (var i = 0; i < 10; i++)
        {
            using var aborted = await GetAsync("http://ratings:9080/ratings/0", Jason);
            Assert.Equal(HttpStatusCode.InternalServerError, aborted.StatusCode);
            Assert.Equal("abort", Assert.Single(aborted.Headers.GetValues(ResilienceHeaders.Fault)));
            using var other = await GetAsync("http://ratings:9080/ratings/0", "user=jasonx");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.StartsWith("ratings-v1\n", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RatingsDelayForJason_JasonWaitsTheFixedDelay_OthersAreNotDelayed(bool converted)
    {
        await RegisterAsync("ratings", "ratings-v1", (await Own(UpstreamApp.StartAsync("ratings-v1"))).Port);
        await ApplyAsync(converted, "route-rule-all-v1.yaml", "route-rule-ratings-test-delay.yaml");
        var delayArmed = _time.WhenTimerCreated(TimeSpan.FromSeconds(7));

        var delayed = GetAsync("http://ratings:9080/ratings/0", Jason);
        await delayArmed.WaitAsync(WaitTimeout);
        using (var other = await GetAsync("http://ratings:9080/ratings/0", "user=jasonx").WaitAsync(WaitTimeout))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode); // the clock has not moved: only jason's call waits
        }

        Assert.False(delayed.IsCompleted, "jason's call answered before its 7 s delay had passed");
        _time.Advance(TimeSpan.FromSeconds(7));
        using var response = await delayed.WaitAsync(WaitTimeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ratings-v1\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReviewsSimpleCb_FailingV1InstanceEjectedAfterOneError_ReturnsAfterSleepWindow(bool converted)
    {
        var failing = await Own(FailingUpstream.StartAsync());
        await RegisterAsync("reviews", "reviews-v1-healthy", (await Own(UpstreamApp.StartAsync("reviews-v1-healthy"))).Port);
        await RegisterAsync("reviews", "reviews-v1-failing", failing.Port);
        await ApplyAsync(converted, "route-rule-all-v1.yaml", "destination-policy-reviews-cb.yaml");
        _time.PassShortWaitsAtOnce = true; // the default retry's backoff (tens of ms) after the failing instance's 503

        await SendUntilAsync(() => failing.Requests >= 1);
        var ejected = Assert.Single(_productpage.State.Clusters.Resilience.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal("reviews-v1-failing", ejected.Endpoint.InstanceId);
        Assert.Equal(ejected.EjectedAt + TimeSpan.FromSeconds(15), ejected.ReturnsAt); // sleepWindow: 15s
        for (var i = 0; i < 20; i++)
        {
            using var response = await GetAsync("http://reviews:9080/reviews/0", cookie: null);
            Assert.StartsWith("reviews-v1-healthy\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, failing.Requests);
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(_productpage.State.Clusters.Resilience.Outliers.Snapshot(), s => s.Ejected);
        await SendUntilAsync(() => failing.Requests >= 2); // back in the load balancer's rotation
    }

    private async Task<T> Own<T>(Task<T> starting) where T : IAsyncDisposable
    {
        var started = await starting;
        _owned.Add(started);
        return started;
    }

    /// <summary>Registers an instance with <c>version: v1</c> straight in the store, as a workload without a sidecar; waits until the client sidecar has it.</summary>
    private async Task RegisterAsync(string service, string instanceId, int port)
    {
        await using var writer = RedisMeshStateFactory.Create(redis.ConnectionString, TimeProvider.System, _prefix);
        var lease = await writer.Registry.RegisterAsync(
            new ServiceInstance
            {
                Service = service,
                Namespace = "default",
                InstanceId = instanceId,
                Address = "127.0.0.1",
                Port = port,
                Labels = new ValueMap<string, string>([KeyValuePair.Create("app", service), KeyValuePair.Create("version", "v1")]),
            },
            TimeSpan.FromHours(1));
        await _productpage.State.WaitForRevisionAsync(lease.Revision).WaitAsync(WaitTimeout);
    }

    /// <summary>Applies the rule files as they are, or <paramref name="converted"/> by <c>meshctl convert</c>: both must behave alike.</summary>
    private async Task ApplyAsync(bool converted, params string[] files) =>
        await _productpage.State.WaitForRevisionAsync(await LegacyFiles.ApplyAsync(_registry, converted, files)).WaitAsync(WaitTimeout);

    private async Task SendUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 40 && !done(); i++)
        {
            using var response = await GetAsync("http://reviews:9080/reviews/0", cookie: null);
        }

        Assert.True(done(), "the failing instance got no request in 40");
    }

    private Task<HttpResponseMessage> GetAsync(string url, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return _client.SendAsync(request);
    }

    /// <summary>
    /// A fake clock that says when a timer with a given due time is created (here: the fault delay's wait) and, when
    /// asked, lets one-shot waits under a second pass at once by moving the clock on by their due time.
    /// </summary>
    private sealed class ObservedTime() : FakeTimeProvider(DateTimeOffset.UtcNow)
    {
        private static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);
        private readonly List<(TimeSpan Due, TaskCompletionSource Created)> _waiters = [];

        public bool PassShortWaitsAtOnce { get; set; }

        public Task WhenTimerCreated(TimeSpan due)
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                _waiters.Add((due, created));
            }

            return created.Task;
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_waiters)
            {
                foreach (var waiter in _waiters.Where(w => w.Due == dueTime))
                {
                    waiter.Created.TrySetResult();
                }
            }

            if (PassShortWaitsAtOnce && dueTime > TimeSpan.Zero && dueTime < ShortWait && period == Timeout.InfiniteTimeSpan)
            {
                ThreadPool.QueueUserWorkItem(_ => Advance(dueTime)); // not inline: the caller has not stored its timer yet
            }

            return timer;
        }
    }
}
