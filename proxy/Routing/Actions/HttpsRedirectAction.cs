using System.Globalization;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// A Gateway server's <c>tls.httpsRedirect</c>: answer 301 with the same host and path (and query) on https. Istio
/// names no port (443); a local ingress whose HTTPS listener is elsewhere (31390) passes that port, so the Location
/// reaches it.
/// </summary>
public sealed record HttpsRedirectAction : RouteAction
{
    public const int Code = 301;

    public static HttpsRedirectAction Instance { get; } = new();

    /// <param name="httpsPort">The port of the HTTPS listener clients reach; null or 443 writes none.</param>
    public static string Location(in RequestView request, int? httpsPort)
    {
        var host = AuthorityHost.StripPort(request.Authority).ToString();
        var authority = httpsPort is { } port and not 443 ? $"{host}:{port.ToString(CultureInfo.InvariantCulture)}" : host;
        return $"https://{authority}{request.Path}{request.QueryString}";
    }
}
