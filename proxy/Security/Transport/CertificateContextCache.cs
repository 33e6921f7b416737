using System.Net.Security;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>
/// The <see cref="SslStreamCertificateContext"/> (leaf plus the intermediates sent with it) of the source's current
/// certificate, built once per rotation and reused by every handshake until the next one. Lock-free: a handshake that
/// races a rotation may build the context twice, which is harmless.
/// </summary>
internal sealed class CertificateContextCache
{
    private volatile Entry? _entry;

    public SslStreamCertificateContext For(WorkloadCertificate certificate)
    {
        var entry = _entry;
        if (entry is not null && ReferenceEquals(entry.Certificate, certificate))
        {
            return entry.Context;
        }

        var context = SslStreamCertificateContext.Create(certificate.Leaf, certificate.Intermediates, offline: true);
        _entry = new Entry(certificate, context);
        return context;
    }

    private sealed record Entry(WorkloadCertificate Certificate, SslStreamCertificateContext Context);
}
