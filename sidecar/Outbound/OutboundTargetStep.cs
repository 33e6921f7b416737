using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Sidecar.Forwarding;
using GatewayMesh.Sidecar.Settings;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using GatewayMesh.Proxy.Resilience.Pool;

namespace GatewayMesh.Sidecar.Outbound;

/// <summary>
/// Prepare, on the outbound listener (the app's HTTP_PROXY). A proxied request arrives in absolute form
/// (<c>GET http://reviews:9080/reviews/0</c>); its authority becomes the request's Host, so routing matches the host the
/// app asked for. Hosts the current route table knows (mesh services and their aliases) continue into the mesh steps;
/// any other host passes through to the destination it names (ALLOW_ANY, Istio's PassthroughCluster) or is refused
/// with 502 (REGISTRY_ONLY, NR); the mode is the workload's Istio Sidecar <c>outboundTrafficPolicy</c>, else
/// <c>--outbound-policy</c> (<see cref="OutboundScope"/>). A CONNECT that opens a connection never gets here: <c>Tunnels/ConnectTunnelHandler</c>
/// turns it into a tunnel below HTTP. One that follows other requests on a kept-alive connection, or arrives over
/// HTTP/2, is answered 405.
/// </summary>
internal sealed class OutboundTargetStep(
    IHttpForwarder forwarder,
    UpstreamClient client,
    SidecarOptions options,
    MeshForwardingOptions forwarding,
    TimeProvider time,
    ILogger<OutboundTargetStep> logger) : IProxyStep
{
    public const string PassthroughCluster = "PassthroughCluster";
    public const string BlackHoleCluster = "BlackHoleCluster";
    private const string NotInRegistryReply = "destination not in the mesh registry";

    private readonly OutboundPolicy _policy = options.ParseOutboundPolicy();
    private readonly UpstreamRequestConfigs _configs = new(new ForwarderRequestConfig { ActivityTimeout = forwarding.ActivityTimeout });

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var context = request.Http;
        if (HttpMethods.IsConnect(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE";
            return LocalReply.SendAsync(request, StatusCodes.Status405MethodNotAllowed, "CONNECT must be the first request of an HTTP/1.1 connection", ResponseFlags.DownstreamProtocolError);
        }

        UseAbsoluteTargetAuthority(context);
        var host = context.Request.Host;
        if (!host.HasValue)
        {
            return LocalReply.SendAsync(request, StatusCodes.Status400BadRequest, "the request names no host", ResponseFlags.DownstreamProtocolError);
        }

        if (request.Config.Routes.FindVirtualHost(host.Value!) is not null)
        {
            return new(StepResult.Continue);
        }

        if ((request.Config.Feature<OutboundScope>()?.Policy ?? _policy) == OutboundPolicy.RegistryOnly)
        {
            Log.RegistryOnlyRefused(logger, host.Value!);
            request.ClusterName = BlackHoleCluster;
            return LocalReply.SendAsync(request, StatusCodes.Status502BadGateway, NotInRegistryReply, ResponseFlags.NoRoute, "registry_only");
        }

        return PassThroughAsync(request, host);
    }

    /// <summary>
    /// For an absolute-form target, the authority of the URI is what the client asked for (RFC 9112 3.2.2), whatever
    /// the Host header says; Kestrel keeps the raw target, so read it from there.
    /// </summary>
    internal static void UseAbsoluteTargetAuthority(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (rawTarget is not null
            && !rawTarget.StartsWith('/')
            && Uri.TryCreate(rawTarget, UriKind.Absolute, out var target)
            && target.Scheme is "http"
            && target.Authority.Length > 0)
        {
            context.Request.Host = new HostString(target.IsDefaultPort ? target.Host : $"{target.Host}:{target.Port}");
        }
    }

    private async ValueTask<StepResult> PassThroughAsync(ProxyRequest request, HostString host)
    {
        var context = request.Http;
        request.RouteName = "allow_any";
        request.ClusterName = PassthroughCluster;
        request.UpstreamStartTimestamp = time.GetTimestamp();
        request.Attempts = 1;
        var config = _configs.For(context, UpstreamProtocol.Unspecified);
        var error = ForwarderErrors.Outcome(await forwarder.SendAsync(context, $"http://{host.Value}", client.Invoker, config, KeepHostTransformer.Instance, context.RequestAborted), context);
        request.UpstreamEndTimestamp = time.GetTimestamp();
        request.UpstreamError = error;
        if (error != ForwarderError.None)
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            Log.PassthroughFailed(logger, exception, host.Value!, error.ToString());
            request.Flags |= ForwarderFlags.Of(error, exception);
            await LocalReplies.ForwardFailed(context, error, exception);
        }

        return StepResult.Stop;
    }
}
