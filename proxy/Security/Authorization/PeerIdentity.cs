using GatewayMesh.Core.Identity;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// The authenticated peer of a connection, from its mTLS client certificate: the SPIFFE ID and the strings policies
/// match (<c>source.principal</c> in Istio's form, namespace, <c>ns/sa</c>). Built once per connection, not per request.
/// </summary>
public sealed class PeerIdentity
{
    public PeerIdentity(SpiffeId id)
    {
        Id = id;
        Principal = id.Principal;
        ServiceAccount = $"{id.Namespace}/{id.ServiceAccount}";
    }

    public SpiffeId Id { get; }

    /// <summary><c>cluster.local/ns/default/sa/productpage</c>.</summary>
    public string Principal { get; }

    public string Namespace => Id.Namespace;

    public string TrustDomain => Id.TrustDomain;

    /// <summary><c>&lt;namespace&gt;/&lt;service-account&gt;</c>, what <c>serviceAccounts</c> entries name.</summary>
    public string ServiceAccount { get; }
}
