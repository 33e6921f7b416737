using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// The transforms of one forwarded request: YARP copies the request and response, then this applies the rewrite
/// (path and authority), the proxy's forwarded headers, the route's and destination's header edits, and on the way
/// back the response edits and any affinity cookie. Built per request from the matched route; holds no shared state.
/// </summary>
internal sealed class MeshHttpTransformer(
    PathString path,
    string? authority,
    HeaderPolicy routeHeaders,
    HeaderPolicy destinationHeaders,
    SetCookieInstruction? setCookie) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, httpContext.Request.QueryString);
        proxyRequest.Headers.Host = authority ?? (httpContext.Request.Host.HasValue ? httpContext.Request.Host.Value : null);
        ForwardedHeaders.Apply(httpContext, proxyRequest);
        HeaderEditing.Apply(routeHeaders.Request, proxyRequest);
        HeaderEditing.Apply(destinationHeaders.Request, proxyRequest);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null)
        {
            return copyBody;
        }

        var headers = httpContext.Response.Headers;
        HeaderEditing.Apply(routeHeaders.Response, headers);
        HeaderEditing.Apply(destinationHeaders.Response, headers);
        if (setCookie is not null)
        {
            headers.Append(HeaderNames.SetCookie, AffinityCookie.Format(setCookie));
        }

        return copyBody;
    }
}
