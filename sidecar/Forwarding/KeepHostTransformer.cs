using GatewayMesh.Proxy.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Sidecar.Forwarding;

/// <summary>
/// YARP's default request copy, but the Host header travels unchanged (the app sees <c>reviews:9080</c>, not
/// <c>127.0.0.1:port</c>), and <c>x-request-id</c> is added when the caller sent none.
/// </summary>
internal sealed class KeepHostTransformer : HttpTransformer
{
    public const string RequestIdHeader = "x-request-id";

    public static KeepHostTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Host = httpContext.Request.Host.HasValue ? httpContext.Request.Host.Value : null;
        if (!proxyRequest.Headers.Contains(RequestIdHeader))
        {
            proxyRequest.Headers.TryAddWithoutValidation(RequestIdHeader, RequestIds.New());
        }
    }
}
