using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// The transforms of one forwarded request: YARP copies the request and response, then this applies the rewrite
/// (path and authority), the proxy's forwarded headers, the route's and destination's header edits, and on the way
/// back the response edits and any affinity cookie. Holds no per-request state: each route destination has one built
/// with the config (<see cref="ForRoute"/>; routes without header edits or an authority rewrite share one), and only a
/// request with a path rewrite or an affinity cookie gets one of its own (<see cref="For"/>).
/// </summary>
internal sealed class MeshHttpTransformer(
    PathString? path,
    string? authority,
    HeaderPolicy routeHeaders,
    HeaderPolicy destinationHeaders,
    SetCookieInstruction? setCookie) : HttpTransformer
{
    private static readonly MeshHttpTransformer Plain = new(null, null, HeaderPolicy.None, HeaderPolicy.None, null);

    /// <summary>The transformer of a route destination for requests without a path rewrite or affinity cookie; built with the config.</summary>
    public static MeshHttpTransformer ForRoute(string? authority, HeaderPolicy routeHeaders, HeaderPolicy destinationHeaders) =>
        authority is null && routeHeaders.IsEmpty && destinationHeaders.IsEmpty ? Plain : new(null, authority, routeHeaders, destinationHeaders, null);

    /// <summary>The transformer of one request that carries a path rewrite or an affinity cookie.</summary>
    /// <param name="rewrittenPath">The path after the route's rewrite; null when the route has no rewrite (the request's path is kept).</param>
    public static MeshHttpTransformer For(
        string? rewrittenPath, string? authority, HeaderPolicy routeHeaders, HeaderPolicy destinationHeaders, SetCookieInstruction? setCookie) =>
        rewrittenPath is null && authority is null && routeHeaders.IsEmpty && destinationHeaders.IsEmpty && setCookie is null
            ? Plain
            : new(rewrittenPath is null ? (PathString?)null : new PathString(rewrittenPath), authority, routeHeaders, destinationHeaders, setCookie);

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (path is { } rewritten)
        {
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, rewritten, httpContext.Request.QueryString);
        }

        // Otherwise the forwarder builds the address from the request's own path and query, as before.
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
