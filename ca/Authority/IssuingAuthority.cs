using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ca.Authority;

/// <summary>
/// One immutable view of the CA: the certificate and key that sign, the intermediates sent after each leaf (never a
/// self-signed root), and the trusted roots. A reload builds a new one and swaps it whole.
/// </summary>
public sealed class IssuingAuthority
{
    public IssuingAuthority(SigningKey signer, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> trustBundle, X509Certificate2 root)
    {
        Signer = signer;
        Intermediates = intermediates;
        TrustBundle = trustBundle;
        Root = root;
        IntermediatePems = [.. intermediates.Select(c => c.ExportCertificatePem() + "\n")];
        TrustBundlePems = [.. trustBundle.Select(c => c.ExportCertificatePem() + "\n")];
        TrustBundlePem = string.Concat(TrustBundlePems);
        TrustStore = [.. trustBundle];
        AuthorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer.Certificate, true, false);
        Fingerprint = string.Join(",", new[] { signer.Certificate }.Concat(intermediates).Concat(trustBundle).Select(c => c.Thumbprint));
    }

    public SigningKey Signer { get; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    public IReadOnlyList<string> IntermediatePems { get; }

    public IReadOnlyList<X509Certificate2> TrustBundle { get; }

    public IReadOnlyList<string> TrustBundlePems { get; }

    public string TrustBundlePem { get; }

    public X509Certificate2Collection TrustStore { get; }

    /// <summary>The root the signer chains to (the signer itself when it is a root).</summary>
    public X509Certificate2 Root { get; }

    public X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier { get; }

    /// <summary>Changes exactly when the signer, its chain or the trusted roots change.</summary>
    public string Fingerprint { get; }

    public DateTimeOffset SignerNotAfter => Signer.Certificate.NotAfter.ToUniversalTime();

    public DateTimeOffset SignerNotBefore => Signer.Certificate.NotBefore.ToUniversalTime();
}
