using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Issuing;
using GatewayMesh.Ca.Settings;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Hosting;

/// <summary>
/// The CA's own HTTPS certificate, issued by itself: SAN DNS <c>localhost</c>, IP 127.0.0.1 and the CA's SPIFFE ID
/// (<c>spiffe://&lt;td&gt;/ns/istio-system/sa/gatewaymesh-ca</c>). Read on every handshake; reissued at half-life or
/// as soon as the signing root changes, so it never expires under a running CA.
/// </summary>
public sealed class ServingCertificate(AuthorityState authority, CaSettings settings, TimeProvider time, ILogger<ServingCertificate> logger)
{
    private readonly Lock _lock = new();
    private volatile Issued? _current;

    public SpiffeId Identity { get; } = new(settings.TrustDomain, "istio-system", "gatewaymesh-ca");

    public X509Certificate2 Certificate => CurrentIssued().Certificate;

    public SslStreamCertificateContext Context => CurrentIssued().Context;

    private Issued CurrentIssued()
    {
        var current = _current;
        var signer = authority.Current;
        if (current is not null && time.GetUtcNow() < current.RenewAt && ReferenceEquals(current.Authority, signer))
        {
            return current;
        }

        lock (_lock)
        {
            current = _current;
            if (current is not null && time.GetUtcNow() < current.RenewAt && ReferenceEquals(current.Authority, signer))
            {
                return current;
            }

            _current = Issue(signer);
            return _current;
        }
    }

    private Issued Issue(IssuingAuthority signer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        foreach (var name in settings.ServingDnsNames ?? [])
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddUri(Identity.ToUri());
        var now = time.GetUtcNow();
        var publicKey = new CertificateRequest("CN=gatewaymesh-ca", key, HashAlgorithmName.SHA256).PublicKey;
        var leaf = LeafCertificateFactory.Issue(signer, publicKey, names.Build(critical: true), settings.ServingCertificateLifetime, now);
        using var withKey = leaf.Certificate.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so the key is usable by the TLS stack independently of this method's key object.
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var context = SslStreamCertificateContext.Create(certificate, [.. signer.Intermediates], offline: true);
        Log.ServingCertificateIssued(logger, leaf.NotAfter);
        return new Issued(certificate, context, signer, now + ((leaf.NotAfter - now) / 2));
    }

    private sealed record Issued(X509Certificate2 Certificate, SslStreamCertificateContext Context, IssuingAuthority Authority, DateTimeOffset RenewAt);
}
