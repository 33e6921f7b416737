using GatewayMesh.Proxy.Forwarding;
using Microsoft.Extensions.Logging;
using Polly;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Turns a <see cref="PipelineKey"/> into its Polly pipeline and a route destination into its
/// <see cref="RouteResilience"/>. A policy Polly refuses (it should not happen: validation bounds every value) is
/// logged and the route forwards without a pipeline rather than failing the reload.
/// </summary>
public sealed class RouteResilienceBuilder
{
    private static readonly Lazy<RouteResilienceBuilder> DefaultBuilder = new(() => new RouteResilienceBuilder(
        TimeProvider.System, new ResilienceOptions(), new ResilienceMetrics(), new MeshForwardingOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

    private readonly ResiliencePipelineFactory _factory;
    private readonly MeshForwardingOptions _forwarding;
    private readonly ILogger _logger;

    public RouteResilienceBuilder(
        TimeProvider time, ResilienceOptions options, ResilienceMetrics metrics, MeshForwardingOptions forwarding, ILogger logger)
    {
        _factory = new ResiliencePipelineFactory(time, options, metrics, logger);
        _forwarding = forwarding;
        _logger = logger;
    }

    /// <summary>A builder with default options, the system clock and no logging, for a <c>ProxyState</c> built without one (tests).</summary>
    public static RouteResilienceBuilder Default => DefaultBuilder.Value;

    public ResiliencePipeline<HttpResponseMessage> BuildPipeline(string route, PipelineKey key)
    {
        try
        {
            return _factory.Build(key.Policy);
        }
        catch (Exception ex) when (ex is ArgumentException or System.ComponentModel.DataAnnotations.ValidationException)
        {
            ResilienceLog.BuildFailed(_logger, ex, route, key.Cluster.ToString());
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }
    }

    public RouteResilience Create(string route, PipelineKey key, ResiliencePipeline<HttpResponseMessage> pipeline)
    {
        var policy = ReferenceEquals(pipeline, ResiliencePipeline<HttpResponseMessage>.Empty) ? ResiliencePolicy.None : key.Policy;
        return new RouteResilience(route, key.Cluster, policy, pipeline, RequestConfig(policy));
    }

    /// <summary>
    /// YARP's activity timeout bounds upstream silence, including while the response body streams. A route timeout
    /// becomes that bound too (as before this layer), with the injected delay and a second of slack added so the
    /// pipeline's own timeout, which answers 504, always fires first.
    /// </summary>
    private ForwarderRequestConfig RequestConfig(ResiliencePolicy policy)
    {
        var delay = policy.Fault?.Delay?.Delay ?? TimeSpan.Zero;
        var activity = policy.Timeout is { } timeout ? timeout + TimeSpan.FromSeconds(1) : _forwarding.ActivityTimeout;
        return new ForwarderRequestConfig { ActivityTimeout = activity + delay };
    }
}
