using System.Net;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;

namespace GatewayMesh.Proxy.Security.Enforcement;

/// <summary>Builds the <see cref="AuthorizationRequest"/> of an HTTP request: connection facts, the mTLS peer, the normalized path.</summary>
internal static class AuthorizationRequestReader
{
    public static AuthorizationRequest Read(HttpContext context, AuthorizationEnforcementOptions options)
    {
        var request = context.Request;
        var connection = context.Connection;
        var peer = connection.RemoteIpAddress;
        var remote = options.RemoteIpFromForwardedFor ? FirstForwardedFor(request.Headers) ?? peer : peer;
        var sni = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
        return new AuthorizationRequest(
            request.Method,
            request.Host.Value ?? "",
            RequestPath.Normalize(request.Path.Value),
            DestinationPort(context, options),
            peer,
            remote,
            connection.LocalIpAddress,
            PeerIdentities.Of(connection.ClientCertificate),
            string.IsNullOrEmpty(sni) ? null : sni,
            new HttpRequestFields(request));
    }

    /// <summary>
    /// On a sidecar the workload port: the one a redirected connection was dialled on (<see cref="IDialledPortFeature"/>),
    /// else the workload's target port; on the ingress the listener's port.
    /// </summary>
    private static int DestinationPort(HttpContext context, AuthorizationEnforcementOptions options) =>
        options.TargetPort is { } target ? context.Features.Get<IDialledPortFeature>()?.Port ?? target : context.Connection.LocalPort;

    /// <summary>The leftmost address of X-Forwarded-For, or null when absent or not an address.</summary>
    private static IPAddress? FirstForwardedFor(IHeaderDictionary headers)
    {
        var value = headers["X-Forwarded-For"];
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            return null;
        }

        var first = value[0].AsSpan();
        var comma = first.IndexOf(',');
        var entry = (comma >= 0 ? first[..comma] : first).Trim();
        return IPAddress.TryParse(entry, out var address) ? address : null;
    }
}
