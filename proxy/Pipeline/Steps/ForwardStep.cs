using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using GatewayMesh.Proxy.Resilience.Pool;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>
/// Forward: sends the request to the endpoint the pick step chose, with YARP's <see cref="IHttpForwarder"/>, the route
/// destination's precomputed request config (its HTTP version chosen per request) and header transformer. A route
/// with no resilience policy, and upgrades (WebSocket, CONNECT), which cannot be retried, go straight to the cluster's
/// invoker with one attempt reported to outlier detection; others go through the request's <see cref="UpstreamExchange"/>,
/// which sends the first attempt directly and enters the route's Polly pipeline only when needed. A failure becomes
/// the proxy's short answer (503 connect error, 504 timeout, 502 otherwise) with its response flags.
/// </summary>
public sealed class ForwardStep(
    IHttpForwarder forwarder,
    UpstreamClient client,
    IUpstreamObserver observer,
    ResilienceOptions resilienceOptions,
    TimeProvider time,
    ILogger<ForwardStep> logger) : IProxyStep
{
    public async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var context = request.Http;
        var entry = request.Cluster!;
        var target = request.Target!;
        var invoker = entry.Resilience?.Invoker ?? client.Invoker;
        var config = target.RequestConfigs.For(context, entry.Cluster.Protocol, entry.Cluster.Policy.ConnectionPool?.Http, request.UpstreamTls);
        var transformer = request.RewrittenPath is null && request.SetCookie is null ? target.Transformer : OwnTransformer(request);
        var route = target.Resilience;
        request.UpstreamStartTimestamp = time.GetTimestamp();
        ForwarderError error;
        if (route.IsEmpty || IsUpgrade(context))
        {
            error = ForwarderErrors.Outcome(await forwarder.SendAsync(context, request.DestinationPrefix!, invoker, config, transformer, context.RequestAborted).ConfigureAwait(false), context);
            request.Attempts = 1;
            ReportDirect(request, error);
        }
        else
        {
            // A hedged request's extra attempts can outlive the forward, so they get an exchange of their own; others reuse the request's.
            var exchange = route.Policy.Hedging is null ? request.Exchange ??= new UpstreamExchange(observer, resilienceOptions) : new UpstreamExchange(observer, resilienceOptions);
            exchange.Begin(invoker, route, entry, request.EndpointIndex, request.Balancing);
            try
            {
                error = ForwarderErrors.Outcome(await forwarder.SendAsync(context, request.DestinationPrefix!, exchange, config, transformer, context.RequestAborted).ConfigureAwait(false), context);
            }
            finally
            {
                Collect(request, exchange);
                exchange.End();
            }
        }

        request.UpstreamEndTimestamp = time.GetTimestamp();
        request.UpstreamError = error;
        if (error == ForwarderError.None)
        {
            request.ResponseCodeDetails ??= "via_upstream";
            if (request.Retries > 0 && context.Response.StatusCode >= 500)
            {
                request.Flags |= ResponseFlags.UpstreamRetryLimitExceeded;
            }

            return StepResult.Stop;
        }

        await FailAsync(request, error).ConfigureAwait(false);
        return StepResult.Stop;
    }

    /// <summary>A transformer for a request with a path rewrite or an affinity cookie (the route's shared one covers the rest).</summary>
    private static MeshHttpTransformer OwnTransformer(ProxyRequest request)
    {
        var match = request.Match!.Value;
        var authority = (match.Action as ForwardAction)?.Rewrite?.Authority;
        return MeshHttpTransformer.For(request.RewrittenPath, authority, match.Rule.Headers, request.Destination!.Headers, request.SetCookie);
    }

    private static void Collect(ProxyRequest request, UpstreamExchange exchange)
    {
        request.Attempts = exchange.Attempts;
        request.Retries = exchange.Retries;
        request.Hedges = exchange.Hedges;
        if (exchange.LastEndpoint is { } endpoint)
        {
            request.Endpoint = endpoint;
            request.EndpointIndex = exchange.LastEndpointIndex;
        }

        var faults = exchange.Faults;
        if ((faults & InjectedFaults.Delay) != 0)
        {
            request.Flags |= ResponseFlags.DelayInjected;
        }

        if ((faults & InjectedFaults.Abort) != 0)
        {
            request.Flags |= ResponseFlags.FaultInjected;
        }

        request.InjectedFaults = faults;
    }

    /// <summary>Answers a failed forward (unless the client itself went away), with the flags that say why.</summary>
    private async Task FailAsync(ProxyRequest request, ForwarderError error)
    {
        var context = request.Http;
        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        request.Flags |= ForwarderFlags.Of(error, exception);
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return; // the client went away: nobody to answer
        }

        Log.ForwardFailed(logger, exception, request.ClusterName ?? "-", request.Endpoint?.ToString() ?? "-", error.ToString());
        var (status, message) = ForwarderErrors.Map(error, exception);
        if (request.Retries > 0)
        {
            request.Flags |= ResponseFlags.UpstreamRetryLimitExceeded;
        }

        if (LocalReplies.TryStart(context, status))
        {
            ResponseFlagHeaders.Add(context.Response.Headers, request.Retries, request.Hedges, request.InjectedFaults);
            await LocalReplies.WriteBodyAsync(context, message).ConfigureAwait(false);
        }
    }

    /// <summary>Without a pipeline there is exactly one attempt; outlier detection still sees its result.</summary>
    private void ReportDirect(ProxyRequest request, ForwarderError error)
    {
        var entry = request.Cluster!;
        var endpoint = request.Endpoint!;
        if (error == ForwarderError.None)
        {
            AttemptReporter.Response(observer, entry.Cluster, endpoint, request.Http.Response.StatusCode);
            return;
        }

        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return;
        }

        if (error == ForwarderError.RequestTimedOut)
        {
            observer.AttemptCompleted(entry.Cluster, endpoint, null, AttemptFailure.PerTryTimeout);
        }
        else if (request.Http.Features.Get<IForwarderErrorFeature>()?.Exception is { } exception)
        {
            AttemptReporter.Failure(observer, entry.Cluster, endpoint, exception);
        }
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || HttpMethods.IsConnect(context.Request.Method);
}
