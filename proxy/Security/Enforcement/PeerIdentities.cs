using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Security.Authorization;

namespace GatewayMesh.Proxy.Security.Enforcement;

/// <summary>
/// The peer identity of a client certificate, parsed once per certificate object (a connection keeps one object for
/// all its requests) and forgotten with it. The TLS listener has already verified the chain against the trust bundle;
/// this only reads the SPIFFE ID. A certificate without exactly one SPIFFE ID gives no identity.
/// </summary>
internal static class PeerIdentities
{
    private static readonly ConditionalWeakTable<X509Certificate2, Holder> Cache = [];

    public static PeerIdentity? Of(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        return Cache.GetValue(certificate, static c => new Holder(SpiffeId.FromCertificate(c) is { } id ? new PeerIdentity(id) : null)).Identity;
    }

    private sealed record Holder(PeerIdentity? Identity);
}
