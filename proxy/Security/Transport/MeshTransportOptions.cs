using GatewayMesh.Core.Identity;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>Settings of the mesh's mutual TLS between proxies (<c>--trust-domain</c> on the ingress and sidecars).</summary>
public sealed record MeshTransportOptions
{
    /// <summary>The trust domain of the SPIFFE IDs this proxy expects from its peers.</summary>
    public string TrustDomain { get; init; } = SpiffeId.DefaultTrustDomain;

    /// <summary>Longest a TLS handshake on an inbound connection may take before the connection is closed.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
