using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ca.Authority;

/// <summary>Creates a self-signed root: ECDSA P-256, 10 years, a CA that may only sign certificates and CRLs.</summary>
public static class RootCertificateFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3652);

    /// <summary>A new root and its folder name (<c>yyyyMMddTHHmmssZ-</c> plus 4 random hex digits).</summary>
    public static (string Id, X509Certificate2 Certificate, ECDsa Key) Create(string trustDomain, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var id = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN=GatewayMesh Root CA {id}, O={trustDomain}");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
        return (id, X509CertificateLoader.LoadCertificate(certificate.RawData), key);
    }
}
