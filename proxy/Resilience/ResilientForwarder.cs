using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
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
        if (route.IsEmpty || IsUpgrade(context))
        {
            return await forwarder.SendAsync(context, destinationPrefix, invoker, route.RequestConfig, transformer, context.RequestAborted);
        }

        using var exchange = new UpstreamExchange(invoker, route, context, entry, endpointIndex, observer, options);
        var error = await forwarder.SendAsync(context, destinationPrefix, exchange, route.RequestConfig, transformer, context.RequestAborted);
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

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || HttpMethods.IsConnect(context.Request.Method);
}
