using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Ca.Authority;

namespace GatewayMesh.Ca.Issuing;

/// <summary>A signed leaf: the certificate, its PEM, its serial (hex) and expiry.</summary>
public sealed record IssuedLeaf(X509Certificate2 Certificate, string Pem, string SerialNumber, DateTimeOffset NotAfter);

/// <summary>
/// Builds and signs leaf certificates: an empty subject with the names as a critical SAN, KeyUsage digitalSignature
/// (critical), EKU serverAuth and clientAuth, BasicConstraints CA:false, SKI and AKI, a random 128-bit serial, valid
/// from a minute ago (clock skew) for the TTL, never beyond the issuer's own validity.
/// </summary>
public static class LeafCertificateFactory
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private static readonly X509Extension KeyUsage = new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true);
    private static readonly X509Extension ExtendedKeyUsage = new X509EnhancedKeyUsageExtension(
        [new Oid("1.3.6.1.5.5.7.3.1", "serverAuth"), new Oid("1.3.6.1.5.5.7.3.2", "clientAuth")], critical: false);

    private static readonly X509Extension NotCa = new X509BasicConstraintsExtension(false, false, 0, critical: true);

    public static IssuedLeaf Issue(IssuingAuthority authority, PublicKey publicKey, X509Extension subjectAltName, TimeSpan ttl, DateTimeOffset now)
    {
        var request = new CertificateRequest(new X500DistinguishedName(""), publicKey, authority.Signer.Hash);
        request.CertificateExtensions.Add(NotCa);
        request.CertificateExtensions.Add(KeyUsage);
        request.CertificateExtensions.Add(ExtendedKeyUsage);
        request.CertificateExtensions.Add(subjectAltName);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, critical: false));
        request.CertificateExtensions.Add(authority.AuthorityKeyIdentifier);

        var notBefore = Max(now - ClockSkew, authority.SignerNotBefore);
        var notAfter = Min(now + ttl, authority.SignerNotAfter);
        var serial = SerialNumbers.Next();
        var certificate = request.Create(authority.Signer.Certificate.SubjectName, authority.Signer.Generator, notBefore, notAfter, serial);
        return new IssuedLeaf(certificate, certificate.ExportCertificatePem() + "\n", Convert.ToHexString(serial), TruncateToSeconds(notAfter));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
