using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Sidecar.Listeners;

/// <summary>Which of the sidecar's listeners accepted a connection.</summary>
public enum SidecarListener
{
    Inbound,
    Outbound,
    Admin,
}

/// <summary>
/// The three Kestrel listeners on 127.0.0.1: inbound (traffic to the app), outbound (the app's HTTP_PROXY) and admin.
/// Each connection is tagged when accepted, so one pipeline branches on the listener and never mixes them up. What each
/// listener accepts is wired by <c>Hosting/SidecarKestrel</c>; this class only knows the listeners and their bound
/// addresses, so every folder that needs a port (registration, the app supervisor, the CONNECT resolver) reads it here
/// without depending on the host's wiring. The bound ports are known once the server has started.
/// </summary>
public sealed class SidecarListeners
{
    private const string ItemKey = "gatewaymesh.sidecar.listener";
    private readonly Dictionary<SidecarListener, ListenOptions> _listens = [];

    public Uri InboundUri => ToUri(SidecarListener.Inbound);

    public Uri OutboundUri => ToUri(SidecarListener.Outbound);

    public Uri AdminUri => ToUri(SidecarListener.Admin);

    internal static bool Is(HttpContext context, SidecarListener listener) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var value) == true
        && value is SidecarListener tagged && tagged == listener;

    /// <summary>Remembers <paramref name="listen"/> as <paramref name="listener"/> and tags each connection it accepts.</summary>
    internal void Tag(ListenOptions listen, SidecarListener listener)
    {
        _listens[listener] = listen;
        listen.Use(next => connection =>
        {
            connection.Items[ItemKey] = listener;
            return next(connection);
        });
    }

    private Uri ToUri(SidecarListener listener)
    {
        var endpoint = _listens.GetValueOrDefault(listener)?.IPEndPoint ?? throw new InvalidOperationException("The sidecar is not configured yet.");
        return new Uri($"http://{endpoint}");
    }
}
