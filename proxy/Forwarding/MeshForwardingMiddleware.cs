using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// The proxy's request path, as terminal middleware: match the current route table, then answer directly, redirect,
/// or pick a weighted destination, an endpoint of its cluster, and forward with YARP's <see cref="IHttpForwarder"/>.
/// Every failure becomes a short text answer (404 no route, 503 no healthy upstream or connect error, 502 other
/// upstream errors, 500 anything unexpected); no request can take the proxy down.
/// </summary>
public sealed class MeshForwardingMiddleware(
    RequestDelegate next,
    ProxyState state,
    ResilientForwarder resilience,
    UpstreamClient client,
    MirrorSender mirrors,
    MeshForwardingOptions options,
    ILogger<MeshForwardingMiddleware> logger)
{
    private readonly RequestDelegate _next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
        catch (Exception ex)
        {
            Log.Unhandled(logger, ex, context.Request.Method, context.Request.Path.Value ?? "");
            await LocalReplies.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal proxy error");
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        ForwardedHeaders.EnsureRequestId(context.Request);
        var config = state.Current;
        var request = context.Request;
        var routes = config.RoutesFor(request.IsHttps && state.Identity.Role == ProxyRole.Ingress);
        var port = options.RouteOnGatewayPort && routes.FindVirtualHost(request.Host.Value ?? "") is { Ports.IsEmpty: false } host
            ? host.Ports[0]
            : (int?)null;
        var view = request.ToRequestView(port).FromProxy(state.Identity);
        if (routes.Match(view) is not { } match)
        {
            Log.NoRoute(logger, request.Host.Value ?? "", request.Path.Value ?? "");
            await LocalReplies.NoRoute(context);
            return;
        }

        switch (match.Action)
        {
            case DirectResponseAction direct:
                await RespondDirectlyAsync(context, direct, match.Rule.Headers);
                break;
            case HttpsRedirectAction:
                context.Response.StatusCode = HttpsRedirectAction.Code;
                context.Response.Headers.Location = HttpsRedirectAction.Location(view, options.HttpsRedirectPort?.Invoke());
                break;
            case RedirectAction redirect:
                context.Response.StatusCode = redirect.Code;
                context.Response.Headers.Location = redirect.Location(view, match.Block);
                HeaderEditing.Apply(match.Rule.Headers.Response, context.Response.Headers);
                break;
            case ForwardAction forward:
                await ForwardAsync(context, config, match, forward);
                break;
            default:
                await LocalReplies.NoRoute(context);
                break;
        }
    }

    private static async Task RespondDirectlyAsync(HttpContext context, DirectResponseAction direct, HeaderPolicy headers)
    {
        context.Response.StatusCode = direct.Status;
        HeaderEditing.Apply(headers.Response, context.Response.Headers);
        if (!direct.Body.IsEmpty)
        {
            context.Response.ContentType ??= "text/plain; charset=utf-8";
            context.Response.ContentLength = direct.Body.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(direct.Body, context.RequestAborted);
            }
        }
    }

    private async Task ForwardAsync(HttpContext context, AppliedConfig config, RouteMatch match, ForwardAction forward)
    {
        var upstreams = config.Upstreams;
        var destination = forward.Destinations.Pick(Random.Shared);
        if (!upstreams.TryFind(destination.Cluster, out var entry) || entry.Cluster.Endpoints.IsEmpty)
        {
            await LocalReplies.NoHealthyUpstream(context, destination.Cluster.ToString());
            return;
        }

        var pick = entry.LoadBalancer.Pick(new HttpLoadBalancingContext(context));
        using var lease = pick.Lease;
        if (!pick.HasEndpoint)
        {
            await LocalReplies.NoHealthyUpstream(context, destination.Cluster.ToString()); // PASSTHROUGH has no original destination here
            return;
        }

        var admission = default(RequestLease);
        if (entry.Resilience?.Pool is { } pool && !pool.TryAcquire(out admission, out var overflow))
        {
            await LocalReplies.WriteAsync(context, PoolOverflow.StatusCode, overflow.Message); // connectionPool limit: fail fast
            return;
        }

        using var admitted = admission;
        var endpoint = entry.Cluster.Endpoints[pick.Index];
        var rewrittenPath = forward.Rewrite?.RewritePath(context.Request.Path.Value ?? "/", match.Block);
        mirrors.Mirror(context, forward.Mirrors, upstreams, rewrittenPath ?? context.Request.Path.Value ?? "/");

        var transformer = MeshHttpTransformer.For(rewrittenPath, forward.Rewrite?.Authority, match.Rule.Headers, destination.Headers, pick.SetCookie);
        var transport = UpstreamTransports.Of(entry, endpoint);
        if (transport == UpstreamTransport.MutualTlsUnavailable)
        {
            Log.MutualTlsUnavailable(logger, destination.Cluster.ToString(), endpoint.ToString());
            await LocalReplies.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, LocalReplies.ConnectError);
            return;
        }

        var prefix = $"{UpstreamTransports.Scheme(transport)}://{endpoint.Address}:{endpoint.Port}";
        var error = await resilience.ForwardAsync(
            context, config, match.Rule, destination, entry, pick.Index, prefix, entry.Resilience?.Invoker ?? client.Invoker, transformer);
        if (error != ForwarderError.None)
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            Log.ForwardFailed(logger, exception, destination.Cluster.ToString(), endpoint.ToString(), error.ToString());
            await LocalReplies.ForwardFailed(context, error, exception);
        }
    }
}
