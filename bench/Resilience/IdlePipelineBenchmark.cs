using BenchmarkDotNet.Attributes;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.Bench.Resilience;

/// <summary>
/// What an idle pipeline costs per request, without sockets: the forwarder's send through an
/// <see cref="UpstreamExchange"/> (as the pipeline's forward step uses it) over an upstream that answers a
/// shared canned 200 at once, against sending straight to that upstream (the path of a route without a pipeline).
/// The request, response and HttpContext are reused, so allocated bytes are the layer's own.
/// </summary>
[MemoryDiagnoser]
public class IdlePipelineBenchmark : IDisposable
{
    private static readonly ClusterKey Key = new("reviews.default.svc.cluster.local", null, null);

    private readonly ResilienceOptions _options = new();
    private readonly ResilienceMetrics _metrics = new();
    private readonly CannedUpstream _upstream = new();
    private readonly HttpRequestMessage _request = new(HttpMethod.Get, "http://10.0.0.1:9080/reviews/0");
    private readonly ClusterEntry _entry;
    private readonly UpstreamExchange _exchange;
    private readonly RouteResilience _istioDefault;
    private readonly RouteResilience _retriesAndTimeout;

    public IdlePipelineBenchmark()
    {
        var endpoints = Enumerable.Range(1, 3).Select(i => new Endpoint($"10.0.0.{i}", 9080, default, $"reviews-{i}", "default")).ToValueList();
        _entry = new ClusterEntry(new Cluster(Key, endpoints, ClusterPolicy.Default), new RoundRobinLoadBalancer(endpoints.Count, new Random(1)));
        _exchange = new UpstreamExchange(NoUpstreamObserver.Instance, _options); // pooled with the request context in the proxy
        var builder = new RouteResilienceBuilder(TimeProvider.System, _options, _metrics, new MeshForwardingOptions(), NullLogger.Instance);
        _istioDefault = Route(builder, ResiliencePolicy.None with { Retry = RetryPolicy.From(null) });
        _retriesAndTimeout = Route(builder, ResiliencePolicy.None with
        {
            Timeout = TimeSpan.FromSeconds(10),
            Retry = RetryPolicy.From(new HttpRetry { Attempts = 3, RetryOn = "5xx,connect-failure,reset", PerTryTimeout = MeshDuration.FromTimeSpan(TimeSpan.FromSeconds(2)) }),
        });
    }

    [Benchmark(Baseline = true, Description = "no pipeline")]
    public Task<HttpResponseMessage> NoPipeline() => _upstream.SendAsync(_request, CancellationToken.None);

    [Benchmark(Description = "Istio default retries")]
    public Task<HttpResponseMessage> IstioDefault() => SendAsync(_istioDefault);

    [Benchmark(Description = "retries + perTry + route timeout")]
    public Task<HttpResponseMessage> RetriesAndTimeout() => SendAsync(_retriesAndTimeout);

    public void Dispose()
    {
        _metrics.Dispose();
        _upstream.Dispose();
        _request.Dispose();
        GC.SuppressFinalize(this);
    }

    private static RouteResilience Route(RouteResilienceBuilder builder, ResiliencePolicy policy)
    {
        var key = new PipelineKey(Key, policy);
        return builder.Create("default/reviews/0", key, builder.BuildPipeline("default/reviews/0", key));
    }

    /// <summary>As the forward step does: begin, send, then end the exchange; not async itself, so it adds no allocation.</summary>
    private Task<HttpResponseMessage> SendAsync(RouteResilience route)
    {
        _exchange.Begin(_upstream, route, _entry, 0, LoadBalancingContext.Empty);
        var sent = _exchange.SendAsync(_request, CancellationToken.None);
        if (sent.IsCompleted)
        {
            _exchange.End();
            return sent;
        }

        return EndAfterAsync(_exchange, sent);
    }

    private static async Task<HttpResponseMessage> EndAfterAsync(UpstreamExchange exchange, Task<HttpResponseMessage> sent)
    {
        try
        {
            return await sent;
        }
        finally
        {
            exchange.End();
        }
    }

    /// <summary>An upstream that answers every request with the same completed 200.</summary>
    private sealed class CannedUpstream() : HttpMessageInvoker(new CannedHandler())
    {
        private sealed class CannedHandler : HttpMessageHandler
        {
            private readonly Task<HttpResponseMessage> _ok = Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => _ok;
        }
    }
}
