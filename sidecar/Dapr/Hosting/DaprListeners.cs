using System.Net;
using GatewayMesh.Sidecar.Dapr.Settings;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Sidecar.Dapr.Hosting;

/// <summary>
/// The Dapr API's two listeners, on 127.0.0.1 only: HTTP (<c>DAPR_HTTP_PORT</c>, HTTP/1.1) and gRPC
/// (<c>DAPR_GRPC_PORT</c>, HTTP/2 with prior knowledge, which is what the SDK's gRPC channel speaks). Connections are
/// tagged when accepted, so the sidecar's pipeline sends them to the Dapr branch and nowhere else.
/// </summary>
public sealed class DaprListeners
{
    private const string Tag = "gatewaymesh.sidecar.dapr";
    private ListenOptions? _http;
    private ListenOptions? _grpc;

    public Uri? HttpUri => _http is { } l ? new Uri($"http://{l.IPEndPoint}") : null;

    public Uri? GrpcUri => _grpc is { } l ? new Uri($"http://{l.IPEndPoint}") : null;

    public void Configure(KestrelServerOptions kestrel, DaprApiOptions options)
    {
        if (options.HttpPort != DaprApiOptions.Disabled)
        {
            kestrel.Listen(IPAddress.Loopback, options.HttpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                _http = Tagged(listen);
            });
        }

        if (options.GrpcPort != DaprApiOptions.Disabled)
        {
            kestrel.Listen(IPAddress.Loopback, options.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                _grpc = Tagged(listen);
            });
        }
    }

    public static bool IsDapr(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Tag) == true;

    private static ListenOptions Tagged(ListenOptions listen)
    {
        listen.Use(next => connection =>
        {
            connection.Items[Tag] = true;
            return next(connection);
        });
        return listen;
    }
}
