using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>The ingress's two traffic listeners.</summary>
public enum GatewayListener
{
    /// <summary>Plain HTTP (31380 locally): Gateway servers on port 80 or 8080.</summary>
    Http,

    /// <summary>TLS-terminating HTTPS (31390 locally): Gateway servers on port 443 or 8443 with tls mode SIMPLE, MUTUAL or OPTIONAL_MUTUAL.</summary>
    Https,
}

/// <summary>Which ingress listener serves a Gateway server, if any. Routing and the ingress's TLS setup both ask this.</summary>
public static class GatewayServerListener
{
    public static readonly int[] HttpPorts = [80, 8080];
    public static readonly int[] HttpsPorts = [443, 8443];

    /// <summary>
    /// The listener that serves <paramref name="server"/>, or null: other ports, and TLS servers that do not terminate
    /// (PASSTHROUGH, AUTO_PASSTHROUGH) or use the mesh certificate (ISTIO_MUTUAL), which the ingress does not serve.
    /// </summary>
    public static GatewayListener? Of(Server server) => server.Port?.Number switch
    {
        { } n when HttpPorts.Contains(n) => GatewayListener.Http,
        { } n when HttpsPorts.Contains(n) && Terminates(server.Tls) => GatewayListener.Https,
        _ => null,
    };

    /// <summary>True for a plain-text server whose <c>tls.httpsRedirect</c> sends every request to HTTPS.</summary>
    public static bool RedirectsToHttps(Server server) =>
        Of(server) == GatewayListener.Http && server.Tls?.HttpsRedirect == true;

    private static bool Terminates(ServerTlsSettings? tls) =>
        tls?.Mode is ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual;
}
