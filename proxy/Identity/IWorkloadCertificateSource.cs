using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// The proxy's own workload certificate and the roots it trusts, as the certificate agent keeps them current.
/// The TLS listeners and the upstream client read <see cref="Current"/> on every handshake, so a rotated certificate
/// is used from the next handshake on without a reload and without touching open connections.
/// </summary>
public interface IWorkloadCertificateSource
{
    /// <summary>This proxy's identity.</summary>
    SpiffeId Identity { get; }

    /// <summary>The current certificate and trust bundle; null until the first certificate is issued.</summary>
    WorkloadCertificate? Current { get; }

    /// <summary>Fires when <see cref="Current"/> is replaced (rotation or a new trust bundle).</summary>
    IChangeToken GetChangeToken();
}

/// <summary>
/// One issued certificate: the leaf with its private key, the intermediates to send with it, and the trusted roots
/// (several during a root rotation). Immutable; a rotation replaces the whole object.
/// </summary>
public sealed record WorkloadCertificate(
    X509Certificate2 Leaf,
    X509Certificate2Collection Intermediates,
    X509Certificate2Collection TrustBundle)
{
    public DateTimeOffset NotBefore => Leaf.NotBefore.ToUniversalTime();

    public DateTimeOffset NotAfter => Leaf.NotAfter.ToUniversalTime();

    /// <summary>True when the leaf is outside its validity at <paramref name="now"/>: mTLS then fails closed.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= NotAfter || now < NotBefore;
}
