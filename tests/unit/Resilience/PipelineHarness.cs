using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>
/// Runs requests through a route pipeline exactly as the forward step does (an <see cref="UpstreamExchange"/> over a
/// scripted upstream), against a three-endpoint round-robin cluster, on a <see cref="FakeTimeProvider"/>.
/// Backoff is zero unless a test asks for it, so only timeouts and faults need the clock advanced.
/// </summary>
internal sealed class PipelineHarness : IDisposable
{
    public static readonly ClusterKey ClusterKey = new("reviews.default.svc.cluster.local", null, null);

    private readonly ResilienceOptions _options;

    public PipelineHarness(ResilienceOptions? options = null, IUpstreamObserver? observer = null)
    {
        _options = options ?? new ResilienceOptions { BackoffBase = TimeSpan.Zero, Randomizer = new Random(7).NextDouble };
        Observer = observer ?? NoUpstreamObserver.Instance;
        Recorder = new MetricRecorder(Metrics.Meter);
        var endpoints = Enumerable.Range(1, 3)
            .Select(i => new Endpoint($"10.0.0.{i}", 9080, default, $"reviews-{i}", "default"))
            .ToValueList();
        var cluster = new Cluster(ClusterKey, endpoints, ClusterPolicy.Default);
        Entry = new ClusterEntry(cluster, new RoundRobinLoadBalancer(endpoints.Count, new Random(1)));
        Builder = new RouteResilienceBuilder(Time, _options, Metrics, new MeshForwardingOptions(), NullLogger.Instance);
    }

    public TimerWatchingTimeProvider Time { get; } = new();

    public ScriptedUpstream Upstream { get; } = new();

    public ResilienceMetrics Metrics { get; } = new();

    public MetricRecorder Recorder { get; }

    public IUpstreamObserver Observer { get; }

    public ClusterEntry Entry { get; }

    public RouteResilienceBuilder Builder { get; }

    public RouteResilience Route(ResiliencePolicy policy)
    {
        var key = new PipelineKey(ClusterKey, policy);
        return Builder.Create("default/reviews/0", key, Builder.BuildPipeline("default/reviews/0", key));
    }

    public static ResiliencePolicy Retries(string? retryOn = "5xx", int attempts = 2, TimeSpan? perTry = null, TimeSpan? timeout = null) =>
        ResiliencePolicy.None with
        {
            Timeout = timeout,
            Retry = RetryPolicy.From(new Core.Config.Model.HttpRetry
            {
                Attempts = attempts,
                RetryOn = retryOn,
                PerTryTimeout = perTry is { } p ? Core.Config.Model.MeshDuration.FromTimeSpan(p) : null,
            }),
        };

    /// <summary>Starts a request through <paramref name="route"/>; the task completes with the response the client would get.</summary>
    public Task<HttpResponseMessage> SendAsync(RouteResilience route, HttpMethod? method = null, HttpContent? body = null, CancellationToken cancellation = default)
    {
        var exchange = new UpstreamExchange(Observer, _options);
        exchange.Begin(Upstream, route, Entry, 0, LoadBalancingContext.Empty);
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, "http://10.0.0.1:9080/reviews/0") { Content = body };
        return SendAndDisposeAsync(exchange, request, cancellation);
    }

    public void Dispose()
    {
        Recorder.Dispose();
        Metrics.Dispose();
        Upstream.Dispose();
    }

    private static async Task<HttpResponseMessage> SendAndDisposeAsync(UpstreamExchange exchange, HttpRequestMessage request, CancellationToken cancellation)
    {
        try
        {
            return await exchange.SendAsync(request, cancellation);
        }
        finally
        {
            exchange.End();
        }
    }
}
