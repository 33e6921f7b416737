using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// connectionPool overflow under a concurrent burst through a real ingress: with http2MaxRequests requests held
/// upstream, every other request of the burst fails fast with 503 overflow, the held ones complete once released, and
/// the ingress stays ready and serving.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class OverflowBurstIngressTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const int Limit = 4;
    private const int Burst = 40;

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _limitHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IngressHarness _ingress = null!;
    private ScriptedUpstreamApp _upstream = null!;
    private int _held;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        _upstream = await ScriptedUpstreamApp.StartAsync(async (_, context) =>
        {
            if (Interlocked.Increment(ref _held) == Limit)
            {
                _limitHeld.TrySetResult();
            }

            await _gate.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("released");
        });
    }

    public async Task DisposeAsync()
    {
        _gate.TrySetResult();
        await _ingress.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task ConcurrentBurst_LimitHeldUpstream_RestOverflowHeldCompleteAndIngressStaysHealthy()
    {
        await _ingress.RegisterAsync("reviews", "reviews-gated", _upstream.Port);
        await _ingress.RouteAsync("reviews", "- route: [{destination: {host: reviews}}]", $"connectionPool: {{http: {{http2MaxRequests: {Limit}}}}}");

        var finished = new System.Collections.Concurrent.ConcurrentQueue<(HttpStatusCode StatusCode, string Body)>();
        var othersFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = Enumerable.Range(0, Burst).Select(i => Task.Run(async () =>
        {
            var response = await _ingress.SendAsync(HttpMethod.Get, $"/burst/{i}");
            var result = (response.StatusCode, Body: (await response.Content.ReadAsStringAsync()).Trim());
            response.Dispose();
            finished.Enqueue(result);
            if (finished.Count >= Burst - Limit)
            {
                othersFinished.TrySetResult();
            }

            return result;
        })).ToList();

        // While the limit is held upstream, every other request of the burst must be answered without waiting.
        await _limitHeld.Task.WaitAsync(IngressHarness.Timeout);
        await othersFinished.Task.WaitAsync(IngressHarness.Timeout);
        var early = finished.ToList();
        Assert.Equal(Burst - Limit, early.Count);
        Assert.All(early, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal($"upstream overflow: outbound|||reviews.default.svc.cluster.local requests limit ({Limit}) reached", r.Body);
        });
        Assert.Equal(Limit, Volatile.Read(ref _held));

        _gate.TrySetResult();
        var all = await Task.WhenAll(burst).WaitAsync(IngressHarness.Timeout);
        Assert.Equal(Limit, all.Count(r => r is { StatusCode: HttpStatusCode.OK, Body: "released" }));
        Assert.Equal(Burst - Limit, all.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));

        using var ready = await _ingress.Admin.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var after = await _ingress.SendAsync(HttpMethod.Get, "/after");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("released", (await after.Content.ReadAsStringAsync()).Trim());
    }
}
