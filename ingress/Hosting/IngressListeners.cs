using System.Net;
using GatewayMesh.Proxy.Protocols;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>
/// The two Kestrel listeners: traffic and admin. Admin connections are tagged when accepted, so one pipeline can
/// send them to the admin endpoints and never to routing. The traffic listener accepts HTTP/1.1 and h2c (prior
/// knowledge) on one port (<see cref="H2cListener"/>), so gRPC clients reach the gateway in cleartext.
/// The bound ports are known once the server has started.
/// </summary>
public sealed class IngressListeners
{
    private const string AdminTag = "gatewaymesh.admin";
    private ListenOptions? _http;
    private ListenOptions? _admin;

    public Uri HttpUri => ToUri(_http);

    public Uri AdminUri => ToUri(_admin);

    internal void Configure(KestrelServerOptions kestrel, IPAddress address, int httpPort, int adminPort)
    {
        kestrel.ListenHttp1AndH2c(address, httpPort, listen => _http = listen);
        kestrel.Listen(address, adminPort, listen =>
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

    private static Uri ToUri(ListenOptions? listen)
    {
        var endpoint = listen?.IPEndPoint ?? throw new InvalidOperationException("The ingress is not configured yet.");
        return new Uri($"http://{endpoint}");
    }
}
