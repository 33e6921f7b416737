using System.Net;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Sidecar.Capture;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Outbound.Passthrough;
using GatewayMesh.Sidecar.Outbound.Tunnels;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Sidecar.Hosting;

/// <summary>
/// What each of the sidecar's Kestrel listeners accepts. Inbound accepts mesh mTLS, HTTP/1.1 and h2c on one port, as the
/// port's PeerAuthentication mode allows (<see cref="MeshInboundListener"/>); outbound HTTP/1.1 and h2c
/// (<see cref="H2cListener"/>), and turns a connection that starts with CONNECT into a tunnel
/// (<see cref="ConnectTunnelHandler"/>). Under <c>--capture iptables</c> each inbound connection's original destination
/// is read once when it is accepted (<see cref="OriginalDestination"/>, which the inbound forward step turns into the
/// app port), and the outbound listener carries redirected non-HTTP connections as TCP
/// (<see cref="PassthroughHandler"/>) before the CONNECT check.
/// </summary>
internal static class SidecarKestrel
{
    /// <param name="bind">The inbound listener's address (<c>--bind</c>); when it is not loopback, the admin listener binds it too, for the kubelet's probes (non-loopback callers get only health and metrics there: <c>ProxyAdminEndpoints</c>).</param>
    /// <param name="captureIptables">The pod's iptables rules redirect traffic here: recover each connection's original destination.</param>
    public static void Listen(KestrelServerOptions kestrel, SidecarListeners listeners, IPAddress bind, int inboundPort, int outboundPort, int adminPort, bool captureIptables)
    {
        kestrel.ListenMeshInbound(bind, inboundPort, listen =>
        {
            listeners.Tag(listen, SidecarListener.Inbound);
            if (captureIptables)
            {
                listen.Use(next => connection =>
                {
                    OriginalDestination.Capture(connection); // one getsockopt per connection, before TLS or HTTP
                    return next(connection);
                });
            }
        });

        kestrel.ListenHttp1AndH2c(IPAddress.Loopback, outboundPort, listen =>
        {
            listeners.Tag(listen, SidecarListener.Outbound);
            if (captureIptables)
            {
                listen.Use(listen.ApplicationServices.GetRequiredService<PassthroughHandler>().Wrap);
            }

            listen.Use(listen.ApplicationServices.GetRequiredService<ConnectTunnelHandler>().Wrap);
        });

        kestrel.Listen(IPAddress.IsLoopback(bind) ? IPAddress.Loopback : bind, adminPort, listen => listeners.Tag(listen, SidecarListener.Admin));
    }
}
