using System.Net;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Sidecar.Capture;
using GatewayMesh.Sidecar.Outbound.Passthrough;
using GatewayMesh.Sidecar.Outbound.Tunnels;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Sidecar.Hosting;

/// <summary>Which of the sidecar's listeners accepted a connection.</summary>
public enum SidecarListener
{
    Inbound,
    Outbound,
    Admin,
}

/// <summary>
/// The three Kestrel listeners on 127.0.0.1: inbound (traffic to the app), outbound (the app's HTTP_PROXY) and admin.
/// Each connection is tagged when accepted, so one pipeline branches on the listener and never mixes them up.
/// Inbound accepts mesh mTLS, HTTP/1.1 and h2c on one port, as the port's PeerAuthentication mode allows
/// (<see cref="MeshInboundListener"/>); outbound HTTP/1.1 and h2c (<see cref="H2cListener"/>); the
/// outbound listener turns a connection that starts with CONNECT into a tunnel (<see cref="ConnectTunnelHandler"/>).
/// Under <c>--capture iptables</c> each inbound connection's original destination is read once when it is accepted
/// (<see cref="OriginalDestination"/>, which the inbound forward step turns into the app port), and the outbound
/// listener carries redirected non-HTTP connections as TCP (<see cref="PassthroughHandler"/>) before the CONNECT check.
/// The bound ports are known once the server has started.
/// </summary>
public sealed class SidecarListeners
{
    private const string Tag = "gatewaymesh.sidecar.listener";
    private readonly Dictionary<SidecarListener, ListenOptions> _listens = [];
    private bool _capture;

    public Uri InboundUri => ToUri(SidecarListener.Inbound);

    public Uri OutboundUri => ToUri(SidecarListener.Outbound);

    public Uri AdminUri => ToUri(SidecarListener.Admin);

    /// <param name="bind">The inbound listener's address (<c>--bind</c>); when it is not loopback, the admin listener binds it too, for the kubelet's probes (non-loopback callers get only health and metrics there: <c>ProxyAdminEndpoints</c>).</param>
    /// <param name="captureIptables">The pod's iptables rules redirect traffic here: recover each connection's original destination.</param>
    internal void Configure(KestrelServerOptions kestrel, IPAddress bind, int inboundPort, int outboundPort, int adminPort, bool captureIptables = false)
    {
        _capture = captureIptables;
        Listen(kestrel, SidecarListener.Inbound, bind, inboundPort);
        Listen(kestrel, SidecarListener.Outbound, IPAddress.Loopback, outboundPort);
        Listen(kestrel, SidecarListener.Admin, IPAddress.IsLoopback(bind) ? IPAddress.Loopback : bind, adminPort);
    }

    internal static bool Is(HttpContext context, SidecarListener listener) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Tag, out var value) == true
        && value is SidecarListener tagged && tagged == listener;

    private void Listen(KestrelServerOptions kestrel, SidecarListener listener, IPAddress address, int port)
    {
        if (listener == SidecarListener.Admin)
        {
            kestrel.Listen(address, port, listen => Tagged(listen, listener));
            return;
        }

        if (listener == SidecarListener.Inbound)
        {
            kestrel.ListenMeshInbound(address, port, listen =>
            {
                Tagged(listen, listener);
                if (_capture)
                {
                    listen.Use(next => connection =>
                    {
                        OriginalDestination.Capture(connection); // one getsockopt per connection, before TLS or HTTP
                        return next(connection);
                    });
                }
            });
            return;
        }

        kestrel.ListenHttp1AndH2c(address, port, listen =>
        {
            Tagged(listen, listener);
            if (_capture)
            {
                listen.Use(listen.ApplicationServices.GetRequiredService<PassthroughHandler>().Wrap);
            }

            listen.Use(listen.ApplicationServices.GetRequiredService<ConnectTunnelHandler>().Wrap);
        });
    }

    private void Tagged(ListenOptions listen, SidecarListener listener)
    {
        _listens[listener] = listen;
        listen.Use(next => connection =>
        {
            connection.Items[Tag] = listener;
            return next(connection);
        });
    }

    private Uri ToUri(SidecarListener listener)
    {
        var endpoint = _listens.GetValueOrDefault(listener)?.IPEndPoint ?? throw new InvalidOperationException("The sidecar is not configured yet.");
        return new Uri($"http://{endpoint}");
    }
}
