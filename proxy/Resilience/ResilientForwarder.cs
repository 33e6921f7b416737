using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// The forwarding path's one call into the resilience layer: forwards with YARP through the route destination's
/// pipeline. YARP sends through an <see cref="UpstreamExchange"/>, which runs every attempt inside the pipeline and
/// returns one response, so retries, hedges, timeouts and injected faults are all decided before anything is copied to
/// the client. Routes whose pipeline is empty, and upgrades (WebSocket, CONNECT), which cannot be retried, go straight
/// to the forwarder.
/// </summary>
public sealed class ResilientForwarder(IHttpForwarder forwarder, ResilienceState state, IUpstreamObserver observer, ResilienceOptions options)
{
    public async ValueTask<ForwarderError> ForwardAsync(
        HttpContext context,
        AppliedConfig config,
        HttpRouteRule rule,
        WeightedDestination destination,
        ClusterEntry entry,
        int endpointIndex,
        string destinationPrefix,
        HttpMessageInvoker invoker,
        HttpTransformer transformer)
    {
        var route = state.Find(config, rule, destination);
        var requestConfig = UpstreamVersion.Apply(route.RequestConfig, context, entry.Cluster.Protocol, entry.Cluster.Policy.ConnectionPool?.Http);
        if (destinationPrefix.StartsWith("https://", StringComparison.Ordinal))
        {
            requestConfig = UpstreamVersion.OverMeshTls(requestConfig, context);
        }

        if (route.IsEmpty || IsUpgrade(context))
        {
            var direct = await forwarder.SendAsync(context, destinationPrefix, invoker, requestConfig, transformer, context.RequestAborted);
            ReportDirect(context, entry, endpointIndex, direct);
            return direct;
        }

        using var exchange = new UpstreamExchange(invoker, route, context, entry, endpointIndex, observer, options);
        var error = await forwarder.SendAsync(context, destinationPrefix, exchange, requestConfig, transformer, context.RequestAborted);
        if (error != ForwarderError.None && !context.Response.HasStarted && (exchange.Retries > 0 || exchange.Faults != InjectedFaults.None))
        {
            // The caller answers the failure itself (which clears the response); the flags are added as it starts.
            context.Response.OnStarting(static state =>
            {
                var (response, exchange) = ((HttpResponse, UpstreamExchange))state;
                exchange.AddFlags(response.Headers);
                return Task.CompletedTask;
            }, (context.Response, exchange));
        }

        return error;
    }

    /// <summary>Without a pipeline there is exactly one attempt; the observer (outlier detection) still sees its result.</summary>
    private void ReportDirect(HttpContext context, ClusterEntry entry, int endpointIndex, ForwarderError error)
    {
        if ((uint)endpointIndex >= (uint)entry.Cluster.Endpoints.Count)
        {
            return;
        }

        var endpoint = entry.Cluster.Endpoints[endpointIndex];
        if (error == ForwarderError.None)
        {
            observer.AttemptCompleted(entry.Cluster, endpoint, context.Response.StatusCode, null);
            return;
        }

        var failure = error == ForwarderError.RequestTimedOut
            ? AttemptFailure.PerTryTimeout
            : context.Features.Get<IForwarderErrorFeature>()?.Exception is { } exception ? AttemptFailures.Classify(exception) : AttemptFailure.Other;
        if (failure != AttemptFailure.Other && error is not (ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled))
        {
            observer.AttemptCompleted(entry.Cluster, endpoint, null, failure);
        }
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || HttpMethods.IsConnect(context.Request.Method);
}
