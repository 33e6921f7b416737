using GatewayMesh.Core.Collections;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Routing;

/// <summary>The one bridge from ASP.NET Core into routing: builds a <see cref="RequestView"/> over an <see cref="HttpRequest"/>.</summary>
public static class HttpRequestViews
{
    /// <summary>
    /// A view of <paramref name="request"/>. <paramref name="port"/> is the port routing should see (the gateway server
    /// port on the ingress, the destination port on a sidecar); by default the port of the Host header, else the scheme's.
    /// </summary>
    public static RequestView ToRequestView(
        this HttpRequest request,
        int? port = null,
        ValueMap<string, string> sourceLabels = default,
        string? sourceNamespace = null) =>
        request.ToRequestView(new HttpRequestFields(request), port, sourceLabels, sourceNamespace);

    /// <summary>A view of <paramref name="request"/> reading its headers and query through <paramref name="fields"/> (a pooled reader bound to it).</summary>
    public static RequestView ToRequestView(
        this HttpRequest request,
        IRequestFields fields,
        int? port = null,
        ValueMap<string, string> sourceLabels = default,
        string? sourceNamespace = null)
    {
        var scheme = request.Scheme;
        var effectivePort = port ?? request.Host.Port ?? (string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return new RequestView(request.Method, scheme, request.Host.Value ?? "", effectivePort, request.Path.Value ?? "/", fields)
        {
            QueryString = request.QueryString.HasValue ? request.QueryString.Value : null,
            SourceLabels = sourceLabels,
            SourceNamespace = sourceNamespace,
        };
    }
}
