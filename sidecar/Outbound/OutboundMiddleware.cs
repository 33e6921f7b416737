using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Sidecar.Forwarding;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Sidecar.Outbound;

/// <summary>
/// The outbound listener, where the app's HTTP_PROXY points. A proxied request arrives in absolute form
/// (<c>GET http://reviews:9080/reviews/0</c>); its authority becomes the request's Host, so routing matches the host
/// the app asked for. Hosts the current route table knows (mesh services and their aliases) go on to the mesh
/// forwarding middleware; any other host passes through to the destination it names (ALLOW_ANY) or is refused
/// with 502 (REGISTRY_ONLY). A CONNECT that opens a connection never gets here: <c>Tunnels/ConnectTunnelHandler</c>
/// turns it into a tunnel below HTTP. One that follows other requests on a kept-alive connection, or arrives over
/// HTTP/2, is answered 405.
/// </summary>
internal sealed class OutboundMiddleware(
    RequestDelegate next,
    ProxyState state,
    IHttpForwarder forwarder,
    UpstreamClient client,
    Hosting.SidecarOptions options,
    MeshForwardingOptions forwarding,
    ILogger<OutboundMiddleware> logger)
{
    private const string NotInRegistryReply = "destination not in the mesh registry";

    private readonly OutboundPolicy _policy = options.ParseOutboundPolicy();

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsConnect(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE";
            await LocalReplies.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "CONNECT must be the first request of an HTTP/1.1 connection");
            return;
        }

        UseAbsoluteTargetAuthority(context);
        var host = context.Request.Host;
        if (!host.HasValue)
        {
            await LocalReplies.WriteAsync(context, StatusCodes.Status400BadRequest, "the request names no host");
            return;
        }

        if (state.Current.Routes.FindVirtualHost(host.Value!) is not null)
        {
            await next(context);
            return;
        }

        if (_policy == OutboundPolicy.RegistryOnly)
        {
            Log.RegistryOnlyRefused(logger, host.Value!);
            await LocalReplies.WriteAsync(context, StatusCodes.Status502BadGateway, NotInRegistryReply);
            return;
        }

        await PassThroughAsync(context, host);
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

    private async Task PassThroughAsync(HttpContext context, HostString host)
    {
        var destination = $"http://{host.Value}";
        var config = UpstreamVersion.Config(context, UpstreamProtocol.Unspecified, forwarding.ActivityTimeout);
        var error = await forwarder.SendAsync(context, destination, client.Invoker, config, KeepHostTransformer.Instance, context.RequestAborted);
        if (error != ForwarderError.None)
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            Log.PassthroughFailed(logger, exception, host.Value!, error.ToString());
            await LocalReplies.ForwardFailed(context, error, exception);
        }
    }
}
