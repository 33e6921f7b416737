using System.Net;
using GatewayMesh.Ingress.Settings;
using GatewayMesh.Ingress.Tls;
using GatewayMesh.Proxy.Protocols;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>
/// The three Kestrel listeners: HTTP, HTTPS and admin. Admin connections are tagged when accepted, so one pipeline
/// can send them to the admin endpoints and never to routing. The HTTP listener accepts HTTP/1.1 and h2c (prior
/// knowledge) on one port (<see cref="H2cListener"/>), so gRPC clients reach the gateway in cleartext; the HTTPS
/// listener negotiates h2 or http/1.1 by ALPN, with the certificate chosen per handshake (<see cref="HttpsHandshake"/>).
/// The bound ports are known once the server has started.
/// </summary>
public sealed class IngressListeners
{
    private const string AdminTag = "gatewaymesh.admin";
    private ListenOptions? _http;
    private ListenOptions? _https;
    private ListenOptions? _admin;

    public Uri HttpUri => ToUri(_http, "http");

    public Uri HttpsUri => ToUri(_https, "https");

    public Uri AdminUri => ToUri(_admin, "http");

    internal void Configure(KestrelServerOptions kestrel, IPAddress address, IngressOptions options, Func<GatewayCredentials> credentials)
    {
        kestrel.ListenHttp1AndH2c(address, options.HttpPort, listen => _http = listen);
        kestrel.Listen(address, options.HttpsPort, listen =>
        {
            _https = listen;
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(HttpsHandshake.Options(credentials));
        });
        kestrel.Listen(address, options.AdminPort, listen =>
        {
            _admin = listen;
            listen.Use(next => connection =>
            {
                connection.Items[AdminTag] = true;
                return next(connection);
            });
        });
    }

    internal static bool IsAdmin(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(AdminTag) == true;

    private static Uri ToUri(ListenOptions? listen, string scheme)
    {
        var endpoint = listen?.IPEndPoint ?? throw new InvalidOperationException("The ingress is not configured yet.");
        return new Uri($"{scheme}://{endpoint}");
    }
}
